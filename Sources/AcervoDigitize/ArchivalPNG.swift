public import AcervoCore
public import Foundation
import CAcervoDigitize

/// The archival image of a `foto` or `planta` document (Decreto 10.278, Anexo I): a lossless PNG of the
/// page's pixels as scanned, at the scanned resolution (pHYs), with the document's XMP metadata in an
/// `XML:com.adobe.xmp` iTXt chunk.
///
/// Bitonal pages stay one bit per pixel, greyscale eight, colour 8-bit RGB tagged sRGB. Nothing is
/// resampled or cleaned.
public enum ArchivalPNG {
    /// Writes `raster` with `xmp` to `destination`, whole or not at all (see ``DocumentOutput``).
    public static func write(_ raster: PageRaster, xmp: String, to destination: URL) throws(AcervoError) {
        guard raster.width > 0, raster.height > 0, raster.width <= Int(UInt32.max), raster.height <= Int(UInt32.max),
              raster.bytesPerRow >= PageRaster.tightBytesPerRow(width: raster.width, colour: raster.colour),
              raster.pixels.count >= raster.bytesPerRow * raster.height else {
            throw AcervoError(.library, english: "page \(raster.page.number): the raster does not match its size",
                              portuguese: "página \(raster.page.number): a imagem não corresponde ao seu tamanho")
        }
        let colour: Int32 = switch raster.colour {
        case .bitonal: Int32(CAcervoDigitize_bitonal)
        case .greyscale: Int32(CAcervoDigitize_greyscale)
        case .rgb: Int32(CAcervoDigitize_rgb)
        }
        // pHYs holds pixels per metre; a page without a resolution has none to state (the gate refused it
        // unless the operator gave one, which ScannedPage then carries).
        let perMetreX = UInt32(((raster.page.dpiX ?? 0) / 0.0254).rounded())
        let perMetreY = UInt32(((raster.page.dpiY ?? 0) / 0.0254).rounded())
        // NUL-terminated: libpng measures an iTXt text with strlen, whatever itxt_length says.
        let xmpBytes = Array(xmp.utf8) + [0]
        try DocumentOutput.write(to: destination) { (fd: Int32) throws(AcervoError) in
            var message = [CChar](repeating: 0, count: 256)
            let status = raster.pixels.withUnsafeBytes { pixels in
                xmpBytes.withUnsafeBufferPointer { xmpBuffer in
                    xmpBuffer.withMemoryRebound(to: CChar.self) { xmpChars in
                        CAcervoDigitize_png_write_page(
                            fd, pixels.bindMemory(to: UInt8.self).baseAddress, raster.bytesPerRow,
                            UInt32(raster.width), UInt32(raster.height), colour, perMetreX, perMetreY,
                            xmpChars.baseAddress, xmpChars.count - 1, &message, message.count)
                    }
                }
            }
            guard status == 0 else {
                let detail = String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
                throw AcervoError(.io, english: "\(destination.path): cannot write the PNG: \(detail)",
                                  portuguese: "\(destination.path): não foi possível gravar o PNG: \(detail)",
                                  path: destination.path)
            }
        }
    }
}
