import AcervoCore
import AcervoSystem
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Serializes a BagIt 1.0 bag (RFC 8493) into one archive in a single pass: each payload file is
/// read once, and the same buffer feeds the hashes and the archive. The manifests, which need those
/// hashes, follow the payload; the tag manifest comes last, over every tag file.
///
/// Entry order: the bag directory, `bagit.txt`, `bag-info.txt`, extra tag files, `data/` with the
/// payload sorted by UTF-8 bytes (each directory before its first file), the manifests, then
/// `tagmanifest-sha256.txt`. With fixed owners and times, the same input gives the same bytes.
struct BagWriter {
    var bagName: String
    var payload: [BagPayloadFile]
    var bagInfo: BagInfo
    var tagFiles: [BagTagFile]
    var algorithms: Set<BagDigestAlgorithm>
    var format: DossierFormat
    var modified: Date

    /// The largest read: big enough that a system call is amortized, small enough to stay in cache.
    static let chunkSize = 1 << 20

    struct Result {
        var archiveBytes: Int64
        var archiveSHA256: String
        var payloadBytes: Int64
        var payloadFiles: Int
        /// Bag path (from `data/`) → digests, as the manifests list them.
        var digests: [String: [BagDigestAlgorithm: String]]
    }

    /// The payload with its final bag paths: NFC, collisions kept apart, sorted.
    static func arranged(_ payload: [BagPayloadFile]) -> [BagPayloadFile] {
        let ordered = payload.sorted { BagPath.precedes($0.path, $1.path) }
        let names = BagPath.keptApart(ordered.map(\.path))
        var out = ordered
        for i in out.indices { out[i].path = names[i] }
        return out.sorted { BagPath.precedes($0.path, $1.path) }
    }

    static let bagitText = "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"

    /// Writes the bag to `fd`.
    func write(to fd: Int32, cancelled: () -> Bool,
               progress: ((DossierProgress) -> Void)?) throws(AcervoError) -> Result {
        try UTF8Locale.run { () throws(AcervoError) -> Result in
            try writeInUTF8Locale(to: fd, cancelled: cancelled, progress: progress)
        }
    }

