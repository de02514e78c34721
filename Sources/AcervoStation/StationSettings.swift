public import AcervoCore
public import AcervoDigitize
public import Foundation
import Yams

/// How a scanning station behaves: its timings, what happens to originals once filed, and the
/// digitization facts (Anexo II) only the station knows. Read from YAML (`Pipelines/paper-zero.yml`);
/// every key is optional, and an unknown key is an error that names it.
public struct StationSettings: Sendable, Hashable {
    /// What becomes of an original once the store holds the version that contains it.
    public enum AfterFiling: String, Sendable, Hashable, CaseIterable, Codable {
        /// Moved to `done/` beside the inbox, under the path it had in the inbox.
        case done
        /// Deleted.
        case delete
    }

    /// How long a file's size and modification time must stay unchanged before it is read.
    public var settleSeconds: Double = 5
    /// How often the inbox is listed when it is polled (network file systems, `--poll`).
    public var pollSeconds: Double = 10
    /// How often the whole inbox is listed even when events arrive, so that a missed event never strands a file.
    public var rescanSeconds: Double = 300
    /// How long a file that stopped changing may stay unparseable before it is quarantined as truncated.
    public var incompleteSeconds: Double = 300
    /// What becomes of originals once filed.
    public var after: AfterFiling = .done
    /// Anexo II: who digitizes (a person or the department).
    public var responsavelDigitalizacao: String?
    /// Anexo II: where the digitization takes place.
    public var localDigitalizacao: String?
    /// The Anexo I profile of a document whose route names none.
    public var defaultProfile: DigitizationProfile = .texto
    /// The operator's ICP-Brasil A1 certificate (PKCS#12) that signs the digitized documents, if any.
    public var signPKCS12: String?
    /// The file holding the certificate's PIN (never logged, never stored).
    public var signPINFile: String?
    /// Whether documents are digitized (the legal digital document, ``DigitizingFiler``), or only their
    /// page files kept as evidence copies (``IntakeFiler``).
    public var digitize = true
    /// The OCR languages of digitized documents (Tesseract's names joined by `+`), or `none`.
    public var ocr: OCRLanguages = .standard

    /// The keys a settings file may hold: part of the contract.
    public static let keys = ["settle_seconds", "poll_seconds", "rescan_seconds", "incomplete_seconds", "after",
                              "responsavel_digitalizacao", "local_digitalizacao", "default_profile",
                              "sign_pkcs12", "sign_pin_file", "digitize", "ocr"]

    /// The settings when no file is given: settle 5 s, poll 10 s, rescan 300 s, originals to `done/`,
    /// documents digitized with Portuguese and English OCR, unsigned.
    public init() {}

    /// Reads settings from a YAML file.
    public static func load(from url: URL) throws(AcervoError) -> StationSettings {
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw AcervoError(.policy, english: "cannot read the station settings \(url.path): \(error.localizedDescription)",
                              portuguese: "não foi possível ler as configurações da estação \(url.path)", path: url.path)
        }
        return try StationSettings(yaml: text, source: url.path)
    }

    /// Parses settings from YAML text, checking every key and value.
    public init(yaml: String, source: String = "settings") throws(AcervoError) {
        func fail(_ english: String, _ portuguese: String) -> AcervoError {
            AcervoError(.policy, english: "\(source): \(english)", portuguese: "\(source): \(portuguese)")
        }
        let loaded: Any?
        do {
            loaded = try Yams.load(yaml: yaml)
        } catch {
            throw fail("not valid YAML (\(error))", "YAML inválido (\(error))")
        }
        guard let loaded else { return }   // an empty file (or only comments): the defaults
        guard let mapping = loaded as? [String: Any] else {
            throw fail("the settings must be a mapping of keys to values", "as configurações devem ser um mapa de chaves e valores")
        }
        let known = Set(Self.keys)
        if let unknown = mapping.keys.filter({ !known.contains($0) }).sorted().first {
            throw fail("unknown key '\(unknown)'; keys are \(Self.keys.joined(separator: ", "))",
                       "chave desconhecida '\(unknown)'; as chaves são \(Self.keys.joined(separator: ", "))")
        }
        func seconds(_ key: String, _ range: ClosedRange<Double>) throws(AcervoError) -> Double? {
            guard let value = mapping[key], !(value is NSNull) else { return nil }
            let number: Double? = switch value {
            case let n as Int: Double(n)
            case let d as Double: d
            default: nil
            }
            guard let number, number.isFinite, range.contains(number) else {
                throw fail("'\(key)' must be a number of seconds from \(range.lowerBound) to \(range.upperBound), not '\(value)'",
                           "'\(key)' deve ser um número de segundos de \(range.lowerBound) a \(range.upperBound), não '\(value)'")
            }
            return number
        }
        func text(_ key: String) throws(AcervoError) -> String? {
            guard let value = mapping[key], !(value is NSNull) else { return nil }
            guard let string = value as? String, !string.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw fail("'\(key)' must be a non-empty text, not '\(value)'", "'\(key)' deve ser um texto não vazio, não '\(value)'")
            }
            return string
        }
        if let v = try seconds("settle_seconds", 0...3600) { settleSeconds = v }
        if let v = try seconds("poll_seconds", 0.05...3600) { pollSeconds = v }
        if let v = try seconds("rescan_seconds", 0.1...86_400) { rescanSeconds = v }
        if let v = try seconds("incomplete_seconds", 0...86_400) { incompleteSeconds = v }
        if let v = try text("after") {
            guard let value = AfterFiling(rawValue: v) else {
                throw fail("'after' must be done or delete, not '\(v)'", "'after' deve ser done ou delete, não '\(v)'")
            }
            after = value
        }
        responsavelDigitalizacao = try text("responsavel_digitalizacao")
        localDigitalizacao = try text("local_digitalizacao")
        if let v = try text("default_profile") {
            guard let profile = DigitizationProfile(rawValue: v) else {
                let names = DigitizationProfile.allCases.map(\.rawValue).joined(separator: ", ")
                throw fail("'default_profile' must be one of \(names), not '\(v)'",
                           "'default_profile' deve ser um de \(names), não '\(v)'")
            }
            defaultProfile = profile
        }
        if let value = mapping["digitize"], !(value is NSNull) {
            guard let flag = value as? Bool else {
                throw fail("'digitize' must be true or false, not '\(value)'", "'digitize' deve ser true ou false, não '\(value)'")
            }
            digitize = flag
        }
        if let v = try text("ocr") {
            do {
                ocr = try OCRLanguages(parsing: v)
            } catch {
                throw fail("'ocr': \(error.english)", "'ocr': \(error.portuguese ?? error.english)")
            }
        }
        signPKCS12 = try text("sign_pkcs12")
        signPINFile = try text("sign_pin_file")
        if (signPKCS12 == nil) != (signPINFile == nil) {
            throw fail("'sign_pkcs12' and 'sign_pin_file' go together: give both or neither",
                       "'sign_pkcs12' e 'sign_pin_file' andam juntos: informe os dois ou nenhum")
        }
    }
}
