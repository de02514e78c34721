import Foundation

/// curl, a client of its own, for uploads that stream from a file and downloads that stream to one.
struct Curl {
    let process = Process()
    let output = Pipe()

    /// Starts curl with `arguments`; `Expect: 100-continue` is turned off so the body follows at once.
    init(_ arguments: [String]) throws {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        process.arguments = ["--silent", "--show-error", "-H", "Expect:"] + arguments
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
    }

    /// What curl printed, once it has ended, and its exit status.
    func finish() -> (output: Data, status: Int32) {
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (data, process.terminationStatus)
    }
}
