import AcervoCore
import AcervoStore
import AcervoSystem
import Crypto
package import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The staged copy of one upload: its bytes on disk beside the store, their SHA-256 and size.
package struct ReceivedFile: Sendable {
    /// The staged bytes; `nil` when nothing was kept: over the byte limit (`byteCount` then says by how
    /// much, and the policy rejects it as too large) or unreadable.
    package var stagedURL: URL?
    /// Every byte of the source, counted even past the limit.
    var byteCount: Int64
    /// SHA-256 of every byte of the source, lowercase hex.
    var sha256: String
    /// Why the source could not be read, if it could not: a fact about the upload, judged `unreadable`.
    var readError: String?
    /// Why Acervo could not write the staging file (a full disk, an I/O error): an operational failure
    /// that says nothing of the upload; the intake stops with it and judges nothing.
    var stagingError: AcervoError?
    /// For a file over the limit, its first bytes (a megabyte when its size said so at open, else the
    /// limit plus one), kept only until they are identified, as for a stream; the caller removes the file.
    var overLimitPrefix: URL?
    /// Why the source is not a file to read at all (a symbolic link, a FIFO, a device, a pseudo-file):
    /// the caller's mistake rather than the sender's content, so the intake stops with it (exit 64) and
    /// judges nothing.
    var sourceRefusal: AcervoError?
}

/// The receive stage: streams an upload into a staging file, hashing and counting in the same pass, and
/// stops keeping bytes past the kind's limit. Memory stays at one buffer whatever the upload's size.
enum Receiver {
    static let bufferSize = 1 << 20

    /// Receives `source` into `staged`. `shouldStop` is asked between chunks, so cancelling a 2 GB
    /// upload stops within a megabyte; a stopped receive keeps nothing and reports `cancelled`.
    static func receive(_ source: Attachment.Source, into staged: URL, limit: Int64,
                        shouldStop: () -> Bool = { false }) -> ReceivedFile {
        switch source {
        case .bytes(let data):
            var hash = SHA256()
            hash.update(data: data)
            let digest = Hex.string(hash.finalize())
            if Int64(data.count) > limit {
                return ReceivedFile(stagedURL: nil, byteCount: Int64(data.count), sha256: digest)
            }
            let output = open(staged.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
            var failure = output < 0 ? errno : data.withUnsafeBytes { writeWhole(output, $0) }
            if output >= 0, close(output) != 0, failure == nil { failure = errno }
            if let failure {
                unlink(staged.path)
                return ReceivedFile(stagedURL: nil, byteCount: Int64(data.count), sha256: digest,
                                    stagingError: stagingFailure(staged, failure))
            }
            return ReceivedFile(stagedURL: staged, byteCount: Int64(data.count), sha256: digest)
        case .file(let url):
            return stream(url, into: staged, limit: limit, shouldStop: shouldStop)
        case .stream:
            preconditionFailure("an upload stream is received by StreamReceiver")
        }
    }

    /// The operational error of a staging file that cannot be written.
    static func stagingFailure(_ staged: URL, _ code: Int32) -> AcervoError {
        .io(.stage, path: staged.path, errno: code)
    }

    /// What `ReceivedFile.readError` says when the receive was stopped by cancellation.
    static let cancelled = "cancelled"

    /// The error for a source that is not a regular file Acervo may read.
    static func refusedSource(_ url: URL, _ refusal: InputFile.Refusal) -> AcervoError {
        AcervoError(.invalidArgument, english: "\(url.path) is \(refusal.english)",
                    portuguese: "\(url.path) é \(refusal.portuguese)")
    }

    /// What `ReceivedFile.readError` says of a file whose size changed while it was read.
    static func changedWhileRead(from before: Int64, to after: Int64) -> String {
        "the file changed size while it was read (\(before) bytes when opened, \(after) read) / "
            + "o arquivo mudou de tamanho durante a leitura (\(before) bytes ao abrir, \(after) lidos)"
    }

    /// Streams a regular file into staging. Reading stops at the limit plus one byte, as for a stream:
    /// a huge or sparse file is rejected after reading that much, and a file that keeps growing cannot
    /// keep the intake reading. A file whose size changes while it is read is unreadable: its bytes are
    /// not one content.
    private static func stream(_ url: URL, into staged: URL, limit: Int64, shouldStop: () -> Bool) -> ReceivedFile {
        let limit = max(0, limit)
        let opened: InputFile
        switch InputFile.open(url) {
        case .success(let file):
            opened = file
        case .failure(let refusal) where refusal.isNotARegularFile:
            return ReceivedFile(stagedURL: nil, byteCount: 0, sha256: "", sourceRefusal: refusedSource(url, refusal))
        case .failure(let refusal):
            return ReceivedFile(stagedURL: nil, byteCount: 0, sha256: "", readError: "open: \(refusal.english)")
        }
        let input = opened.descriptor
        defer { close(input) }
        let output = open(staged.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard output >= 0 else {
            return ReceivedFile(stagedURL: nil, byteCount: 0, sha256: "",
                                stagingError: stagingFailure(staged, errno))
        }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: bufferSize, alignment: 16)
        defer { buffer.deallocate() }
        // SHA-256 runs on a second core while this thread writes the same chunk to staging: a large
        // upload (a phone video) costs the longer of the two, not their sum.
        let hash = LaneHasher<SHA256>(label: "acervo.receive.sha256")
        var total: Int64 = 0
        var failure: String?
        var stagingError: AcervoError?
        let overLimitAtOpen = opened.byteCount > limit
        while total <= limit {
            if shouldStop() {
                failure = cancelled
                break
            }
            let wanted = Int(min(Int64(bufferSize), limit + 1 - total))
            let n = retryingInterrupted { read(input, buffer.baseAddress, wanted) }
            if n < 0 {
                failure = "read: \(String(cString: strerror(errno)))"
                break
            }
            if n == 0 { break }
            let chunk = UnsafeRawBufferPointer(rebasing: buffer[0..<n])
            let hashed = hash.update(chunk)
            // A file already over the limit when opened keeps only its first buffer, to be identified.
            let writeError = overLimitAtOpen && total > 0 ? nil : writeWhole(output, chunk)
            total += Int64(n)
            hashed.wait()
            if let writeError {
                stagingError = stagingFailure(staged, writeError)
                break
            }
        }
        if close(output) != 0, stagingError == nil, failure == nil {
            stagingError = stagingFailure(staged, errno)
        }
        let digest = Hex.string(hash.finalize())
        if let stagingError {
            unlink(staged.path)
            return ReceivedFile(stagedURL: nil, byteCount: total, sha256: digest, stagingError: stagingError)
        }
        if let failure {
            unlink(staged.path)
            return ReceivedFile(stagedURL: nil, byteCount: total, sha256: digest, readError: failure)
        }
        if total > limit {
            // The byte count and SHA-256 cover the bytes read; the policy judges the file too large.
            return ReceivedFile(stagedURL: nil, byteCount: total, sha256: digest, overLimitPrefix: staged)
        }
        if total != opened.byteCount {
            unlink(staged.path)
            return ReceivedFile(stagedURL: nil, byteCount: total, sha256: digest,
                                readError: changedWhileRead(from: opened.byteCount, to: total))
        }
        return ReceivedFile(stagedURL: staged, byteCount: total, sha256: digest)
    }
}