    private func writeInUTF8Locale(to fd: Int32, cancelled: () -> Bool,
                                   progress: ((DossierProgress) -> Void)?) throws(AcervoError) -> Result {
        let files = Self.arranged(payload)
        let writer = try ArchiveWriter(fileDescriptor: fd, format: format, modified: modified)
        let root = bagName + "/"
        var tagDigests: [(String, [BagDigestAlgorithm: String])] = []
        func tag(_ name: String, _ bytes: [UInt8]) throws(AcervoError) {
            try writer.file(root + name, contents: bytes, compress: true)
            tagDigests.append((name, MultiHasher.digests(of: bytes, [.sha256])))
        }

        try writer.directory(root)
        try tag("bagit.txt", Array(Self.bagitText.utf8))
        try tag("bag-info.txt", Array(bagInfo.text.utf8))
        for extra in tagFiles.sorted(by: { BagPath.precedes($0.name, $1.name) }) {
            try tag(extra.name, extra.contents)
        }

        var made = Set<String>()
        func directories(of path: String) throws(AcervoError) {
            var prefix = root
            let parts = path.split(separator: "/", omittingEmptySubsequences: false).dropLast()
            for part in parts {
                prefix += part + "/"
                if made.insert(prefix).inserted { try writer.directory(prefix) }
            }
        }
        try directories(of: "data/x")

        let total = files.reduce(Int64(0)) { $0 + $1.byteCount }
        var done: Int64 = 0
        let pipeline = HashPipeline(chunkSize: Self.chunkSize)
        var checkedAlgorithm: [Int: BagDigestAlgorithm] = [:]
        for (index, file) in files.enumerated() {
            if cancelled() { throw AcervoError(.cancelled, english: "dossier cancelled", portuguese: "dossiê cancelado") }
            let bagPath = "data/" + file.path
            try directories(of: bagPath)
            progress?(DossierProgress(bytesDone: done, bytesTotal: total, filesDone: index, currentPath: bagPath))
            // Check the store's digest with an algorithm the manifests need anyway when there is one,
            // so the fixity check costs no extra hashing.
            var wanted = algorithms
            let checked = file.expectedDigests.keys.sorted().first { algorithms.contains($0) }
                ?? file.expectedDigests.keys.sorted().first
            if let checked {
                wanted.insert(checked)
                checkedAlgorithm[index] = checked
            }
            try copy(file, as: root + bagPath, into: writer, hashing: pipeline.begin(index, algorithms: wanted),
                     on: pipeline)
            done += file.byteCount
        }
        // The archive is not finished, so not published, until every digest is known and checked.
        let hashed = pipeline.finish()
        var digests: [String: [BagDigestAlgorithm: String]] = [:]
        for (index, file) in files.enumerated() {
            let fileDigests = hashed[index] ?? [:]
            if let checked = checkedAlgorithm[index], fileDigests[checked] != file.expectedDigests[checked] {
                throw AcervoError(.storeCorrupt,
                                  "\(file.source.path) no longer has the \(checked.rawValue) the store recorded; run `acervo store verify` / o arquivo não confere com o inventário")
            }
            digests["data/" + file.path] = fileDigests.filter { algorithms.contains($0.key) }
        }

        for algorithm in algorithms.sorted() {
            var text = ""
            for file in files {
                let bagPath = "data/" + file.path
                text += "\(digests[bagPath]?[algorithm] ?? "")  \(BagPath.manifestEncoded(bagPath))\n"
            }
            try tag(algorithm.manifestName, Array(text.utf8))
        }
        var tagManifest = ""
        for (name, d) in tagDigests.sorted(by: { BagPath.precedes($0.0, $1.0) }) {
            tagManifest += "\(d[.sha256] ?? "")  \(BagPath.manifestEncoded(name))\n"
        }
        try writer.file(root + BagDigestAlgorithm.sha256.tagManifestName, contents: Array(tagManifest.utf8), compress: true)
        let archive = try writer.finish()
        progress?(DossierProgress(bytesDone: total, bytesTotal: total, filesDone: files.count, currentPath: ""))
        return Result(archiveBytes: archive.byteCount, archiveSHA256: archive.sha256, payloadBytes: total,
                      payloadFiles: files.count, digests: digests)
    }

    /// Streams one file into the archive while its lane hashes the same buffers, refusing a file
    /// whose size is not the one announced in the header.
    private func copy(_ file: BagPayloadFile, as entryPath: String, into writer: ArchiveWriter,
                      hashing hash: HashPipeline.FileHash, on pipeline: HashPipeline) throws(AcervoError) {
        let fd = open(file.source.path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard fd >= 0 else { throw ioError(.open, file.source) }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw ioError(.inspect, file.source) }
        guard (st.st_mode & S_IFMT) == S_IFREG else { throw .notRegularFile(path: file.source.path) }
        guard Int64(st.st_size) == file.byteCount else {
            throw AcervoError(.io, "\(file.source.path) is \(st.st_size) bytes, expected \(file.byteCount)")
        }
        #if canImport(Glibc)
        _ = posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL)
        #endif
        let compress = entryPath.hasSuffix(".json") || entryPath.hasSuffix(".jsonl") || entryPath.hasSuffix(".txt")
        try writer.file(entryPath, size: file.byteCount, compress: compress)
        var remaining = file.byteCount
        while remaining > 0 {
            let buffer = pipeline.acquire()
            let want = Int(min(Int64(buffer.memory.count), remaining))
            let n = retryingInterrupted { read(fd, buffer.memory.baseAddress!, want) }
            if n <= 0 {
                let code = errno
                pipeline.giveBack(buffer)
                if n < 0 { throw ioError(.read, file.source, errno: code) }
                throw AcervoError(.io, "\(file.source.path) shrank while it was being bundled")
            }
            pipeline.submit(buffer, count: n, to: hash)
            try writer.data(UnsafeRawBufferPointer(rebasing: buffer.memory[0..<n]))
            remaining -= Int64(n)
        }
        pipeline.end(hash)
    }

    private func ioError(_ operation: AcervoError.FileOperation, _ url: URL, errno code: Int32 = errno) -> AcervoError {
        .io(operation, path: url.path, errno: code)
    }
}
