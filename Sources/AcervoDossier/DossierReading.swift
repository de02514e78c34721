import AcervoCore
import Foundation

/// One pass over a dossier archive: every entry checked as it streams past, optionally written out.
enum DossierReading {
    /// Reads `url` once, checking the bag; with a target, also writes each entry there. A hostile
    /// archive stops the pass at the first offending entry and removes anything extracted.
    static func run(_ url: URL, fast: Bool, limits: DossierLimits, target: ExtractionTarget?,
                    cancelled: () -> Bool, progress: ((DossierProgress) -> Void)?) throws(AcervoError) -> DossierVerification {
        try UTF8Locale.run { () throws(AcervoError) -> DossierVerification in
            try runInUTF8Locale(url, fast: fast, limits: limits, target: target, cancelled: cancelled, progress: progress)
        }
    }

    private static func runInUTF8Locale(_ url: URL, fast: Bool, limits: DossierLimits, target: ExtractionTarget?,
                                        cancelled: () -> Bool,
                                        progress: ((DossierProgress) -> Void)?) throws(AcervoError) -> DossierVerification {
        let reader = try ArchiveReader(url: url, limits: limits)
        var check = BagCheck(fast: fast, limits: limits)
        var refusal: ArchiveReader.Refusal?
        var failure: AcervoError?
        var files = 0
        let trustSizes = fast && target == nil
        let pipeline = HashPipeline()
        var hashedPaths: [Int: String] = [:]
        do throws(ArchiveReader.Refusal) {
            while let entry = try reader.next() {
                if cancelled() {
                    failure = AcervoError(.cancelled, english: "cancelled", portuguese: "cancelado")
                    break
                }
                let role = try check.classify(entry)
                progress?(DossierProgress(bytesDone: reader.totalBytes, bytesTotal: 0, filesDone: files, currentPath: entry.path))
                switch role {
                case .directory:
                    if let target { try io { () throws(AcervoError) in try target.makeDirectory(entry.path) } }
                case .payload(let path, let algorithms):
                    files += 1
                    if trustSizes && reader.isUncompressedTar {
                        check.recordPayload(path, bytes: try reader.skipTrustingSize(), digests: [:])
                        continue
                    }
                    // Hashing runs on the pipeline's lanes while this thread decompresses and writes.
                    let hash = pipeline.begin(files, algorithms: algorithms)
                    if let target { try io { () throws(AcervoError) in try target.begin(entry.path) } }
                    var bytes: Int64 = 0
                    while true {
                        let buffer = pipeline.acquire()
                        let n: Int
                        do {
                            n = try reader.readChunk(into: buffer.memory)
                        } catch {
                            pipeline.giveBack(buffer)
                            throw error
                        }
                        if n == 0 {
                            pipeline.giveBack(buffer)
                            break
                        }
                        pipeline.submit(buffer, count: n, to: hash)
                        bytes += Int64(n)
                        if let target {
                            try io { () throws(AcervoError) in
                                try target.append(UnsafeRawBufferPointer(rebasing: buffer.memory[0..<n]))
                            }
                        }
                    }
                    pipeline.end(hash)
                    if let target { try io { () throws(AcervoError) in try target.end() } }
                    check.recordPayload(path, bytes: bytes, digests: [:])
                    hashedPaths[files] = path
                case .tag(let path, let keep):
                    var hasher = MultiHasher(Set(BagDigestAlgorithm.allCases))
                    var text: [UInt8] = []
                    if let target { try io { () throws(AcervoError) in try target.begin(entry.path) } }
                    try reader.read { (chunk) throws(ArchiveReader.Refusal) in
                        hasher.update(chunk)
                        if keep {
                            guard text.count + chunk.count <= limits.maximumTagFileBytes else {
                                throw .init(path: entry.path, reason: "tag file over \(limits.maximumTagFileBytes) bytes")
                            }
                            text.append(contentsOf: chunk)
                        }
                        if let target { try io { () throws(AcervoError) in try target.append(chunk) } }
                    }
                    if let target { try io { () throws(AcervoError) in try target.end() } }
                    check.recordTag(path, digests: hasher.finalize(), text: keep ? text : nil)
                }
            }
        } catch {
            if let wrapped = error.underlying {
                failure = wrapped
            } else {
                refusal = error
            }
        }
        for (index, digests) in pipeline.finish() {
            if let path = hashedPaths[index] { check.recordPayloadDigests(path, digests) }
        }
        if let failure {
            target?.discard()
            throw failure
        }
        if refusal != nil { target?.discard() }
        return check.finish(refusal: refusal)
    }

    /// Runs an I/O step inside the read loop, carrying its error out through the refusal channel.
    private static func io(_ body: () throws(AcervoError) -> Void) throws(ArchiveReader.Refusal) {
        do {
            try body()
        } catch {
            throw ArchiveReader.Refusal(path: nil, reason: error.message, underlying: error)
        }
    }

    /// The entries of an archive with their sizes, refusing what `verify` refuses.
    static func list(_ url: URL, limits: DossierLimits) throws(AcervoError) -> [DossierEntry] {
        try UTF8Locale.run { () throws(AcervoError) -> [DossierEntry] in try listInUTF8Locale(url, limits: limits) }
    }

    private static func listInUTF8Locale(_ url: URL, limits: DossierLimits) throws(AcervoError) -> [DossierEntry] {
        let reader = try ArchiveReader(url: url, limits: limits)
        var out: [DossierEntry] = []
        var seen = Set<String>()
        do throws(ArchiveReader.Refusal) {
            while let entry = try reader.next() {
                guard seen.insert(BagPath.nfc(entry.path)).inserted else {
                    throw ArchiveReader.Refusal(path: entry.path, reason: "appears twice in the archive")
                }
                let bytes: Int64 = entry.isDirectory ? 0
                    : (reader.isUncompressedTar ? try reader.skipTrustingSize() : try reader.read { _ throws(ArchiveReader.Refusal) in })
                out.append(DossierEntry(path: entry.path, isDirectory: entry.isDirectory, byteCount: bytes))
            }
        } catch {
            if let wrapped = error.underlying { throw wrapped }
            throw AcervoError(.invalidArgument, english: "refused \(url.path): \(error.path.map { "\($0): " } ?? "")\(error.reason)",
                              portuguese: "arquivo recusado")
        }
        return out
    }
}
