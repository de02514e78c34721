import AcervoCore
import CLCMS
import Foundation

/// The sRGB ICC profile of the document's output intent, made by Little CMS.
///
/// It is written as an ICC version 2.1 profile: PDF/A-1 (PDF 1.4) takes profiles up to version 2.x
/// (Preflight refuses a newer one), and PDF/A-2 takes those too, so both parts carry the same bytes.
/// Version 2 has no parametric curves, so the sRGB transfer function is a table: Little CMS's own sRGB
/// profile samples it at 4096 points (8.8 KB, 8.5 KB deflated, in every document); this one at 1024, as
/// the ICC's own sRGB profiles do (2.7 KB), from the same primaries and D65 white point through Little
/// CMS's `cmsCreateRGBProfile`. Little CMS stamps a profile with the time it was made; the stamp is set
/// to a fixed date so that the same document always gives the same bytes.
enum SRGBProfile {
    /// Points of the sampled transfer curve.
    static let curvePoints = 1024

    static let bytes: Data? = {
        // IEC 61966-2-1: linear below 0.04045, then a 2.4 power.
        let table = (0..<curvePoints).map { i -> cmsUInt16Number in
            let x = Double(i) / Double(curvePoints - 1)
            let y = x <= 0.04045 ? x / 12.92 : pow((x + 0.055) / 1.055, 2.4)
            return cmsUInt16Number((y * 65535).rounded())
        }
        guard let curve = cmsBuildTabulatedToneCurve16(nil, cmsUInt32Number(curvePoints), table) else { return nil }
        defer { cmsFreeToneCurve(curve) }
        var white = cmsCIExyY(x: 0.3127, y: 0.3290, Y: 1.0)
        var primaries = cmsCIExyYTRIPLE(Red: cmsCIExyY(x: 0.64, y: 0.33, Y: 1.0), Green: cmsCIExyY(x: 0.30, y: 0.60, Y: 1.0),
                                        Blue: cmsCIExyY(x: 0.15, y: 0.06, Y: 1.0))
        var curves: [OpaquePointer?] = [curve, curve, curve]
        guard let profile = cmsCreateRGBProfile(&white, &primaries, &curves) else { return nil }
        defer { cmsCloseProfile(profile) }
        guard let description = cmsMLUalloc(nil, 1) else { return nil }
        defer { cmsMLUfree(description) }
        guard cmsMLUsetASCII(description, "en", "US", "sRGB IEC61966-2.1") != 0,
              cmsWriteTag(profile, cmsSigProfileDescriptionTag, UnsafeRawPointer(description)) != 0 else { return nil }
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
