import AcervoCore

/// The text family: e-mail, NF-e and other XML, HTML, SVG, scripts and plain text, told apart by their
/// first bytes (and libmagic's MIME for scripts that carry no shebang).
enum TextStructure {
    /// How far into the text markup sniffing looks for a root element.
    static let markupWindow = 4096

    /// MIME types libmagic gives to programs in interpreted languages.
    static let scriptMIMEs: Set<String> = [
        "text/x-shellscript", "application/x-shellscript", "text/x-sh", "application/x-sh",
        "text/x-python", "text/x-script.python", "text/x-python3", "application/x-python-code",
        "application/javascript", "text/javascript", "application/x-javascript",
        "text/x-php", "application/x-php", "text/x-perl", "application/x-perl", "text/x-ruby",
        "text/x-tcl", "text/x-lua", "text/x-awk", "text/x-msdos-batch", "text/x-powershell",
        "application/x-csh", "text/x-m4", "text/x-nawk", "text/x-gawk", "application/x-bat",
        "text/x-vbscript", "application/hta",
    ]

    /// How a text is encoded, as far as its head shows.
    enum Encoding {
        case ascii, utf8, windows1252

        /// The words libmagic uses for it.
        var name: String {
            switch self {
            case .ascii: "ASCII text"
            case .utf8: "Unicode text, UTF-8 text"
            case .windows1252: "ISO-8859 text"
            }
        }
    }

    /// Which bytes may appear in text: 0 printable ASCII, 1 layout control (tab, LF, VT, FF, CR, ESC for
    /// terminal colours, Ctrl-Z for DOS end of file), 2 any other control (not text), 3 non-ASCII.
    private static let byteClass: [UInt8] = (0..<256).map { b in
        switch b {
        case 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1A, 0x1B: 1
        case 0..<0x20: 2
        case 0x80...: 3
        default: 0
        }
    }

    /// The head's encoding when it is text: valid UTF-8 or Windows-1252 (a superset of Latin-1's printable
    /// range), with no NUL and no control characters other than layout ones; `nil` when it is not text.
    /// `complete` says the head is the whole file (a cut UTF-8 sequence at its end is then invalid;
    /// otherwise it is only where the head stops).
    static func encoding(_ head: UnsafeRawBufferPointer, complete: Bool) -> Encoding? {
        var utf8Valid = true
        var sawHigh = false
        var undefinedIn1252 = false
        var pending = 0 // continuation bytes still expected
        let verdict: Bool = byteClass.withUnsafeBufferPointer { table in
            for b in head {
                let kind = table[Int(b)]
                if kind == 0 || kind == 1 {
                    if pending > 0 { utf8Valid = false; pending = 0 }
                    continue
                }
                if kind == 2 { return false }
                sawHigh = true
                if b == 0x81 || b == 0x8D || b == 0x8F || b == 0x90 || b == 0x9D { undefinedIn1252 = true }
                guard utf8Valid else { continue }
                if pending > 0 {
                    if b & 0xC0 == 0x80 { pending -= 1 } else { utf8Valid = false }
                } else {
                    switch b {
                    case 0xC2...0xDF: pending = 1
                    case 0xE0...0xEF: pending = 2
                    case 0xF0...0xF4: pending = 3
                    default: utf8Valid = false
                    }
                }
            }
            return true
        }
        guard verdict else { return nil }
        if complete && pending > 0 { utf8Valid = false }
        if !sawHigh { return .ascii }
        if utf8Valid { return .utf8 }
        return undefinedIn1252 ? nil : .windows1252
    }

    /// libmagic's description of a text from its encoding and line endings, without running its rules.
    static func describe(_ head: UnsafeRawBufferPointer, encoding: Encoding) -> String {
        var text = encoding.name
        if head.firstIndex(of: [0x0D, 0x0A]) != nil { text += ", with CRLF line terminators" }
        return text
    }

    /// Classifies text that its first bytes settle without libmagic: a shebang, a mail header, or markup
    /// opening with `<` (HTML, SVG, NF-e, XML). `nil` when libmagic's rules are needed to decide.
    static func decisive(_ head: UnsafeRawBufferPointer, complete: Bool, encoding: Encoding?) -> StructuralReport? {
        var start = head.matches([0xEF, 0xBB, 0xBF], at: 0) ? 3 : 0
        let opensLikeMarkup: Bool = {
            while start < head.count, PDFStructure.isWhitespace(head[start]) { start += 1 }
            return head.byte(start) == UInt8(ascii: "<")
        }()
        guard head.matches(Array(ascii: "#!"), at: 0) || head.matches(Array(ascii: "#!"), at: 3) || opensLikeMarkup
                || isMail(head) else { return nil }
        guard let report = inspect(head, complete: complete, magicMIME: "", lastByte: nil, encoding: encoding),
              report.format != .text else { return nil }
        return report
    }

