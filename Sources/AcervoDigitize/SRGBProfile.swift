import AcervoCore
import CLCMS
import Foundation

/// The sRGB ICC profile of the document's output intent, made by Little CMS.
///
/// It is written as an ICC version 2.1 profile: PDF/A-1 (PDF 1.4) takes profiles up to version 2.x
/// (Preflight refuses a newer one), and PDF/A-2 takes those too, so both parts carry the same bytes.
/// Little CMS stamps a profile with the time it was made; the stamp is set to a fixed date so that the
/// same document always gives the same bytes.
enum SRGBProfile {
    static let bytes: Data? = {
        guard let profile = cmsCreate_sRGBProfile() else { return nil }
        defer { cmsCloseProfile(profile) }
        cmsSetProfileVersion(profile, 2.1)
        var length: cmsUInt32Number = 0
        guard cmsSaveProfileToMem(profile, nil, &length) != 0, length > 128 else { return nil }
        var bytes = [UInt8](repeating: 0, count: Int(length))
        guard cmsSaveProfileToMem(profile, &bytes, &length) != 0 else { return nil }
        // Header bytes 24-35: the creation date and time, six big-endian 16-bit numbers.
        let stamp: [UInt16] = [2020, 3, 18, 0, 0, 0]  // the day Decreto 10.278 was signed: any fixed date would do
        for (i, value) in stamp.enumerated() {
            bytes[24 + 2 * i] = UInt8(value >> 8)
            bytes[25 + 2 * i] = UInt8(value & 0xFF)
        }
        return Data(bytes)
    }()

    static func profile() throws(AcervoError) -> Data {
        guard let bytes else {
            throw AcervoError(.library, english: "Little CMS could not make the sRGB profile",
                              portuguese: "o Little CMS não conseguiu gerar o perfil sRGB")
        }
        return bytes
    }
}
