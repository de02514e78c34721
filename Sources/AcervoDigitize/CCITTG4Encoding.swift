import AcervoCore
import CTIFF
import Foundation

/// Encodes a bitonal raster as CCITT Group 4 with libtiff's own encoder: a single-strip TIFF is written
/// in memory, and its strip is the code stream a PDF's `/CCITTFaxDecode` filter reads (`/K -1`).
///
/// The raster's 1 bits (black) become black runs; PDF's default `/BlackIs1 false` then decodes black to
/// 0, which `/DeviceGray` shows as black.
enum CCITTG4Encoding {
    static func encode(_ raster: PageRaster) throws(AcervoError) -> Data {
        let file = MemoryTIFF()
        let messages = TIFFMessages()
        let options = messages.options(maxAllocation: 256 << 20)
        defer { TIFFOpenOptionsFree(options) }
        let handle = Unmanaged.passUnretained(file).toOpaque()
        let result: Data? = withExtendedLifetime(file) {
            // "w": write; "m": never map; "l": little-endian, so the bytes never depend on the machine.
            guard let tiff = TIFFClientOpenExt("page", "wml", handle, MemoryTIFF.read, MemoryTIFF.write,
                                               MemoryTIFF.seek, MemoryTIFF.close, MemoryTIFF.size,
                                               MemoryTIFF.map, MemoryTIFF.unmap, options) else { return nil }
            defer { TIFFClose(tiff) }
            func set(_ tag: Int32, _ value: any CVarArg) {
                _ = withVaList([value]) { TIFFVSetField(tiff, UInt32(tag), $0) }
            }
            set(TIFFTAG_IMAGEWIDTH, UInt32(raster.width))
            set(TIFFTAG_IMAGELENGTH, UInt32(raster.height))
            set(TIFFTAG_BITSPERSAMPLE, Int32(1))
            set(TIFFTAG_SAMPLESPERPIXEL, Int32(1))
            set(TIFFTAG_COMPRESSION, COMPRESSION_CCITTFAX4)
            set(TIFFTAG_PHOTOMETRIC, PHOTOMETRIC_MINISWHITE)
            set(TIFFTAG_FILLORDER, FILLORDER_MSB2LSB)
            set(TIFFTAG_PLANARCONFIG, PLANARCONFIG_CONTIG)
            set(TIFFTAG_ROWSPERSTRIP, UInt32(raster.height))
            var written = true
            raster.pixels.withUnsafeBytes { raw in
                guard let base = raw.baseAddress else { written = false; return }
                let row = UnsafeMutableRawPointer.allocate(byteCount: raster.bytesPerRow, alignment: 8)
                defer { row.deallocate() }
                for y in 0..<raster.height {
                    // libtiff may use the row as scratch space: hand it a copy.
                    row.copyMemory(from: base + y * raster.bytesPerRow, byteCount: raster.bytesPerRow)
                    if TIFFWriteScanline(tiff, row, UInt32(y), 0) != 1 { written = false; return }
                }
            }
            // The strip is complete once the encoder has flushed; the directory itself is never needed.
            guard written, TIFFFlushData(tiff) == 1 else { return nil }
            let offset = Int(TIFFGetStrileOffset(tiff, 0))
            let count = Int(TIFFGetStrileByteCount(tiff, 0))
            guard offset > 0, count > 0, offset + count <= file.bytes.count else { return nil }
            return file.bytes.subdata(in: offset..<offset + count)
        }
        guard let result else {
            throw AcervoError(.library, english: "libtiff could not encode page \(raster.page.number) as CCITT G4: \(messages.first)",
                              portuguese: "o libtiff não conseguiu codificar a página \(raster.page.number) em CCITT G4: \(messages.first)")
        }
        return result
    }
}

/// A TIFF file in memory, for libtiff's client I/O.
private final class MemoryTIFF {
    var bytes = Data()
    var position = 0

    static func file(_ handle: thandle_t?) -> MemoryTIFF {
        Unmanaged<MemoryTIFF>.fromOpaque(UnsafeRawPointer(handle!)).takeUnretainedValue()
    }

    static let read: TIFFReadWriteProc = { handle, buffer, size in
        let file = MemoryTIFF.file(handle)
        let count = max(0, min(Int(size), file.bytes.count - file.position))
        if count > 0, let buffer {
            file.bytes.withUnsafeBytes { raw in
                buffer.copyMemory(from: raw.baseAddress! + file.position, byteCount: count)
            }
        }
        file.position += count
        return tmsize_t(count)
    }

    static let write: TIFFReadWriteProc = { handle, buffer, size in
        let file = MemoryTIFF.file(handle)
        let count = Int(size)
        guard let buffer, count >= 0 else { return 0 }
        let end = file.position + count
        if end > file.bytes.count { file.bytes.append(Data(count: end - file.bytes.count)) }
        file.bytes.withUnsafeMutableBytes { raw in
            (raw.baseAddress! + file.position).copyMemory(from: buffer, byteCount: count)
        }
        file.position = end
        return tmsize_t(count)
    }

    static let seek: TIFFSeekProc = { handle, offset, whence in
        let file = MemoryTIFF.file(handle)
        let base: Int
        switch whence {
        case SEEK_CUR: base = file.position
        case SEEK_END: base = file.bytes.count
        default: base = 0
        }
        let target = base + Int(Int64(bitPattern: offset))
        guard target >= 0 else { return toff_t(UInt64.max) }
        file.position = target
        return toff_t(target)
    }

    static let close: TIFFCloseProc = { _ in 0 }
    static let size: TIFFSizeProc = { handle in toff_t(MemoryTIFF.file(handle).bytes.count) }
    static let map: TIFFMapFileProc = { _, _, _ in 0 }
    static let unmap: TIFFUnmapFileProc = { _, _, _ in }
}
