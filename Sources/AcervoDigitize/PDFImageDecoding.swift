import AcervoCore
import Foundation

/// A scanned PDF page's image decoded to the page's raster: qpdf for the lossless general filters,
/// libtiff for CCITT, jbig2dec for JBIG2, Acervo's JPEG decoder for DCT (the JPEG kept as stored).
enum PDFImageDecoding {
    static func image(_ image: PDFPageImage, page: ScannedPage, limits: PageLimits) throws(PageRefusal) -> DecodedPage {
        let file = image.stream.file
        switch image.coding {
        case .samples:
            // Rows as stored, plus a predictor's tag byte a row, and room for a padded last block.
            let stride = (image.width * image.components * image.bitsPerComponent + 7) / 8
            guard let data = try file.decodedData(image.stream, limit: (stride + 1) * image.height + 4096) else {
                throw .unsupported("qpdf cannot decode the image's filters", "o qpdf não decodifica os filtros da imagem")
            }
            return DecodedPage(raster: try raster(samples: data, image, page: page))
        case .ccitt(let parameters):
            guard let data = try file.streamData(image.stream, decoded: false) else { throw .unreadable("no image data", "sem dados de imagem") }
            guard parameters.columns == image.width else {
                throw .unsupported("CCITT /Columns \(parameters.columns) for an image \(image.width) wide",
                                   "CCITT /Columns \(parameters.columns) para uma imagem de \(image.width) de largura")
            }
            var bits = try CCITTDecoding.decode([UInt8](data), parameters: parameters, width: image.width, height: image.height)
            // libtiff gives 1 for black; the filter's output has 0 for black unless /BlackIs1.
            if !parameters.blackIs1 { invert(&bits) }
            return DecodedPage(raster: try raster(samples: Data(bits), image, page: page))
        case .jbig2(let globalsStream):
            guard let data = try file.streamData(image.stream, decoded: false) else { throw .unreadable("no image data", "sem dados de imagem") }
            var globals: [UInt8]?
            if let globalsStream {
                guard let decoded = try file.decodedData(globalsStream, limit: PDFFile.contentLimit) else {
                    throw .unsupported("qpdf cannot decode the /JBIG2Globals stream's filters",
                                       "o qpdf não decodifica os filtros do fluxo /JBIG2Globals")
                }
                globals = [UInt8](decoded)
            }
            var bits = try JBIG2Decoding.decode([UInt8](data), globals: globals, width: image.width, height: image.height)
            // jbig2dec gives 1 for black; PDF's JBIG2 filter gives 0 for black.
            invert(&bits)
            // The stream is kept as stored only where it means what the archived image says, 0 for black:
            // plain grey or a stencil mask. A /Decode that swaps black and white, or an indexed table
            // (which may map 0 to white), would need the source's dictionary too; those pages go as G4.
            let plain: Bool
            switch image.colour {
            case .grey, .mask: plain = !image.inverted
            case .indexed, .rgb: plain = false
            }
            let captured = plain ? CapturedJBIG2(data: data, globals: globals.map { Data($0) }) : nil
            return DecodedPage(raster: try raster(samples: Data(bits), image, page: page), capturedJBIG2: captured)
        case .jpeg:
            guard let jpeg = try file.streamData(image.stream, decoded: false) else { throw .unreadable("no image data", "sem dados de imagem") }
            let scratch = try ScratchFile()
            let wrote = jpeg.withUnsafeBytes { bytes in Result { () throws(PageRefusal) in try scratch.write(bytes) } }
            try wrote.get()
            let samples = try ImageFileDecoding.decode(path: scratch.path, jpeg: true, limits: limits, bitonal: false)
            guard samples.width == image.width, samples.height == image.height else {
                throw .unreadable("the JPEG is \(samples.width) × \(samples.height) px, the PDF says \(image.width) × \(image.height)",
                                  "o JPEG tem \(samples.width) × \(samples.height) px, o PDF diz \(image.width) × \(image.height)")
            }
            guard samples.channels == image.components else {
                throw .unsupported("a JPEG of \(samples.channels) components in a space of \(image.components)",
                                   "um JPEG de \(samples.channels) componentes num espaço de \(image.components)")
            }
            return DecodedPage(raster: RasterPacking.raster(samples, colour: page.colour, page: page), capturedJPEG: jpeg)
        }
    }

