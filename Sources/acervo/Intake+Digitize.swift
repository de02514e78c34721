import Acervo
import AcervoDigitizedIntake
import AcervoCore
import AcervoPolicy
import Foundation

extension Intake {
    /// `acervo intake --digitize`: the files are one document's pages. The signing identity is loaded
    /// first, so a wrong PIN or an expired certificate ends the command before any work (exit 64).
    func runDigitized() async throws {
        try await operational {
            let signer = try digitization.signingIdentity()
            let options = try digitization.intakeOptions(signer: signer, operatorName: operatorName, channel: channel)
            let loaded = try policy.map { path throws(AcervoError) in try Policy.load(from: URL(fileURLWithPath: path)) }
            let archive = try EvidenceArchive.open(at: storeOptions.storeURL, policy: loaded ?? .builtIn,
                                                   configuration: .init(openVersion: nil), logger: log.makeLogger())
            let pages = try files.map { file throws(AcervoError) in
                followSymlinks ? try FileArgument.resolved(file) : RawArguments.fileURL(file)
            }
            let report = try await archive.intakeDigitized(pages: pages, case: try CaseNumber(validating: caseNumber),
                                                           kind: kind, options: options)
            DigitizedIntakePrinter.print(report, options: options, files: files, json: json)
        }
    }
}
