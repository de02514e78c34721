import AcervoCore
import AcervoSystem
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The durable write every published file goes through: whole under its name, or not there at all.
@Suite struct DurableFilesTests {
    @Test("a published file is whole under its name, and nothing else is left beside it")
    func publishes() throws {
        let dir = TemporaryDirectory("acervo-durable")
        defer { dir.cleanUp() }
        let target = dir.url.appending(path: "documento.pdf")
        try Data("antes".utf8).write(to: target)
        let written = try DurableFiles.publish(target) { fd throws(AcervoError) -> Int in
            // Under its temporary name while it is written: the final name still holds the earlier file.
            #expect(try! Data(contentsOf: target) == Data("antes".utf8))
            let bytes = Array("documento novo".utf8)
            #expect(bytes.withUnsafeBytes { writeWhole(fd, $0) } == nil)
            // Open for reading too: a signer reads back what was written before it is published.
            var first = [UInt8](repeating: 0, count: 9)
            #expect(pread(fd, &first, first.count, 0) == first.count)
            #expect(first == Array("documento".utf8))
            return bytes.count
        }
        #expect(written == 14)
        #expect(try Data(contentsOf: target) == Data("documento novo".utf8))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.url.path) == ["documento.pdf"])
    }

    @Test("a writer that fails halfway leaves the earlier file as it was and no temporary file")
    func failedWriterLeavesNothing() throws {
        let dir = TemporaryDirectory("acervo-durable")
        defer { dir.cleanUp() }
        let target = dir.url.appending(path: "documento.pdf")
        try Data("antes".utf8).write(to: target)
        let error = #expect(throws: AcervoError.self) {
            try DurableFiles.publish(target) { fd throws(AcervoError) in
                #expect(Array("metade".utf8).withUnsafeBytes { writeWhole(fd, $0) } == nil)
                throw AcervoError.io(.write, path: target.path, errno: ENOSPC)
            }
        }
        #expect(error?.errno == ENOSPC)
        #expect(try Data(contentsOf: target) == Data("antes".utf8))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.url.path) == ["documento.pdf"])

        // With no earlier file, nothing at all is left under the name.
        let fresh = dir.url.appending(path: "novo.pdf")
        #expect(throws: AcervoError.self) {
            try DurableFiles.publish(fresh) { _ throws(AcervoError) in throw AcervoError.io(.write, path: fresh.path, errno: EIO) }
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.url.path) == ["documento.pdf"])
    }

    @Test("a file that cannot be created fails before its writer runs")
    func uncreatableFails() throws {
        let dir = TemporaryDirectory("acervo-durable")
        defer { dir.cleanUp() }
        let missing = dir.url.appending(path: "sem-pasta/documento.pdf")
        let error = #expect(throws: AcervoError.self) {
            try DurableFiles.publish(missing) { _ throws(AcervoError) in Issue.record("the writer ran") }
        }
        #expect(error?.errno == ENOENT)
    }
}
