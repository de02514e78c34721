import Foundation
import Hummingbird
import NIOCore

/// A `multipart/form-data` body, built in memory for small uploads.
struct MultipartBody {
    let boundary = "acervo-\(UUID().uuidString)"
    var bytes = Data()

    mutating func add(field: String, filename: String, type: String, extraHeaders: String = "", _ content: Data) {
        bytes.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(field)\"; filename=\"\(filename)\"\r\nContent-Type: \(type)\r\n\(extraHeaders)\r\n".utf8))
        bytes.append(content)
        bytes.append(Data("\r\n".utf8))
    }

    /// The body with its closing boundary.
    var finishedBytes: Data { bytes + Data("--\(boundary)--\r\n".utf8) }

    func finished() -> ByteBuffer { ByteBuffer(bytes: finishedBytes) }

    var contentType: String { "multipart/form-data; boundary=\(boundary)" }
    var headers: HTTPFields { [.contentType: contentType] }
}

/// The smallest valid PNG (1×1 pixel), varied by a text chunk so that each copy has its own hash.
func tinyPNG(_ tag: String) -> Data {
    func chunk(_ type: String, _ body: [UInt8]) -> [UInt8] {
        let typed = Array(type.utf8) + body
        var crc: UInt32 = 0xffff_ffff
        for byte in typed {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = (crc >> 1) ^ (crc & 1 == 1 ? 0xedb8_8320 : 0) }
        }
        crc ^= 0xffff_ffff
        let length = UInt32(body.count)
        return withUnsafeBytes(of: length.bigEndian, Array.init) + typed + withUnsafeBytes(of: crc.bigEndian, Array.init)
    }
    let header: [UInt8] = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]
    let ihdr = chunk("IHDR", [0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0])
    // zlib stream of one scanline: filter 0, one grey byte.
    let idat = chunk("IDAT", [0x78, 0x01, 0x01, 0x02, 0x00, 0xfd, 0xff, 0x00, 0x80, 0x00, 0x82, 0x00, 0x81])
    let text = chunk("tEXt", Array("Comment\u{0}\(tag)".utf8))
    return Data(header + ihdr + text + idat + chunk("IEND", []))
}
