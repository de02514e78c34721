import NIOCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The head of one part of a `multipart/form-data` body.
public struct MultipartPartHead: Sendable, Equatable {
    /// The form field's name (`Content-Disposition: form-data; name="…"`).
    public var name: String
    /// The file name the client gave, if any.
    public var filename: String?
    /// The part's `Content-Type`, if any.
    public var contentType: String?
}

/// A pull parser for a `multipart/form-data` body (RFC 7578, RFC 2046): it reads the request body only
/// as fast as its caller asks for parts and their bytes, so a part's body can be handed on as a stream
/// and backpressure reaches the client.
///
/// Memory stays bounded whatever the client sends: a part's body is passed on chunk by chunk, holding
/// back only the bytes that could begin a boundary; headers, preamble, part count and total size are
/// capped by ``MultipartLimits``.
///
/// One task uses a reader at a time: the intake asks for a part, reads its body to the end (or stops),
/// then asks for the next. That order is what makes it safe to share (hence `@unchecked Sendable`); a
/// part's body read after the reader moved on is empty.
public final class MultipartReader<Body: AsyncSequence & Sendable>: @unchecked Sendable
where Body.Element == ByteBuffer {
    private enum State { case preamble, delimiter, headers, body, epilogue, done }

    private var source: Body.AsyncIterator
    private var sourceEnded = false
    private var pending = ByteBuffer()
    /// `CRLF--boundary`: what ends every part. The body is read as if it began with a CRLF, so the first
    /// boundary line matches it too.
    private let delimiter: [UInt8]
    private let limits: MultipartLimits
    private var state = State.preamble
    private var bodyBytes: Int64 = 0
    /// Parts begun so far; a part's body reads only while it is the current one.
    public private(set) var partCount = 0

    /// A reader of `body`, whose parts are separated by `boundary`.
    public init(body: Body, boundary: String, limits: MultipartLimits = .init()) {
        source = body.makeAsyncIterator()
        delimiter = Array("\r\n--\(boundary)".utf8)
        self.limits = limits
        pending.writeString("\r\n")
    }

    /// The boundary of a `multipart/form-data` content type, or `nil` when it is not one or its boundary
    /// is not valid (1 to 70 characters of RFC 2046's set).
    public static func boundary(contentType: String?) -> String? {
        guard let contentType else { return nil }
        let fields = HeaderValue.split(contentType)
        guard fields.value.lowercased() == "multipart/form-data", let boundary = fields.parameters["boundary"],
              (1...70).contains(boundary.utf8.count) else { return nil }
        let allowed = Set("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'()+_,-./:=? ".utf8)
        guard boundary.utf8.allSatisfy(allowed.contains), boundary.last != " " else { return nil }
        return boundary
    }

    /// The next part's head, after skipping whatever of the current part's body was not read; `nil`
    /// after the closing boundary.
    public func nextPart() async throws -> MultipartPartHead? {
        while true {
            switch state {
            case .done:
                return nil
            case .epilogue:
                try await readEpilogue()
            case .preamble:
                if let index = find(delimiter) {
                    guard index <= limits.maxPreambleBytes else { throw MultipartError.malformed("preamble too long") }
                    pending.moveReaderIndex(forwardBy: index + delimiter.count)
                    state = .delimiter
                } else {
                    guard pending.readableBytes <= limits.maxPreambleBytes + delimiter.count else {
                        throw MultipartError.malformed("no boundary")
                    }
                    try await fillOrThrow()
                }
            case .body:
                while try await nextChunk(ofPart: partCount) != nil {}
            case .delimiter:
                try await readDelimiterEnd()
            case .headers:
                return try await readHeaders()
            }
        }
    }

    /// The next bytes of part `part`'s body; `nil` at its end, or when the reader is past that part.
    public func nextChunk(ofPart part: Int) async throws -> ByteBuffer? {
        guard state == .body, part == partCount else { return nil }
        while true {
            if let index = find(delimiter) {
                if index > 0 { return pending.readSlice(length: index) }
                pending.moveReaderIndex(forwardBy: delimiter.count)
                state = .delimiter
                return nil
            }
            // Everything but a tail that could be the start of the delimiter is body.
            let ready = pending.readableBytes - heldBack()
            if ready > 0 { return pending.readSlice(length: ready) }
            try await fillOrThrow()
        }
    }

    /// After a delimiter: `--` closes the body; otherwise optional spaces and a CRLF begin a part.
    private func readDelimiterEnd() async throws {
        while pending.readableBytes < 2 { try await fillOrThrow() }
        let view = pending.readableBytesView
        if view.starts(with: [UInt8(ascii: "-"), UInt8(ascii: "-")]) {
            state = .epilogue
            return
        }
        while true {
            let view = pending.readableBytesView
            let padding = view.prefix { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }.count
            guard padding <= 64 else { throw MultipartError.malformed("boundary line") }
            if view.count >= padding + 2 {
                guard view.dropFirst(padding).starts(with: [13, 10]) else { throw MultipartError.malformed("boundary line") }
                pending.moveReaderIndex(forwardBy: padding + 2)
                state = .headers
                return
            }
            try await fillOrThrow()
        }
    }

    /// After the closing delimiter: what follows is ignored (RFC 2046), but read to the end of the body,
    /// so that a body the connection cut short fails instead of passing for a complete one.
    private func readEpilogue() async throws {
        var epilogue = pending.readableBytes
        pending.clear()
        while !sourceEnded {
            guard let incoming = try await source.next() else {
                sourceEnded = true
                break
            }
            epilogue += incoming.readableBytes
            bodyBytes += Int64(incoming.readableBytes)
            guard epilogue <= limits.maxPreambleBytes else { throw MultipartError.malformed("epilogue too long") }
        }
        state = .done
    }

    private func readHeaders() async throws -> MultipartPartHead {
        partCount += 1
        guard partCount <= limits.maxParts else { throw MultipartError.tooManyParts }
        let end: Int
        while true {
            if pending.readableBytesView.starts(with: [13, 10]) {
                end = 0
                break
            }
            if let index = find([13, 10, 13, 10]) {
                end = index + 2
                break
            }
            guard pending.readableBytes <= limits.maxHeaderBytes else { throw MultipartError.headersTooLarge }
            try await fillOrThrow()
        }
        guard end <= limits.maxHeaderBytes else { throw MultipartError.headersTooLarge }
        let block = pending.readSlice(length: end)!
        pending.moveReaderIndex(forwardBy: 2)
        let lines = String(decoding: block.readableBytesView, as: UTF8.self)
            .split(separator: "\r\n", omittingEmptySubsequences: true)
        guard lines.count <= limits.maxHeaderLines else { throw MultipartError.headersTooLarge }
        var disposition: HeaderValue?
        var contentType: String?
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { throw MultipartError.malformed("header line") }
            let name = line[..<colon].trimmingSpaces().lowercased()
            let value = String(line[line.index(after: colon)...].trimmingSpaces())
            switch name {
            case "content-disposition": disposition = HeaderValue.split(value)
            case "content-type": contentType = value
            default: break
            }
        }
        guard let disposition, disposition.value.lowercased() == "form-data",
              let name = disposition.parameters["name"] else {
            throw MultipartError.malformed("part without Content-Disposition: form-data; name")
        }
        state = .body
        return MultipartPartHead(name: name, filename: disposition.filename, contentType: contentType)
    }

    /// How many bytes at the end of `pending` could be the beginning of the delimiter.
    private func heldBack() -> Int {
        let view = pending.readableBytesView
        for length in stride(from: min(delimiter.count - 1, view.count), to: 0, by: -1)
        where view.suffix(length).elementsEqual(delimiter.prefix(length)) {
            return length
        }
        return 0
    }

    /// The offset of `pattern` in `pending`'s readable bytes.
    private func find(_ pattern: [UInt8]) -> Int? {
        pending.withUnsafeReadableBytes { bytes -> Int? in
            guard let base = bytes.baseAddress, bytes.count >= pattern.count else { return nil }
            var offset = 0
            let last = bytes.count - pattern.count
            while offset <= last {
                // memchr finds candidates at memory speed; the comparison runs only where the first byte matches.
                guard let hit = memchr(base + offset, Int32(pattern[0]), last - offset + 1) else { return nil }
                let at = base.distance(to: UnsafeRawPointer(hit))
                if memcmp(base + at, pattern, pattern.count) == 0 { return at }
                offset = at + 1
            }
            return nil
        }
    }

    private func fillOrThrow() async throws {
        guard !sourceEnded, var incoming = try await source.next() else {
            sourceEnded = true
            throw MultipartError.truncated
        }
        bodyBytes += Int64(incoming.readableBytes)
        guard bodyBytes <= limits.maxBodyBytes else { throw MultipartError.bodyTooLarge }
        if pending.readableBytes == 0 {
            pending = incoming
        } else {
            pending.discardReadBytes()
            pending.writeBuffer(&incoming)
        }
    }
}

