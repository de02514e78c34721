import Foundation
import Testing

/// The command's exit-status table, row by row, through the real executable: 0 done, 1 a check failed,
/// 64 bad arguments, 65 refused data, 70 operational.
@Suite("Exit status")
struct ExitStatusTests {
    /// One way to end the command, with the status it must end with.
    struct Row: Sendable, CustomTestStringConvertible {
        var name: String
        var status: Int32
        /// Makes the files the command needs in the directory and returns its arguments.
        var arguments: @Sendable (TemporaryDirectory) throws -> [String]

        var testDescription: String { "\(status): \(name)" }
    }

    static let rows: [Row] = [
        Row(name: "an intake that ran, whatever the verdicts", status: 0) { dir in
            ["intake", "--store", dir.url.appending(path: "store").path, "--case", "MS-2026-000700", "--kind", "screenshot",
             try dir.file("a.png", TinyImages.png).path, try dir.file("b.exe", Data("MZ\u{90}\u{0}".utf8)).path]
        },
        Row(name: "case show of a case the store does not hold", status: 1) { dir in
            let store = dir.url.appending(path: "store").path
            _ = try runCommand(acervoExecutable, ["intake", "--store", store, "--case", "MS-2026-000702", "--kind", "screenshot",
                                                  try dir.file("a.png", TinyImages.png).path])
            return ["case", "show", "MS-2026-000701", "--store", store]
        },
        Row(name: "a read command given a store path that does not exist", status: 64) { dir in
            ["store", "verify", "--store", dir.url.appending(path: "erro/de/digitacao").path]
        },
        Row(name: "a read command given a directory that is not a store", status: 70) { dir in
            ["case", "list", "--store", dir.url.path]
        },
        Row(name: "dossier verify of a file that is no dossier's", status: 1) { dir in
            ["dossier", "verify", try dir.file("dossie.tar", Data(count: 10_240)).path]
        },
        Row(name: "dossier verify of a file that is not an archive at all", status: 1) { dir in
            ["dossier", "verify", try dir.file("dossie.tar", Data("not an archive".utf8)).path]
        },
        Row(name: "dossier extract of a file that is not an archive at all", status: 1) { dir in
            ["dossier", "extract", try dir.file("dossie.tar", Data("not an archive".utf8)).path,
             "--to", dir.url.appending(path: "saida").path]
        },
        Row(name: "dossier verify of a file that does not exist", status: 64) { dir in
            ["dossier", "verify", dir.url.appending(path: "nenhum.tar").path]
        },
        Row(name: "dossier build of a case the store does not hold", status: 64) { dir in
            let store = dir.url.appending(path: "store").path
            _ = try runCommand(acervoExecutable, ["intake", "--store", store, "--case", "MS-2026-000703", "--kind", "screenshot",
                                                  try dir.file("a.png", TinyImages.png).path])
            return ["dossier", "build", "--store", store, "--case", "MS-2026-000704", "--output", dir.url.appending(path: "d.tar").path]
        },
        Row(name: "dossier build of a version the case does not have", status: 64) { dir in
            let store = dir.url.appending(path: "store").path
            _ = try runCommand(acervoExecutable, ["intake", "--store", store, "--case", "MS-2026-000705", "--kind", "screenshot",
                                                  try dir.file("a.png", TinyImages.png).path])
            return ["dossier", "build", "--store", store, "--case", "MS-2026-000705", "--version", "v9",
                    "--output", dir.url.appending(path: "d.tar").path]
        },
        Row(name: "an option missing", status: 64) { dir in
            ["intake", "--store", dir.url.appending(path: "store").path, "--kind", "photo", try dir.file("a.png", TinyImages.png).path]
        },
        Row(name: "an option out of range", status: 64) { dir in
            ["normalize", "--output", dir.url.appending(path: "out").path, "--quality", "0", try dir.file("a.png", TinyImages.png).path]
        },
        Row(name: "a file that does not exist", status: 64) { dir in
            ["intake", "--store", dir.url.appending(path: "store").path, "--case", "MS-1", "--kind", "photo",
             dir.url.appending(path: "nenhum.png").path]
        },
        Row(name: "a policy file that does not load", status: 65) { dir in
            ["normalize", "--output", dir.url.appending(path: "out").path,
             "--policy", try dir.file("errada.yml", Data("version: 1\nreasons: [\n".utf8)).path,
             try dir.file("a.png", TinyImages.png).path]
        },
        Row(name: "dossier list of a file that is not an archive", status: 65) { dir in
            ["dossier", "list", try dir.file("dossie.zip", Data("not an archive".utf8)).path]
        },
        Row(name: "a store directory that holds something else", status: 70) { dir in
            _ = try dir.file("documentos/planilha.csv", Data("a,b\n".utf8))
            return ["intake", "--store", dir.url.appending(path: "documentos").path, "--case", "MS-2", "--kind", "photo",
                    try dir.file("a.png", TinyImages.png).path]
        },
        Row(name: "an output directory that cannot be made (a Foundation error)", status: 70) { dir in
            let blocker = try dir.file("arquivo", Data("x".utf8))
            return ["normalize", "--output", blocker.appending(path: "saida").path, try dir.file("a.png", TinyImages.png).path]
        },
    ]

    @Test("each way the command ends has the status of its row", arguments: rows)
    func status(_ row: Row) throws {
        let dir = TemporaryDirectory()
        defer { dir.cleanUp() }
        let result = try runCommand(acervoExecutable, try row.arguments(dir))
        #expect(result.status == row.status, "\(result.stdout)\(result.stderr)")
        if row.status == 1 {
            #expect(!(result.stdout + result.stderr).isEmpty, "a failed check says what failed")
        } else if row.status != 0 {
            #expect(!result.stderr.isEmpty, "a failure names itself on standard error")
        }
        if row.status == 70 {
            #expect(result.stderr.hasPrefix("acervo: "), "\(result.stderr)")
        }
    }
}
