import AcervoImaging
import CArchive
import Foundation
import Testing

/// The optional C libraries Acervo opens on first use, beside the real libarchive the tests link.
@Suite struct LazyLoadingTests {
    @Test("libarchive's own functions in this process are libarchive's, not the loader's forwarders")
    func realLibarchiveIsNotShadowed() throws {
        // The loader's forwarders carry their own prefix; under libarchive's names they would be linked
        // into this process in place of libarchive's functions, and the tests' archives would be read
        // through Acervo's own loader instead of by the real library.
        let function: @convention(c) () -> OpaquePointer? = archive_read_new
        let address = UInt(bitPattern: unsafeBitCast(function, to: UnsafeRawPointer.self))
        let object = try mappedObject(containing: address)
        #expect(object.contains("libarchive.so"), "archive_read_new comes from \(object) at \(String(address, radix: 16))")
    }

    @Test("libheif opens through the loader, and its version is the library's")
    func heifOpensOnDemand() throws {
        let version = try HEIFSupport.status.get()
        #expect(version.split(separator: ".").count >= 2, "\(version)")
        let maps = try processMaps()
        #expect(maps.contains("libheif.so"))
    }

    /// This process's memory map, read whole (a `/proc` file reports no size, so it is read to its end).
    private func processMaps() throws -> String {
        let handle = try #require(FileHandle(forReadingAtPath: "/proc/self/maps"))
        defer { try? handle.close() }
        return String(decoding: try handle.readToEnd() ?? Data(), as: UTF8.self)
    }

    /// The file mapped at `address` in this process, from `/proc/self/maps`.
    private func mappedObject(containing address: UInt) throws -> String {
        let maps = try processMaps()
        for line in maps.split(separator: "\n") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            let range = fields[0].split(separator: "-").compactMap { UInt($0, radix: 16) }
            guard range.count == 2, range[0] <= address, address < range[1] else { continue }
            return fields.count > 5 ? String(fields[5]) : "(anonymous)"
        }
        return "(unmapped)"
    }
}
