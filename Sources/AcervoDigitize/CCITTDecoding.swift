import AcervoCore
import CTIFF
#if canImport(Glibc)
import Glibc
#endif

/// Decodes a PDF's CCITT fax image with libtiff's own codec: the data is wrapped, as it is, in a
/// one-strip TIFF (made by libtiff in a scratch file) whose tags say what the PDF's parameters say,
/// then read back a row at a time. Nothing here decodes fax codes by hand.
enum CCITTDecoding {
    /// The image's rows, a bit a pixel, most significant first, 1 for black (as CCITT codes black runs).
    static func decode(_ data: [UInt8], parameters: CCITTParameters, width: Int, height: Int) throws(PageRefusal) -> [UInt8] {
        let scheme: Int32
        var t4Options: UInt32 = 0
        if parameters.k < 0 {
            guard !parameters.encodedByteAlign else { throw .unsupported("Group 4 fax data with byte-aligned rows", "dados de fax do Grupo 4 com linhas alinhadas a bytes") }
            scheme = COMPRESSION_CCITTFAX4
        } else if parameters.k == 0, parameters.encodedByteAlign, !parameters.endOfLine {
            // Modified Huffman rows, each starting on a byte, without end-of-line codes: TIFF's CCITT RLE.
            scheme = COMPRESSION_CCITTRLE
        } else {
            scheme = COMPRESSION_CCITTFAX3
            if parameters.k > 0 { t4Options |= UInt32(GROUP3OPT_2DENCODING) }
            if parameters.encodedByteAlign { t4Options |= UInt32(GROUP3OPT_FILLBITS) }
        }
        let rows = min(parameters.rows, height)
        let scratch = try ScratchFile()
        let messages = TIFFMessages()
        let options = messages.options(maxAllocation: 64 << 20)
        defer { TIFFOpenOptionsFree(options) }

        // Write: the tags, and the fax data as the one raw strip. Writing bytes as they are into a scratch
        // file fails only when the machine does (no space, no descriptors): an operational error.
        func cannotWrite(_ code: Int32) -> PageRefusal {
            .operational(.io(.write, path: "\(scratch.directory)/acervo-page-…", errno: code == 0 ? EIO : code))
        }
        let copy = dup(scratch.descriptor)
        guard copy >= 0 else { throw cannotWrite(errno) }
        guard let writer = TIFFFdOpenExt(copy, "ccitt", "w", options) else {
            let code = errno
            close(copy)
            throw cannotWrite(code)
        }
        set(writer, TIFFTAG_IMAGEWIDTH, UInt32(width))
        set(writer, TIFFTAG_IMAGELENGTH, UInt32(rows))
        set(writer, TIFFTAG_BITSPERSAMPLE, Int32(1))
        set(writer, TIFFTAG_SAMPLESPERPIXEL, Int32(1))
        set(writer, TIFFTAG_COMPRESSION, scheme)
        set(writer, TIFFTAG_PHOTOMETRIC, PHOTOMETRIC_MINISWHITE)
        set(writer, TIFFTAG_FILLORDER, FILLORDER_MSB2LSB)
        set(writer, TIFFTAG_ROWSPERSTRIP, UInt32(rows))
        set(writer, TIFFTAG_PLANARCONFIG, PLANARCONFIG_CONTIG)
        if scheme == COMPRESSION_CCITTFAX3 { set(writer, TIFFTAG_GROUP3OPTIONS, t4Options) }
        let wrote = data.withUnsafeBytes { TIFFWriteRawStrip(writer, 0, UnsafeMutableRawPointer(mutating: $0.baseAddress), tmsize_t($0.count)) }
        let written = wrote >= 0 && TIFFWriteDirectory(writer) == 1
        let code = errno
        TIFFClose(writer)
        guard written else { throw cannotWrite(code) }

        // Read the rows back through libtiff's decoder, from the start (libtiff reads the header where the
        // descriptor stands, and the writer left it at the end).
        _ = lseek(scratch.descriptor, 0, SEEK_SET)
        let readCopy = dup(scratch.descriptor)
        guard readCopy >= 0 else { throw .operational(.io(.open, path: "\(scratch.directory)/acervo-page-…", errno: errno)) }
        guard let reader = TIFFFdOpenExt(readCopy, "ccitt", "rm", options) else {
            close(readCopy)
            throw .unreadable("cannot read the fax data: \(messages.first)", "não foi possível ler os dados de fax: \(messages.first)")
        }
        defer { TIFFClose(reader) }
        let stride = (width + 7) / 8
        var bits = [UInt8](repeating: 0, count: stride * height)
        let failed = bits.withUnsafeMutableBytes { out -> Bool in
            for y in 0..<rows where TIFFReadScanline(reader, out.baseAddress! + y * stride, UInt32(y), 0) != 1 {
                return true
            }
            return false
        }
        if failed || !messages.errors.isEmpty {
            throw .unreadable("the fax data cannot be decoded: \(messages.first.isEmpty ? "broken" : messages.first)",
                              "os dados de fax não podem ser decodificados: \(messages.first.isEmpty ? "danificados" : messages.first)")
        }
        if rows < height { throw .unreadable("the fax data holds \(rows) of \(height) rows", "os dados de fax têm \(rows) de \(height) linhas") }
        return bits
    }

    private static func set(_ tiff: OpaquePointer, _ tag: Int32, _ value: any CVarArg) {
        _ = withVaList([value]) { TIFFVSetField(tiff, UInt32(tag), $0) }
    }
}
