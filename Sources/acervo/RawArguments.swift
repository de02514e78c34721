import AcervoCore
import Foundation
import Synchronization

/// The command line as the kernel gave it: bytes, not text. A file name that is not valid UTF-8 (a
/// Latin-1 name from an old scanner) must still name its file, so each such argument is handed to the
/// parser as text with its invalid bytes escaped, and its bytes are kept here to open the file by.
enum RawArguments {
    /// The escaped text of each argument that was not valid UTF-8, and its bytes.
    private static let rawBytes = Mutex<[String: [UInt8]]>([:])

    /// The arguments after the program's name, as text; those that are not UTF-8 escaped.
    static func arguments() -> [String] {
        var out: [String] = []
        let count = Int(CommandLine.argc)
        out.reserveCapacity(count)
        for index in 1..<max(count, 1) {
            guard let pointer = CommandLine.unsafeArgv[index] else { continue }
            let bytes = UnsafeBufferPointer(start: UnsafeRawPointer(pointer).assumingMemoryBound(to: UInt8.self),
                                            count: strlen(pointer))
            if let text = String(validating: bytes, as: UTF8.self) {
                out.append(text)
            } else {
                let text = escaped(Array(bytes))
                rawBytes.withLock { $0[text] = Array(bytes) }
                out.append(text)
            }
        }
        return out
    }

    /// `bytes` as text, each byte that is not part of valid UTF-8 written `%XX`.
    static func escaped(_ bytes: [UInt8]) -> String {
        var text = ""
        var index = 0
        while index < bytes.count {
            var taken = false
            for length in [1, 2, 3, 4] where index + length <= bytes.count {
                if let piece = String(validating: bytes[index..<(index + length)], as: UTF8.self) {
                    text += piece
                    index += length
                    taken = true
                    break
                }
            }
            if !taken {
                text += "%" + String(bytes[index], radix: 16, uppercase: true).leftPadded(to: 2)
                index += 1
            }
        }
        return text
    }

    /// The file `argument` names, for one that was valid UTF-8 (a URL cannot carry other bytes).
    static func fileURL(_ argument: String) -> URL {
        URL(fileURLWithPath: argument)
    }

    /// Opens the file `argument` names, by its own bytes when it was not valid UTF-8.
    static func open(_ argument: String, followingSymbolicLinks: Bool) -> Result<InputFile, InputFile.Refusal> {
        guard let bytes = rawBytes.withLock({ $0[argument] }) else {
            return InputFile.open(path: argument, followingSymbolicLinks: followingSymbolicLinks)
        }
        let path = bytes.map { CChar(bitPattern: $0) } + [0]
        return path.withUnsafeBufferPointer {
            InputFile.open(fileSystemPath: $0.baseAddress!, followingSymbolicLinks: followingSymbolicLinks)
        }
    }

    /// The bytes of an open file as chunks read on demand: how a file whose name is not UTF-8 reaches
    /// the library, which takes file sources by URL. The descriptor is closed at the end.
    static func chunks(of file: InputFile) -> AsyncThrowingStream<[UInt8], any Error> {
        let fd = file.descriptor
        return AsyncThrowingStream(unfolding: {
            var chunk = [UInt8](repeating: 0, count: 1 << 20)
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                let code = errno
                close(fd)
                throw AcervoError(.io, english: "read: \(String(cString: strerror(code)))",
                                  portuguese: "erro de leitura: \(String(cString: strerror(code)))")
            }
            if count == 0 {
                close(fd)
                return nil
            }
            chunk.removeSubrange(count...)
            return chunk
        })
    }

    /// Whether `argument` was not valid UTF-8 and is shown escaped.
    static func wasEscaped(_ argument: String) -> Bool {
        rawBytes.withLock { $0[argument] != nil }
    }
}

private extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
