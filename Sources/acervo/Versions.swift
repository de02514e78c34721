import Acervo
import AcervoDigitize
import ArgumentParser

/// `acervo versions`: the C libraries in use, for bug reports.
struct Versions: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "versions", abstract: "Print the versions of the C libraries in use.")

    func run() {
        Output.line("acervo \(AcervoVersion.string)")
        for (library, version) in LibraryVersions.all + DigitizationLibraryVersions.all {
            Output.line("\(library) \(version)")
        }
    }
}

/// Acervo's own version.
enum AcervoVersion {
    static let string = "0.1.0"
}
