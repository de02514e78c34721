import Foundation
import CZlib

/// Small, valid images built byte by byte, so tests need no fixtures to make a point.
enum TinyImages {
    /// A 2×2 RGB PNG with correct CRCs.
    static let png: Data = {
        var d = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        d += chunk("IHDR", [0, 0, 0, 2, 0, 0, 0, 2, 8, 2, 0, 0, 0])
        let raw: [UInt8] = [0, 255, 0, 0, 0, 255, 0, 0, 0, 0, 255, 255, 255, 255]
        d += chunk("IDAT", deflate(raw))
        d += chunk("IEND", [])
        return d
    }()

    /// The same PNG with its IHDR checksum broken.
    static let pngWithBadCRC: Data = {
        var d = png
        d[8 + 8 + 13] ^= 0xFF
        return d
    }()

    /// A 2×2 PNG whose chunks and CRCs are all correct but whose IDAT is not a zlib stream: it passes
    /// identification and fails decoding.
    static let pngWithBrokenPixels: Data = {
        var d = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        d += chunk("IHDR", [0, 0, 0, 2, 0, 0, 0, 2, 8, 2, 0, 0, 0])
        d += chunk("IDAT", Array("not a deflate stream at all".utf8))
        d += chunk("IEND", [])
        return d
    }()

    static func chunk(_ type: String, _ body: [UInt8]) -> Data {
        var d = Data()
        let len = UInt32(body.count).bigEndian
        withUnsafeBytes(of: len) { d += $0 }
        let typeBytes = Array(type.utf8)
        d += typeBytes
        d += body
        let crc = UInt32(crc32(crc32(0, typeBytes, UInt32(typeBytes.count)), body, UInt32(body.count))).bigEndian
        withUnsafeBytes(of: crc) { d += $0 }
        return d
    }

    static func deflate(_ bytes: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: Int(compressBound(UInt(bytes.count))))
        var length = UInt(out.count)
        _ = compress(&out, &length, bytes, UInt(bytes.count))
        return Array(out.prefix(Int(length)))
    }
}

/// Small documents built as text.
enum TinyDocuments {
    /// A one-page PDF whose /OpenAction runs JavaScript.
    static let pdfWithJavaScript: Data = pdf(catalogExtra: "/OpenAction << /S /JavaScript /JS (app.alert\\('oi'\\)) >>")

    /// An RTF letter.
    static let rtf = Data("{\\rtf1\\ansi\\deff0 {\\fonttbl {\\f0 Times;}} Contrato de presta\\'e7\\'e3o de servi\\'e7os.\\par }\n".utf8)

    /// A minimal PDF with a correct xref table.
    static func pdf(catalogExtra: String = "") -> Data {
        var body = "%PDF-1.4\n%\u{E2}\u{E3}\u{CF}\u{D3}\n"
        var offsets: [Int] = []
        let objects = [
            "<< /Type /Catalog /Pages 2 0 R \(catalogExtra) >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
        ]
        for (i, object) in objects.enumerated() {
            offsets.append(body.utf8.count)
            body += "\(i + 1) 0 obj\n\(object)\nendobj\n"
        }
        let xref = body.utf8.count
        body += "xref\n0 \(objects.count + 1)\n0000000000 65535 f \n"
        for o in offsets { body += String(format: "%010d 00000 n \n", o) }
        body += "trailer\n<< /Size \(objects.count + 1) /Root 1 0 R >>\nstartxref\n\(xref)\n%%EOF\n"
        return Data(body.utf8)
    }
}
