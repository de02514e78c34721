public import AcervoCore
import COpenSSL
public import Foundation

/// A page's image encoded for the PDF, losslessly: what goes into its image XObject.
///
/// Encoding is the costly part of writing a page and needs nothing but the raster, so pages can be
/// encoded in parallel (``encode(_:sourceJPEG:)`` is a pure function) and handed to ``PDFAWriter`` in
/// order.
public struct PageImage: Sendable, Hashable {
    /// How the pixels are encoded in the PDF.
    public enum Encoding: String, Sendable, Hashable {
        /// CCITT Group 4 (`/CCITTFaxDecode /K -1`): bitonal pages.
        case ccittG4 = "ccitt-g4"
        /// zlib with the PNG Up predictor (`/FlateDecode`): greyscale and colour pages.
        case flate
        /// The scanner's own JPEG bytes, untouched (`/DCTDecode`): pages captured as JPEG.
        case jpeg
        /// The scanner software's own JBIG2 stream, untouched (`/JBIG2Decode`), with its shared symbols
        /// in ``PageImage/jbig2Globals``: bitonal PDF pages stored in JBIG2.
        case jbig2
    }

    /// The page it shows (number, resolution, orientation).
    public var page: ScannedPage
    /// Width in pixels.
    public var width: Int
    /// Height in pixels.
    public var height: Int
    /// The colour of its pixels.
    public var colour: PageColour
    /// How ``data`` is encoded.
    public var encoding: Encoding
    /// The image stream's bytes, encoded as ``encoding`` says.
    public var data: Data
    /// For a JBIG2 image, the symbols it shares with other pages (its `/JBIG2Globals` stream); `nil`
    /// otherwise.
    public var jbig2Globals: Data?

    /// The SHA-256 of ``data`` in lowercase hex: the "hash da imagem" of Anexo II, which anyone can check
    /// against the image stream's raw bytes in the PDF. (A JBIG2 page's shared symbols are a stream of
    /// their own, covered, like everything in the file, by the signature.)
    public var sha256: String {
        var digest = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        data.withUnsafeBytes { raw in
            _ = EVP_Digest(raw.baseAddress, raw.count, &digest, &length, EVP_sha256(), nil)
        }
        return digest.map { String(format: "%02x", $0) }.joined()
    }

    /// Encodes a raster without loss: bitonal pages as CCITT G4, greyscale and colour with Flate. When
    /// `sourceJPEG` is given (the page was captured as JPEG) and is a baseline or progressive 8-bit JPEG
    /// of the raster's size and colour, its bytes are kept untouched instead: re-encoding a lossy capture
    /// would add nothing but size. A JPEG that does not match is ignored and the raster is used. So is
    /// `sourceJBIG2`, a bitonal page's JBIG2 stream as the scanned PDF held it, which `raster` was
    /// decoded from (``DecodedPage/capturedJBIG2``).
    public static func encode(_ raster: PageRaster, sourceJPEG: Data? = nil,
                              sourceJBIG2: CapturedJBIG2? = nil) throws(AcervoError) -> PageImage {
        let expected = PageRaster.tightBytesPerRow(width: raster.width, colour: raster.colour)
        guard raster.width > 0, raster.height > 0, raster.bytesPerRow >= expected,
              raster.pixels.count >= raster.bytesPerRow * raster.height else {
            throw AcervoError(.invalidArgument,
                              english: "page \(raster.page.number): the raster holds fewer bytes than its size needs",
                              portuguese: "página \(raster.page.number): a imagem tem menos bytes do que seu tamanho exige")
        }
        func image(_ encoding: Encoding, _ data: Data) -> PageImage {
            PageImage(page: raster.page, width: raster.width, height: raster.height, colour: raster.colour,
                      encoding: encoding, data: data)
        }
        if let sourceJPEG, raster.colour != .bitonal,
           let frame = JPEGFrame(sourceJPEG), frame.width == raster.width, frame.height == raster.height,
           frame.components == (raster.colour == .rgb ? 3 : 1) {
            return image(.jpeg, sourceJPEG)
        }
        if let sourceJBIG2, raster.colour == .bitonal, !sourceJBIG2.data.isEmpty {
            var kept = image(.jbig2, sourceJBIG2.data)
            kept.jbig2Globals = sourceJBIG2.globals
            return kept
        }
        switch raster.colour {
        case .bitonal: return image(.ccittG4, try CCITTG4Encoding.encode(raster))
        case .greyscale, .rgb: return image(.flate, try FlateEncoding.encodeRows(raster))
        }
    }

    /// Makes an image from bytes already encoded; ``encode(_:sourceJPEG:)`` is how pages are made.
    init(page: ScannedPage, width: Int, height: Int, colour: PageColour, encoding: Encoding, data: Data) {
        self.page = page
        self.width = width
        self.height = height
        self.colour = colour
        self.encoding = encoding
        self.data = data
    }

    /// The image XObject's filter, decode parameters and colour space, in PDF syntax.
    var filter: (name: String, parameters: String?) {
        switch encoding {
        case .ccittG4: ("/CCITTFaxDecode", "<< /K -1 /Columns \(width) /Rows \(height) >>")
        case .flate: ("/FlateDecode", "<< /Predictor 12 /Colors \(colour == .rgb ? 3 : 1) /BitsPerComponent 8 /Columns \(width) >>")
        case .jpeg: ("/DCTDecode", nil)
        case .jbig2: ("/JBIG2Decode", nil)  // the writer adds /JBIG2Globals, an indirect stream
        }
    }

    var colourSpace: String { colour == .rgb ? "/DeviceRGB" : "/DeviceGray" }
    var bitsPerComponent: Int { colour == .bitonal ? 1 : 8 }
}

/// The frame header of a JPEG, for checking that the bytes a caller gives are the page's: the start of
/// frame's size and components. Only the frames a PDF's `/DCTDecode` reads (baseline, extended and
/// progressive Huffman, 8-bit) are taken.
struct JPEGFrame {
    var width: Int
    var height: Int
    var components: Int

    init?(_ data: Data) {
        let bytes = [UInt8](data.prefix(1 << 20))
        guard bytes.count > 4, bytes[0] == 0xFF, bytes[1] == 0xD8 else { return nil }
        var i = 2
        while i + 9 < bytes.count {
            guard bytes[i] == 0xFF else { return nil }
            let marker = bytes[i + 1]
            if marker == 0xFF { i += 1; continue }
            let length = Int(bytes[i + 2]) << 8 | Int(bytes[i + 3])
            switch marker {
            case 0xC0, 0xC1, 0xC2:
                guard bytes[i + 4] == 8 else { return nil }
                height = Int(bytes[i + 5]) << 8 | Int(bytes[i + 6])
                width = Int(bytes[i + 7]) << 8 | Int(bytes[i + 8])
                components = Int(bytes[i + 9])
                return
            case 0xC3, 0xC5...0xC7, 0xC9...0xCB, 0xCD...0xCF, 0xD9, 0xDA:
                return nil  // lossless, hierarchical or arithmetic coding, or no frame before the scan
            default:
                guard length >= 2 else { return nil }
                i += 2 + length
            }
        }
        return nil
    }
}