    /// JSON settled without libmagic: text that opens like an object or array and ends with the matching
    /// bracket. libmagic's JSON parser sees only the head of a large document, fails on it, and then runs
    /// its most expensive text rules over the whole head: several milliseconds for a file this settles.
    static func decisiveJSON(_ head: UnsafeRawBufferPointer, lastByte: UInt8?) -> StructuralReport? {
        var start = head.matches([0xEF, 0xBB, 0xBF], at: 0) ? 3 : 0
        while start < head.count, PDFStructure.isWhitespace(head[start]) { start += 1 }
        guard looksLikeJSON(UnsafeRawBufferPointer(rebasing: head[start...]), lastByte: lastByte) else { return nil }
        return StructuralReport(format: .json, mime: "application/json")
    }

    /// Whether the first non-blank byte opens a JSON object or array.
    static func opensLikeJSON(_ head: UnsafeRawBufferPointer) -> Bool {
        var start = head.matches([0xEF, 0xBB, 0xBF], at: 0) ? 3 : 0
        while start < head.count, PDFStructure.isWhitespace(head[start]) { start += 1 }
        return head.byte(start) == UInt8(ascii: "{") || head.byte(start) == UInt8(ascii: "[")
    }

    /// Classifies text content; `nil` when the bytes are not text.
    ///
    /// `lastByte` is the file's last byte that is not whitespace: with the head it tells JSON too long
    /// for libmagic's parser (which sees only the head) from other text.
    static func inspect(_ head: UnsafeRawBufferPointer, complete: Bool, magicMIME: String,
                        lastByte: UInt8?, encoding: Encoding?) -> StructuralReport? {
        guard encoding != nil else { return nil }
        var start = head.matches([0xEF, 0xBB, 0xBF], at: 0) ? 3 : 0
        if head.matches(Array(ascii: "#!"), at: start) {
            return StructuralReport(format: .script, mime: scriptMIMEs.contains(magicMIME) ? magicMIME : "text/x-shellscript")
        }
        if magicMIME == "message/rfc822" || isMail(UnsafeRawBufferPointer(rebasing: head[start...])) {
            return StructuralReport(format: .eml, mime: "message/rfc822")
        }
        while start < head.count, PDFStructure.isWhitespace(head[start]) { start += 1 }
        let window = UnsafeRawBufferPointer(rebasing: head[start..<min(head.count, start + markupWindow)])
        if head.byte(start) == UInt8(ascii: "<") || magicMIME.hasSuffix("xml") || magicMIME == "text/html" {
            if let markup = markup(window, whole: head, magicMIME: magicMIME) { return markup }
        }
        if scriptMIMEs.contains(magicMIME) {
            return StructuralReport(format: .script, mime: magicMIME)
        }
        if !complete, looksLikeJSON(UnsafeRawBufferPointer(rebasing: head[start...]), lastByte: lastByte) {
            return StructuralReport(format: .json, mime: "application/json")
        }
        return StructuralReport(format: .text, mime: "text/plain")
    }