    static func invert(_ bytes: inout [UInt8]) {
        bytes.withUnsafeMutableBufferPointer { b in for i in b.indices { b[i] = ~b[i] } }
    }

    /// The image's samples (rows byte-aligned, as PDF stores them once decoded) as the page's raster.
    static func raster(samples: Data, _ image: PDFPageImage, page: ScannedPage) throws(PageRefusal) -> PageRaster {
        let width = image.width, height = image.height, bits = image.bitsPerComponent
        let stride = (width * image.components * bits + 7) / 8
        guard samples.count >= stride * height else {
            throw .unreadable("the image data ends after \(samples.count) of \(stride * height) bytes",
                              "os dados da imagem terminam após \(samples.count) de \(stride * height) bytes")
        }
        // One bit of grey (or a mask): the raster's bits, 1 for black, from the samples' black value.
        if bits == 1, page.colour == .bitonal, !isIndexed(image) {
            // A 0 sample is black (grey 0, or the mask painted) unless /Decode swaps it.
            let blackIsOne = image.inverted
            var packed = [UInt8](repeating: 0, count: stride * height)
            let tail: UInt8 = width % 8 == 0 ? 0xFF : ~(0xFF >> UInt8(width % 8))
            samples.withUnsafeBytes { raw in
                let s = raw.bindMemory(to: UInt8.self)
                packed.withUnsafeMutableBufferPointer { out in
                    for y in 0..<height {
                        for i in 0..<stride {
                            let v = blackIsOne ? s[y * stride + i] : ~s[y * stride + i]
                            out[y * stride + i] = i == stride - 1 ? v & tail : v
                        }
                    }
                }
            }
            return PageRaster(page: page, width: width, height: height, colour: .bitonal, pixels: Data(packed))
        }
        let channels = image.components
        // 8-bit grey or RGB as stored: the samples are the raster.
        if bits == 8, !image.inverted, !isIndexed(image), page.colour != .bitonal {
            return PageRaster(page: page, width: width, height: height, colour: channels == 3 ? .rgb : .greyscale,
                              pixels: samples.count == stride * height ? samples : samples.prefix(stride * height))
        }
        // Everything else through 8-bit samples: expanded from 1, 2 or 4 bits, looked up in a table.
        let maximum = (1 << bits) - 1
        var expanded = [UInt8](repeating: 0, count: width * height * channels)
        samples.withUnsafeBytes { raw in
            let s = raw.bindMemory(to: UInt8.self)
            expanded.withUnsafeMutableBufferPointer { out in
                for y in 0..<height {
                    let row = y * stride
                    for i in 0..<(width * channels) {
                        let v: Int
                        if bits == 8 {
                            v = Int(s[row + i])
                        } else {
                            let bit = i * bits
                            v = Int(s[row + bit >> 3] >> UInt8(8 - bits - bit & 7)) & maximum
                        }
                        out[y * width * channels + i] = UInt8(truncatingIfNeeded: v)
                    }
                }
            }
        }
        let result: ImageFileDecoding.Samples
        switch image.colour {
        case .indexed(let baseComponents, let table):
            let count = width * height
            let entries = table.count / baseComponents
            var looked = [UInt8](repeating: 0, count: count * baseComponents)
            expanded.withUnsafeBufferPointer { s in
                table.withUnsafeBufferPointer { t in
                    looked.withUnsafeMutableBufferPointer { out in
                        for i in 0..<count {
                            let index = min(Int(s[i]), entries - 1)
                            for c in 0..<baseComponents { out[i * baseComponents + c] = t[index * baseComponents + c] }
                        }
                    }
                }
            }
            result = ImageFileDecoding.Samples(width: width, height: height, channels: baseComponents, bytes: Data(looked))
        default:
            if bits != 8 || image.inverted {
                expanded.withUnsafeMutableBufferPointer { e in
                    for i in e.indices {
                        let v = Int(e[i]) * 255 / maximum
                        e[i] = UInt8(image.inverted ? 255 - v : v)
                    }
                }
            }
            result = ImageFileDecoding.Samples(width: width, height: height, channels: channels, bytes: Data(expanded))
        }
        return RasterPacking.raster(result, colour: page.colour, page: page)
    }

    static func isIndexed(_ image: PDFPageImage) -> Bool {
        if case .indexed = image.colour { true } else { false }
    }
}
