import Acervo
import AcervoCore
@testable import AcervoDossier
import AcervoStore
import CArchive
import Foundation
import Testing

/// A store filled through the real pipeline with SampleDocs: photos, receipts, a video, and one
/// upload that is refused, so the case has originals, metadata, custody and a quarantined file.
struct DossierFixture {
    let directory: TemporaryDirectory
    let archive: EvidenceArchive
    let caseNumber = CaseNumber(rawValue: "MS-2024-000123")!

    var store: EvidenceStore { archive.store }

    static func make() async throws -> DossierFixture {
        let directory = TemporaryDirectory("acervo-dossier")
        let archive = try EvidenceArchive.open(at: directory.url.appending(path: "store"), logger: testLogger)
        let fixture = DossierFixture(directory: directory, archive: archive)
        let docs = packageRoot.appending(path: "SampleDocs")
        _ = try await archive.intake(case: fixture.caseNumber, attachments: [
            .file(docs.appending(path: "photo/geladeira-amassada.jpg"), kind: .photo),
            .file(docs.appending(path: "photo/etiqueta-produto.png"), kind: .photo),
            .file(docs.appending(path: "bad/foto-truncada.jpg"), kind: .photo),
        ], operatorName: "tests")
        _ = try await archive.intake(case: fixture.caseNumber, attachments: [
            .file(docs.appending(path: "receipt/danfe-nota-fiscal.pdf"), kind: .receipt),
            .file(docs.appending(path: "receipt/cupom-fiscal-foto.jpg"), kind: .receipt),
            .file(docs.appending(path: "video/porta-amassada.mp4"), kind: .video),
        ], operatorName: "tests")
        return fixture
    }

    /// Builds the case's dossier into the fixture's directory.
    func build(_ name: String, format: DossierFormat, version: Int? = nil,
               algorithms: Set<BagDigestAlgorithm> = [.sha256]) async throws -> URL {
        let url = directory.url.appending(path: name)
        _ = try await Dossier.build(DossierRequest(caseNumber: caseNumber, version: version, format: format,
                                                   algorithms: algorithms),
                                    from: store, to: url, logger: testLogger)
        return url
    }

    func cleanUp() { directory.cleanUp() }
}

/// An entry to write into a test archive, hostile or not.
struct RawEntry: Sendable {
    enum Kind: Sendable { case file, directory, symlink(String), hardlink(String), characterDevice, fifo }
    var path: String
    var kind: Kind = .file
    var bytes: [UInt8] = []
    /// Deflate in a zip.
    var compress = false
}

/// Reads every entry of an archive into memory (test archives are small).
func readEntries(_ url: URL) throws -> [RawEntry] {
    try UTF8Locale.run { () throws -> [RawEntry] in try readEntriesInUTF8(url) }
}

private func readEntriesInUTF8(_ url: URL) throws -> [RawEntry] {
    let a = try #require(archive_read_new())
    defer { archive_read_free(a) }
    archive_read_support_format_all(a)
    archive_read_support_filter_all(a)
    guard archive_read_open_filename(a, url.path, 1 << 16) == ARCHIVE_OK else {
        throw AcervoError(.io, "cannot open \(url.path)")
    }
    var out: [RawEntry] = []
    var entry: OpaquePointer?
    while archive_read_next_header(a, &entry) == ARCHIVE_OK {
        let path = String(cString: archive_entry_pathname_utf8(entry!))
        let isDirectory = archive_entry_filetype(entry!) == 0o040000
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = archive_read_data(a, &buffer, buffer.count)
            if n <= 0 { break }
            bytes += buffer[0..<n]
        }
        out.append(RawEntry(path: path, kind: isDirectory ? .directory : .file, bytes: bytes))
    }
    return out
}

/// Writes entries as they are, with libarchive: the way a hostile or tampered archive is made.
func writeEntries(_ entries: [RawEntry], to url: URL, format: DossierFormat) throws {
    try UTF8Locale.run { () throws in try writeEntriesInUTF8(entries, to: url, format: format) }
}

private func writeEntriesInUTF8(_ entries: [RawEntry], to url: URL, format: DossierFormat) throws {
    let a = try #require(archive_write_new())
    defer { archive_write_free(a) }
    switch format {
    case .tar: archive_write_set_format_pax_restricted(a)
    case .tarZstd:
        archive_write_set_format_pax_restricted(a)
        archive_write_add_filter_zstd(a)
    case .zip:
        archive_write_set_format_zip(a)
        archive_write_set_bytes_in_last_block(a, 1)
    }
    guard archive_write_open_filename(a, url.path) == ARCHIVE_OK else { throw AcervoError(.io, "cannot write \(url.path)") }
    for raw in entries {
        let e = try #require(archive_entry_new())
        defer { archive_entry_free(e) }
        archive_entry_set_pathname_utf8(e, raw.path)
        archive_entry_set_perm(e, 0o644)
        archive_entry_set_mtime(e, 1_700_000_000, 0)
        switch raw.kind {
        case .file:
            archive_entry_set_filetype(e, 0o100000)
            archive_entry_set_size(e, Int64(raw.bytes.count))
        case .directory:
            archive_entry_set_filetype(e, 0o040000)
        case .symlink(let target):
            archive_entry_set_filetype(e, 0o120000)
            archive_entry_set_symlink(e, target)
        case .hardlink(let target):
            archive_entry_set_filetype(e, 0o100000)
            archive_entry_set_hardlink(e, target)
        case .characterDevice:
            archive_entry_set_filetype(e, 0o020000)
            archive_entry_set_rdev(e, 0x0103)
        case .fifo:
            archive_entry_set_filetype(e, 0o010000)
        }
        if format == .zip {
            if raw.compress { archive_write_zip_set_compression_deflate(a) } else { archive_write_zip_set_compression_store(a) }
        }
        guard archive_write_header(a, e) == ARCHIVE_OK else {
            throw AcervoError(.io, "header of \(raw.path): \(String(cString: archive_error_string(a)))")
        }
        if !raw.bytes.isEmpty { _ = raw.bytes.withUnsafeBytes { archive_write_data(a, $0.baseAddress, $0.count) } }
    }
    guard archive_write_close(a) == ARCHIVE_OK else { throw AcervoError(.io, "cannot close \(url.path)") }
}

/// Runs a Python validator when it is installed; `nil` when it is not, so the caller can skip.
func runValidator(_ program: String, _ arguments: [String]) throws -> CommandResult? {
    guard let executable = which(program) else { return nil }
    return try runCommand(executable, arguments, timeout: 300)
}