    /// Whether text opens like a JSON object or array and ends with the matching bracket.
    static func looksLikeJSON(_ text: UnsafeRawBufferPointer, lastByte: UInt8?) -> Bool {
        guard let open = text.first, open == UInt8(ascii: "{") || open == UInt8(ascii: "[") else { return false }
        let close = open == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]")
        guard lastByte == close else { return false }
        var i = 1
        while i < text.count, PDFStructure.isWhitespace(text[i]) { i += 1 }
        let next = text.byte(i)
        if open == UInt8(ascii: "{") { return next == UInt8(ascii: "\"") || next == close }
        if next == UInt8(ascii: "t") || next == UInt8(ascii: "f") || next == UInt8(ascii: "n") {
            // A literal, not a word: `[tool.poetry]` opens a TOML table, `[true, false]` a JSON array.
            return ["true", "false", "null"].contains { literal in
                let word = Array(literal.utf8)
                guard text.matches(word, at: i) else { return false }
                let after = text.byte(i + word.count)
                return after == UInt8(ascii: ",") || after == close || PDFStructure.isWhitespace(after)
            }
        }
        return next == UInt8(ascii: "{") || next == UInt8(ascii: "[") || next == UInt8(ascii: "\"") || next == close
            || next == UInt8(ascii: "-") || (next >= 48 && next <= 57)
    }

    /// HTML, SVG, NF-e or other XML, by the first elements and libmagic's opinion.
    private static func markup(_ window: UnsafeRawBufferPointer, whole: UnsafeRawBufferPointer, magicMIME: String) -> StructuralReport? {
        var report: StructuralReport?
        if magicMIME == "image/svg+xml" || hasElement(window, "svg") {
            report = StructuralReport(format: .svg, mime: "image/svg+xml")
        } else if magicMIME == "text/html" || window.containsIgnoringCase("<!doctype html")
                    || ["html", "head", "body", "script", "iframe"].contains(where: { hasElement(window, $0) }) {
            return StructuralReport(format: .html, mime: "text/html")
        } else if whole.firstIndex(of: Array(ascii: "http://www.portalfiscal.inf.br/nfe")) != nil,
                  hasElement(window, "NFe") || hasElement(window, "nfeProc"),
                  whole.firstIndex(of: Array(ascii: "infNFe")) != nil {
            report = StructuralReport(format: .nfeXML, mime: "application/xml")
        } else if window.matches(Array(ascii: "<?xml"), at: 0) || magicMIME.hasSuffix("xml") {
            report = StructuralReport(format: .xml, mime: "application/xml")
        }
        // An internal DTD declaring entities can expand without bound or pull in files (XXE).
        if report != nil, let doctype = whole.firstIndex(of: Array(ascii: "<!DOCTYPE")),
           whole.firstIndex(of: Array(ascii: "<!ENTITY"), from: doctype) != nil {
            report?.note(.activeContent, "XML entity declarations in the DOCTYPE")
        }
        return report
    }

    /// Whether `<name` opens an element (possibly with a namespace prefix) in the window, ignoring case.
    private static func hasElement(_ window: UnsafeRawBufferPointer, _ name: String) -> Bool {
        let needle = Array(name.lowercased().utf8)
        var i = 0
        while i < window.count {
            if window[i] == UInt8(ascii: "<") {
                var j = i + 1
                // Skip a namespace prefix such as `svg:` or `ns0:`.
                var k = j
                while k < window.count && k - j < 16 && window[k] != UInt8(ascii: ":") && isNameByte(window[k]) { k += 1 }
                if k < window.count && window[k] == UInt8(ascii: ":") { j = k + 1 }
                if j + needle.count < window.count {
                    var same = true
                    for (n, c) in needle.enumerated() {
                        var b = window[j + n]
                        if b >= 65 && b <= 90 { b += 32 }
                        if b != c { same = false; break }
                    }
                    if same && !isNameByte(window[j + needle.count]) { return true }
                }
            }
            i += 1
        }
        return false
    }

    private static func isNameByte(_ b: UInt8) -> Bool {
        (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || b == 45 || b == 95 || b == 46
    }

    /// Known header fields of an Internet message.
    private static let mailFields: Set<String> = [
        "from", "date", "subject", "mime-version", "received", "to", "message-id", "return-path",
        "delivered-to", "cc", "reply-to", "content-type", "x-mailer", "dkim-signature", "authentication-results",
    ]

    /// Whether the text starts with an RFC 5322 header block naming at least two known fields, one of
    /// them From, Received, Return-Path or Delivered-To (so a bare "Subject:" note is not mail).
    static func isMail(_ text: UnsafeRawBufferPointer) -> Bool {
        var seen: Set<String> = []
        var lineStart = 0
        var lines = 0
        // An mbox file's first line, "From sender date", may come first.
        if text.matches(Array(ascii: "From "), at: 0), let end = text.firstIndex(of: [0x0A]) {
            lineStart = end + 1
        }
        while lineStart < text.count, lines < 200 {
            let lineEnd = text.firstIndex(of: [0x0A], from: lineStart) ?? text.count
            var content = lineEnd
            if content > lineStart && text[content - 1] == 0x0D { content -= 1 }
            if content == lineStart { break } // the blank line that ends the header
            let first = text[lineStart]
            if first == 0x20 || first == 0x09 {
                if lines == 0 { return false }
            } else {
                var colon = lineStart
                while colon < content && text[colon] != UInt8(ascii: ":") {
                    let b = text[colon]
                    guard b > 0x20 && b < 0x7F else { return false }
                    colon += 1
                }
                guard colon < content, colon > lineStart, colon - lineStart <= 76 else { return false }
                let field = String(decoding: UnsafeRawBufferPointer(rebasing: text[lineStart..<colon]), as: UTF8.self).lowercased()
                if mailFields.contains(field) { seen.insert(field) }
            }
            lines += 1
            lineStart = lineEnd + 1
        }
        let anchors: Set<String> = ["from", "received", "return-path", "delivered-to"]
        return seen.count >= 2 && !seen.isDisjoint(with: anchors)
    }
}
