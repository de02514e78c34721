import Dispatch
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A client that sends exactly the bytes it is given, for requests no well-behaved client would send:
/// a `Content-Length` that lies, a body that stops early.
enum RawHTTP {
    /// Sends `request` to 127.0.0.1:`port`, then, when `hangUp`, closes its sending side at once; returns
    /// what the server answered (empty when it only closed the connection). Runs on a thread of its own.
    static func exchange(port: Int, _ request: Data, hangUp: Bool = false) async throws -> String {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try blockingExchange(port: port, request, hangUp: hangUp) })
            }
        }
    }

    /// The status code of an answer such as `HTTP/1.1 413 Content Too Large`, or 0 for none.
    static func status(_ answer: String) -> Int {
        let fields = answer.split(separator: " ", maxSplits: 2)
        return fields.count >= 2 && fields[0].hasPrefix("HTTP/") ? Int(fields[1]) ?? 0 : 0
    }

    private static func blockingExchange(port: Int, _ request: Data, hangUp: Bool) throws -> String {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ServerFailure(description: "socket: \(errno)") }
        defer { close(fd) }
        var timeout = timeval(tv_sec: 30, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw ServerFailure(description: "connect: \(errno)") }
        // The server may answer and close before it has read everything: a failed send is not an error.
        _ = request.withUnsafeBytes { raw -> Int in
            var sent = 0
            while sent < raw.count {
                let n = send(fd, raw.baseAddress! + sent, raw.count - sent, Int32(MSG_NOSIGNAL))
                if n <= 0 { break }
                sent += n
            }
            return sent
        }
        if hangUp { shutdown(fd, Int32(SHUT_WR)) }
        var answer = Data()
        var buffer = [UInt8](repeating: 0, count: 64 << 10)
        while true {
            let n = recv(fd, &buffer, buffer.count, 0)
            if n <= 0 { break }
            answer.append(contentsOf: buffer[0..<n])
            // One answer is enough: stop at the end of its body.
            if let text = String(data: answer, encoding: .utf8), let end = text.range(of: "\r\n\r\n"),
               let length = text[..<end.lowerBound].split(separator: "\r\n")
                   .first(where: { $0.lowercased().hasPrefix("content-length:") })
                   .flatMap({ Int($0.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) }),
               text.utf8.distance(from: end.upperBound.samePosition(in: text.utf8)!, to: text.utf8.endIndex) >= length {
                break
            }
        }
        return String(decoding: answer, as: UTF8.self)
    }

    /// A POST of `body` to `path`, with the headers given (`Content-Length` is the caller's to state, or
    /// to lie about).
    static func post(_ path: String, headers: [String], body: Data) -> Data {
        var request = "POST \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        for header in headers { request += header + "\r\n" }
        return Data((request + "\r\n").utf8) + body
    }
}
