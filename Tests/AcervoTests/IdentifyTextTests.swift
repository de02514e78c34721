import AcervoCore
import AcervoIdentify
import Foundation
import Testing

@Suite("Identify: text, mail, XML and markup")
struct IdentifyTextTests {
    @Test(arguments: [
        ("From: Loja <sac@loja.com.br>\r\nTo: consumidor@example.com\r\nSubject: Pedido 123\r\nDate: Mon, 1 Jul 2024 10:00:00 -0300\r\nMIME-Version: 1.0\r\n\r\nPrezado cliente,\r\n", FileFormat.eml),
        (#"<?xml version="1.0" encoding="UTF-8"?><nfeProc xmlns="http://www.portalfiscal.inf.br/nfe" versao="4.00"><NFe><infNFe Id="NFe3524"></infNFe></NFe></nfeProc>"#, .nfeXML),
        (#"<?xml version="1.0"?><recibo><valor>10.00</valor></recibo>"#, .xml),
        ("<!DOCTYPE html>\n<html><body><p>oi</p></body></html>", .html),
        (#"<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>"#, .svg),
        ("#!/bin/sh\nrm -rf /tmp/x\n", .script),
        ("@echo off\r\nset X=1\r\necho %X%\r\n", .script),
        ("<?php\necho 'x';\n?>\n", .script),
        ("Recebi o produto com defeito no dia 3 de julho.\nA loja não quis trocar.\n", .text),
        ("{\"pedido\": 123, \"valor\": 10.5, \"itens\": [1, 2, 3]}\n", .json),
        ("[true, false, null]\n", .json),
        // TOML opens with a table name and may end with an array: text, not JSON.
        ("[tool.poetry]\nname = \"recibos\"\nselect = [\"E4\", \"F\"]\n", .text),
        ("[nota]\nvalor = 10\nitens = []\n", .text),
    ])
    func textFamily(text: String, format: FileFormat) throws {
        let id = try identify(Fixture.ascii(text))
        #expect(id.format == format, "\(id.mime) \(id.description)")
    }

    @Test func latin1TextIsText() throws {
        // "Reclamação" in ISO-8859-1: not UTF-8, still text.
        let bytes: [UInt8] = Fixture.ascii("Reclama") + [0xE7, 0xE3] + Fixture.ascii("o sobre a entrega atrasada.\n")
        #expect(try identify(bytes).format == .text)
    }

    @Test func nulBytesMakeItNotText() throws {
        let id = try identify(Fixture.ascii("looks like text") + [0, 0, 0] + Fixture.ascii("but is not\n"))
        #expect(id.format != .text)
    }

    @Test func xmlEntitiesAreActiveContent() throws {
        let xxe = #"<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>"#
        let id = try identify(Fixture.ascii(xxe))
        #expect(id.format == .xml)
        #expect(codes(id) == [.activeContent])
    }

    @Test func emptyIsEmpty() throws {
        let id = try identify([])
        #expect(id.format == .empty)
        #expect(id.findings.isEmpty)
    }

    @Test func unreadableFileIsUnknownAndSaysSo() throws {
        let identifier = try Identifier()
        let missing = identifier.identify(fileAt: URL(fileURLWithPath: "/nonexistent/acervo/\(UUID())"))
        #expect(missing.format == .unknown)
        #expect(codes(missing) == [.unreadable])
        let directory = identifier.identify(fileAt: FileManager.default.temporaryDirectory)
        #expect(codes(directory) == [.unreadable])
    }
}

@Suite("Identify: libmagic")
struct IdentifyMagicTests {
    @Test func databaseOverrideComesFirstAndMissingDatabaseIsALibraryError() throws {
        let candidates = MagicDatabase.candidates(environment: [MagicDatabase.environmentKey: "/opt/magic.mgc"])
        #expect(candidates.first == "/opt/magic.mgc")
        #expect(Array(candidates.dropFirst()) == MagicDatabase.standardPaths)
        #expect(throws: AcervoError.self) { try MagicCookie(databasePath: "/nonexistent/magic.mgc") }
        do {
            _ = try MagicCookie(databasePath: "/nonexistent/magic.mgc")
        } catch {
            #expect(error.code == .library)
        }
    }

    @Test func cookieAnswersFromBytes() throws {
        let cookie = try MagicCookie()
        let gif = Fixture.ascii("GIF89a") + [1, 0, 1, 0, 0, 0, 0] + [0x3B]
        gif.withUnsafeBytes { bytes in
            #expect(cookie.mime(of: bytes) == "image/gif")
            #expect(cookie.description(of: bytes).hasPrefix("GIF image data"))
        }
    }

    @Test func refusedFamiliesComeFromLibmagic() throws {
        let elf: [UInt8] = [0x7F, 0x45, 0x4C, 0x46, 2, 1, 1, 0] + [UInt8](repeating: 0, count: 8) + [2, 0, 0x3E, 0, 1, 0, 0, 0]
            + [UInt8](repeating: 0, count: 100)
        #expect(try identify(elf).format == .executable)
        let gzip: [UInt8] = [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 3, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0]
        #expect(try identify(gzip).format == .archive)
        let gif = Fixture.ascii("GIF89a") + [1, 0, 1, 0, 0, 0, 0] + [0x3B]
        #expect(try identify(gif).format == .gif)
    }
}
