import AcervoCore
import COpenSSL
import Foundation

extension ArchivalPNG {
    /// The "hash da imagem" of Anexo II for a PNG document: the SHA-256, in lowercase hex, of the image's
    /// rows as the PNG holds them before filtering (8-bit grey or RGB samples; one bit a pixel with
    /// 0 = black for bitonal pages), row after row. A PNG cannot carry its own file's hash; this one
    /// anyone can check by decoding the PNG.
    public static func imageHash(_ raster: PageRaster) -> String {
        let rowBytes = PageRaster.tightBytesPerRow(width: raster.width, colour: raster.colour)
        let context = EVP_MD_CTX_new()
        defer { EVP_MD_CTX_free(context) }
        EVP_DigestInit_ex(context, EVP_sha256(), nil)
        var row = [UInt8](repeating: 0, count: rowBytes)
        raster.pixels.withUnsafeBytes { pixels in
            for y in 0..<raster.height {
                let start = pixels.baseAddress! + y * raster.bytesPerRow
                for i in 0..<rowBytes {
                    let byte = start.load(fromByteOffset: i, as: UInt8.self)
                    row[i] = raster.colour == .bitonal ? ~byte : byte
                }
                EVP_DigestUpdate(context, row, rowBytes)
            }
        }
        var digest = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        EVP_DigestFinal_ex(context, &digest, &length)
        return digest.map { String(format: "%02x", $0) }.joined()
    }
}
