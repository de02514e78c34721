import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Fixed-width integers and patterns read out of raw bytes, without trusting the buffer's length.
extension UnsafeRawBufferPointer {
    /// The byte at `index`, or 0 past the end.
    @inline(__always) func byte(_ index: Int) -> UInt8 {
        index >= 0 && index < count ? self[index] : 0
    }

    /// A big-endian 16-bit integer at `index`.
    @inline(__always) func be16(_ index: Int) -> UInt16 {
        UInt16(byte(index)) << 8 | UInt16(byte(index + 1))
    }

    /// A big-endian 32-bit integer at `index`.
    @inline(__always) func be32(_ index: Int) -> UInt32 {
        UInt32(byte(index)) << 24 | UInt32(byte(index + 1)) << 16 | UInt32(byte(index + 2)) << 8 | UInt32(byte(index + 3))
    }

    /// A big-endian 64-bit integer at `index`.
    @inline(__always) func be64(_ index: Int) -> UInt64 {
        UInt64(be32(index)) << 32 | UInt64(be32(index + 4))
    }

    /// A little-endian 16-bit integer at `index`.
    @inline(__always) func le16(_ index: Int) -> UInt16 {
        UInt16(byte(index)) | UInt16(byte(index + 1)) << 8
    }

    /// A little-endian 32-bit integer at `index`.
    @inline(__always) func le32(_ index: Int) -> UInt32 {
        UInt32(byte(index)) | UInt32(byte(index + 1)) << 8 | UInt32(byte(index + 2)) << 16 | UInt32(byte(index + 3)) << 24
    }

    /// A little-endian 64-bit integer at `index`.
    @inline(__always) func le64(_ index: Int) -> UInt64 {
        UInt64(le32(index)) | UInt64(le32(index + 4)) << 32
    }

    /// Whether the bytes at `index` are exactly `pattern`.
    func matches(_ pattern: some Collection<UInt8>, at index: Int) -> Bool {
        guard index >= 0, index + pattern.count <= count else { return false }
        var i = index
        for b in pattern {
            if self[i] != b { return false }
            i += 1
        }
        return true
    }

    /// The first index at or after `from` (and before `to`) where `pattern` starts.
    func firstIndex(of pattern: [UInt8], from: Int = 0, to: Int? = nil) -> Int? {
        let end = Swift.min(to ?? count, count)
        guard !pattern.isEmpty, from >= 0, end - from >= pattern.count, let base = baseAddress else { return nil }
        // memchr finds candidates for the first byte at memory speed; memcmp confirms the rest.
        return pattern.withUnsafeBytes { needle -> Int? in
            let first = Int32(needle[0])
            var i = from
            let lastStart = end - needle.count
            while i <= lastStart {
                guard let hit = memchr(base + i, first, lastStart - i + 1) else { return nil }
                let at = base.distance(to: UnsafeRawPointer(hit))
                if memcmp(base + at, needle.baseAddress!, needle.count) == 0 { return at }
                i = at + 1
            }
            return nil
        }
    }

    /// The last index before `to` where `pattern` starts.
    func lastIndex(of pattern: [UInt8], to: Int? = nil) -> Int? {
        let end = Swift.min(to ?? count, count)
        guard !pattern.isEmpty, end >= pattern.count else { return nil }
        let first = pattern[0]
        var i = end - pattern.count
        while i >= 0 {
            if self[i] == first && matches(pattern, at: i) { return i }
            i -= 1
        }
        return nil
    }

    /// Whether `pattern` occurs anywhere, ignoring ASCII case.
    func containsIgnoringCase(_ pattern: String, limit: Int? = nil) -> Bool {
        let needle = Array(pattern.lowercased().utf8)
        let end = Swift.min(limit ?? count, count)
        guard needle.count > 0, end >= needle.count else { return false }
        let first = needle[0]
        let firstUpper = (first >= 97 && first <= 122) ? first - 32 : first
        var i = 0
        while i <= end - needle.count {
            let b = self[i]
            if b == first || b == firstUpper {
                var j = 1
                while j < needle.count {
                    var c = self[i + j]
                    if c >= 65 && c <= 90 { c += 32 }
                    if c != needle[j] { break }
                    j += 1
                }
                if j == needle.count { return true }
            }
            i += 1
        }
        return false
    }
}

/// Byte patterns written as ASCII in the code.
extension Array where Element == UInt8 {
    /// The ASCII bytes of a literal.
    init(ascii: StaticString) {
        self = Array(UnsafeBufferPointer(start: ascii.utf8Start, count: ascii.utf8CodeUnitCount))
    }
}
