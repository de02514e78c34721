import AcervoCore
import AcervoDigitize
import AcervoStation
import Foundation
import Testing

@Suite("Station settings")
struct StationSettingsTests {
    @Test func theCommentedDefaultFileLoadsWithTheDefaults() throws {
        let settings = try StationSettings.load(from: packageRoot.appending(path: "Pipelines/paper-zero.yml"))
        #expect(settings == StationSettings())
        #expect(settings.settleSeconds == 5 && settings.after == .done && settings.defaultProfile == .texto)
    }

    @Test func everyContractKeyIsRead() throws {
        let settings = try StationSettings(yaml: """
            settle_seconds: 1.5
            poll_seconds: 3
            rescan_seconds: 60
            after: delete
            responsavel_digitalizacao: Departamento de Digitalização
            local_digitalizacao: Cuiabá - MT
            default_profile: manuscrito
            sign_pkcs12: /etc/acervo/a1.p12
            sign_pin_file: /etc/acervo/a1.pin
            digitize: false
            ocr: por+eng+spa
            """)
        #expect(settings.settleSeconds == 1.5 && settings.pollSeconds == 3 && settings.rescanSeconds == 60)
        #expect(settings.after == .delete && settings.defaultProfile == .manuscrito)
        #expect(settings.responsavelDigitalizacao == "Departamento de Digitalização" && settings.localDigitalizacao == "Cuiabá - MT")
        #expect(settings.signPKCS12 == "/etc/acervo/a1.p12" && settings.signPINFile == "/etc/acervo/a1.pin")
        #expect(!settings.digitize && settings.ocr == .languages(["por", "eng", "spa"]))
        #expect(try StationSettings(yaml: "ocr: none").ocr == OCRLanguages.none)
        #expect(StationSettings().digitize && StationSettings().ocr == .standard)
    }

    @Test(arguments: [
        ("setle_seconds: 2", "unknown key 'setle_seconds'"),
        ("after: archive", "'after' must be done or delete"),
        ("settle_seconds: -1", "'settle_seconds' must be a number"),
        ("poll_seconds: soon", "'poll_seconds' must be a number"),
        ("default_profile: sepia", "'default_profile' must be one of"),
        ("sign_pkcs12: /a.p12", "'sign_pkcs12' and 'sign_pin_file' go together"),
        ("- settle_seconds", "must be a mapping"),
        ("digitize: sometimes", "'digitize' must be true or false"),
        ("ocr: por eng", "'ocr': not an OCR language list"),
    ])
    func aMistakeIsAnErrorThatNamesIt(yaml: String, expected: String) {
        #expect {
            _ = try StationSettings(yaml: yaml, source: "paper-zero.yml")
        } throws: { error in
            guard let error = error as? AcervoError else { return false }
            return error.code == .policy && error.english.contains(expected) && error.english.hasPrefix("paper-zero.yml")
                && error.portuguese != nil
        }
    }

    @Test func theCommandRefusesSettingsWithAnUnknownKeyAndNamesIt() throws {
        let dir = TemporaryDirectory("acervo-station-settings")
        defer { dir.cleanUp() }
        let settings = try dir.file("station.yml", Data("settle_seconds: 1\nrescan: 10\n".utf8))
        let result = try runCommand(acervoExecutable, ["station", "run", "--inbox", dir.url.appending(path: "inbox").path,
                                                       "--store", dir.url.appending(path: "store").path, "--settings", settings.path])
        #expect(result.status == 65)
        #expect(result.stderr.contains("unknown key 'rescan'"))
    }

    @Test func networkFileSystemsAreToldByTheirStatfsMagic() {
        #expect(NetworkFileSystem.of(magic: 0xFF53_4D42) == .smb)
        #expect(NetworkFileSystem.of(magic: 0xFE53_4D42) == .smb)
        #expect(NetworkFileSystem.of(magic: 0x517B) == .smb)
        #expect(NetworkFileSystem.of(magic: 0x6969) == .nfs)
        #expect(NetworkFileSystem.of(magic: 0xEF53) == nil)   // ext4
        #expect(NetworkFileSystem.of(magic: 0x0102_1994) == nil)   // tmpfs
        #expect(WatchMode.choose(for: FileManager.default.temporaryDirectory.path, pollSeconds: 7) == .events)
    }
}
