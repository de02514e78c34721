import AcervoCore
import CQRencode
#if canImport(Glibc)
import Glibc
#endif

/// A QR code's modules, made by libqrencode: the square of dark and light cells a payload becomes.
struct QRSymbol: Sendable, Hashable {
    /// Modules on a side (21 for version 1, 4 more per version).
    let width: Int
    /// Row by row, `true` for a dark module.
    let dark: [Bool]

    /// The symbol of `text`, in byte mode, with error correction level M (15% of the symbol may be
    /// lost), in the smallest version that holds it.
    init(_ text: String) throws(AcervoError) {
        errno = 0
        guard let code = QRcode_encodeString8bit(text, 0, QR_ECLEVEL_M) else {
            let reason = errno == ERANGE ? "the text is too long for a QR code" : "error \(errno)"
            throw AcervoError(.library, english: "libqrencode could not make the QR code: \(reason)",
                              portuguese: "a libqrencode não conseguiu gerar o QR code")
        }
        defer { QRcode_free(code) }
        let width = Int(code.pointee.width)
        self.width = width
        // libqrencode's bytes carry flags in their upper bits; the lowest says whether the module is dark.
        dark = (0..<width * width).map { code.pointee.data[$0] & 1 == 1 }
    }

    /// The symbol as a 1-bit DeviceGray image (0 = black), `scale` pixels per module, with the four-module
    /// quiet zone the standard asks for around it. Rows are padded to whole bytes.
    func image(scale: Int) -> (side: Int, bytes: [UInt8]) {
        let quiet = 4
        let modules = width + 2 * quiet
        let side = modules * scale
        let rowBytes = (side + 7) / 8
        var bytes = [UInt8](repeating: 0xFF, count: rowBytes * side)
        for y in 0..<side {
            let my = y / scale - quiet
            guard my >= 0 && my < width else { continue }
            for x in 0..<side {
                let mx = x / scale - quiet
                guard mx >= 0 && mx < width, dark[my * width + mx] else { continue }
                bytes[y * rowBytes + x / 8] &= ~(0x80 >> UInt8(x % 8))
            }
        }
        return (side, bytes)
    }
}
