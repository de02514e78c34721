import AcervoCore
import AcervoSystem
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Bounded random access to the bytes being identified, from a file descriptor or from memory.
///
/// Reads never go past the size measured at open, so a length field in the content can never make
/// a check read more than the file holds. The first bytes (the head) are read once and shared by
/// libmagic and every sniffer; other ranges go through one reusable window, so a check that walks a
/// 2 GB video touches a few headers, not the payload.
/// The head and window buffers a worker's readers reuse, file after file: allocating them per file cost
/// more (fresh pages to fault in and zero) than reading a small file.
final class ReadBuffers {
    let head = UnsafeMutableRawBufferPointer.allocate(byteCount: ContentReader.headCapacity, alignment: 16)
    let window = UnsafeMutableRawBufferPointer.allocate(byteCount: ContentReader.windowCapacity, alignment: 16)

    deinit {
        head.deallocate()
        window.deallocate()
    }
}

final class ContentReader {
    /// Bytes kept from the start of the content; enough for libmagic and most headers.
    static let headCapacity = 64 * 1024
    /// Size of the reusable window for reads outside the head.
    static let windowCapacity = 256 * 1024

    /// The content's size, measured when it was opened.
    let size: Int64
    /// The first `min(size, headCapacity)` bytes.
    private(set) var head: UnsafeRawBufferPointer
    /// Set when a read failed with an I/O error: the identification then reports `.unreadable`.
    private(set) var failed = false

    private enum Backing {
        case descriptor(Int32)
        case memory(UnsafeRawBufferPointer)
    }
    private let backing: Backing
    /// Borrowed from the worker's `ReadBuffers`, which outlive the reader.
    private let buffers: ReadBuffers?
    private var windowFilled = false
    private var windowOffset: Int64 = 0
    private var windowCount = 0

    /// Opens a regular file read-only (never a link unless `followingSymbolicLinks`, never a FIFO, device
    /// or pseudo-file; see `InputFile`) and reads its head. Throws why the file cannot be read.
    init(path: String, buffers: ReadBuffers, followingSymbolicLinks: Bool = false) throws(InputFile.Refusal) {
        let fd: Int32
        switch InputFile.open(path: path, followingSymbolicLinks: followingSymbolicLinks) {
        case .success(let file):
            fd = file.descriptor
            size = file.byteCount
        case .failure(let refusal):
            throw refusal
        }
        backing = .descriptor(fd)
        let headCount = Int(min(size, Int64(Self.headCapacity)))
        let storage = buffers.head
        self.buffers = buffers
        // A failed read ends the head like the end of the file does: `failed` below says it is short.
        let filled = readWhole(fd, into: UnsafeMutableRawBufferPointer(rebasing: storage[0..<headCount]), at: 0).count
        head = UnsafeRawBufferPointer(rebasing: storage[0..<filled])
        if filled < headCount { failed = true }
    }

    /// Reads from memory the caller keeps alive for the reader's whole life.
    init(memory: UnsafeRawBufferPointer) {
        size = Int64(memory.count)
        backing = .memory(memory)
        buffers = nil
        head = UnsafeRawBufferPointer(rebasing: memory[0..<min(memory.count, Self.headCapacity)])
    }

    deinit {
        if case .descriptor(let fd) = backing { close(fd) }
    }

    /// The bytes `offset..<offset+count`, or `nil` when the range is not inside the content or a read failed.
    ///
    /// The buffer is only valid until the next call: copy what must outlive it. At most
    /// `windowCapacity` bytes can be asked for at once.
    func bytes(at offset: Int64, count: Int) -> UnsafeRawBufferPointer? {
        guard offset >= 0, count >= 0, count <= Self.windowCapacity, offset <= size,
              Int64(count) <= size - offset else { return nil }
        switch backing {
        case .memory(let memory):
            return UnsafeRawBufferPointer(rebasing: memory[Int(offset)..<Int(offset) + count])
        case .descriptor(let fd):
            if offset + Int64(count) <= Int64(head.count) {
                return UnsafeRawBufferPointer(rebasing: head[Int(offset)..<Int(offset) + count])
            }
            let buffer = buffers!.window
            if windowFilled, offset >= windowOffset, offset + Int64(count) <= windowOffset + Int64(windowCount) {
                let start = Int(offset - windowOffset)
                return UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(buffer)[start..<start + count])
            }
            windowFilled = true
            let want = Int(min(Int64(Self.windowCapacity), size - offset))
            let filled = readWhole(fd, into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<want]), at: offset).count
            windowOffset = offset
            windowCount = filled
            guard filled >= count else {
                failed = true
                windowCount = 0
                return nil
            }
            return UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(buffer)[0..<count])
        }
    }

    /// The bytes of a range, copied; `nil` when the range is not inside the content. Bounded by `limit`.
    func copy(at offset: Int64, count: Int, limit: Int = 16 * 1024 * 1024) -> [UInt8]? {
        guard count >= 0, count <= limit, offset >= 0, offset <= size, Int64(count) <= size - offset else { return nil }
        var result = [UInt8]()
        result.reserveCapacity(count)
        var position = offset
        var remaining = count
        while remaining > 0 {
            let step = min(remaining, Self.windowCapacity)
            guard let chunk = bytes(at: position, count: step) else { return nil }
            result.append(contentsOf: chunk)
            position += Int64(step)
            remaining -= step
        }
        return result
    }

    /// Calls `body` with consecutive chunks of `range`, each starting `overlap` bytes before the end of the
    /// previous one, until `body` returns `false` or the range ends. The chunk's file offset comes with it.
    func forEachChunk(in range: Range<Int64>, overlap: Int = 0,
                      _ body: (UnsafeRawBufferPointer, Int64) -> Bool) {
        let lower = max(0, range.lowerBound)
        let upper = min(size, range.upperBound)
        var position = lower
        let step = Self.windowCapacity
        while position < upper {
            let count = Int(min(Int64(step), upper - position))
            guard let chunk = bytes(at: position, count: count) else { return }
            if !body(chunk, position) { return }
            if position + Int64(count) >= upper { return }
            position += Int64(max(count - overlap, 1))
        }
    }
}