/// A header value and its `;`-separated parameters, quoted strings unescaped.
struct HeaderValue {
    var value: String
    var parameters: [String: String]

    /// The file name, preferring RFC 5987's `filename*=UTF-8''…` to `filename`.
    var filename: String? {
        if let extended = parameters["filename*"], extended.lowercased().hasPrefix("utf-8''") {
            return extended.dropFirst(7).removingPercentEncodingLeniently()
        }
        return parameters["filename"]
    }

    static func split(_ text: String) -> HeaderValue {
        var fields: [String] = []
        var current = ""
        var quoted = false
        var escaped = false
        for character in text {
            if escaped {
                current.append(character)
                escaped = false
            } else if quoted && character == "\\" {
                escaped = true
            } else if character == "\"" {
                quoted.toggle()
            } else if character == ";" && !quoted {
                fields.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        fields.append(current)
        var parameters: [String: String] = [:]
        for field in fields.dropFirst() {
            guard let equals = field.firstIndex(of: "=") else { continue }
            let key = field[..<equals].trimmingSpaces().lowercased()
            if parameters[key] == nil { parameters[key] = String(field[field.index(after: equals)...].trimmingSpaces()) }
        }
        return HeaderValue(value: String(fields[0].trimmingSpaces()), parameters: parameters)
    }
}

extension StringProtocol {
    func trimmingSpaces() -> SubSequence {
        let start = firstIndex { $0 != " " && $0 != "\t" } ?? endIndex
        let end = lastIndex { $0 != " " && $0 != "\t" }.map { index(after: $0) } ?? start
        return self[start..<Swift.max(start, end)]
    }

    /// Percent-decoding as UTF-8; malformed escapes are kept as they are.
    func removingPercentEncodingLeniently() -> String {
        var bytes: [UInt8] = []
        var utf8 = Array(self.utf8)[...]
        while let byte = utf8.popFirst() {
            if byte == UInt8(ascii: "%"), utf8.count >= 2,
               let value = UInt8(String(decoding: utf8.prefix(2), as: UTF8.self), radix: 16) {
                bytes.append(value)
                utf8 = utf8.dropFirst(2)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
