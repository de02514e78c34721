import AcervoCore
import AcervoStore
import Foundation

/// `index.html`: a page to browse a dossier offline, in Portuguese with English labels. It is
/// self-contained (inline style and icons, no script, no network) and links only to files in the bag.
/// Everything in it comes from the case version, so it is as reproducible as the rest of the bag.
struct DossierIndex {
    var version: CaseVersion
    /// Logical path → path in the bag (`data/...`), after names were kept apart.
    var bagPaths: [String: String]

    static let fileName = "index.html"

    var html: String {
        var out = """
        <!DOCTYPE html>
        <html lang="pt-BR">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Dossiê \(escape(version.caseNumber.rawValue)) v\(version.number)</title>
        <style>
        body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;background:#f4f5f7;color:#1d2330}
        header{background:#0b4f8a;color:#fff;padding:20px 32px}
        header h1{margin:0 0 4px;font-size:24px}
        header p{margin:0;opacity:.9}
        main{padding:16px 32px 40px;max-width:1200px}
        h2{font-size:18px;margin:28px 0 10px;border-bottom:2px solid #0b4f8a;padding-bottom:4px}
        .en{color:#6b7280;font-weight:normal;font-size:.85em}
        .summary{display:flex;gap:12px;flex-wrap:wrap}
        .stat{background:#fff;border-radius:8px;padding:10px 16px;box-shadow:0 1px 2px rgba(0,0,0,.08)}
        .stat b{display:block;font-size:22px}
        table{border-collapse:collapse;width:100%;background:#fff;box-shadow:0 1px 2px rgba(0,0,0,.08)}
        th,td{text-align:left;padding:8px 10px;border-bottom:1px solid #e5e7eb;vertical-align:top;font-size:14px}
        th{background:#eef2f7}
        td.thumb{width:96px}
        td.thumb img{max-width:96px;max-height:96px;border-radius:4px}
        .icon{display:inline-block;width:72px;height:72px;border-radius:8px;color:#fff;font:bold 15px/72px sans-serif;text-align:center}
        .i-audio{background:#7c3aed}.i-video{background:#db2777}.i-pdf{background:#dc2626}.i-text{background:#4b5563}.i-image{background:#059669}.i-file{background:#6b7280}
        .v{padding:2px 8px;border-radius:10px;font-size:12px;font-weight:bold}
        .v-accepted{background:#d1fae5;color:#065f46}.v-review{background:#fef3c7;color:#92400e}.v-rejected{background:#fee2e2;color:#991b1b}
        code{font-size:12px;word-break:break-all}
        /* A SHA-256 in two even lines of 32 digits: one narrow column, and still one word to copy. */
        code.sha{display:inline-block;width:32ch;font-size:11px}
        td{overflow-wrap:anywhere}
        ol.timeline{list-style:none;padding:0;margin:0;background:#fff;box-shadow:0 1px 2px rgba(0,0,0,.08)}
        ol.timeline li{padding:6px 10px;border-bottom:1px solid #e5e7eb;font-size:13px}
        ol.timeline .t{display:inline-block;min-width:110px;font-weight:bold}
        </style>
        </head>
        <body>
        <header>
        <h1>Dossiê do processo \(escape(version.caseNumber.rawValue)) <span class="en">/ Case dossier</span></h1>
        <p>Versão / version v\(version.number) · criada em / created \(escape(DossierBuilder.instant(version.created))) · \(escape(version.message))</p>
        </header>
        <main>

        """
        let rejected = version.quarantined.filter { $0.verdict == .rejected }.count
        let review = version.quarantined.filter { $0.verdict == .review }.count
        out += """
        <section class="summary">
        <div class="stat"><b>\(version.records.count)</b>evidências aceitas <span class="en">accepted</span></div>
        <div class="stat"><b>\(review)</b>em análise <span class="en">under review</span></div>
        <div class="stat"><b>\(rejected)</b>recusadas <span class="en">rejected</span></div>
        <div class="stat"><b>\(version.events.count)</b>eventos de custódia <span class="en">custody events</span></div>
        </section>

        """
        out += digitizedSection() + evidenceSection() + quarantineSection() + timelineSection()
        out += "</main>\n</body>\n</html>\n"
        return out
    }

    private func evidenceSection() -> String {
        var out = """
        <h2>Evidências <span class="en">Evidence</span></h2>
        <table>
        <tr><th></th><th>Arquivo <span class="en">file</span></th><th>Tipo <span class="en">kind</span></th><th>Parecer <span class="en">verdict</span></th><th>Formato <span class="en">format</span></th><th>SHA-256</th></tr>

        """
        let records = version.records.sorted { ($0.receivedAt, $0.id.uuidString) < ($1.receivedAt, $1.id.uuidString) }
        for record in records {
            let id = record.id.uuidString.lowercased()
            let original = record.storedPath.flatMap { bagPaths[$0] }
            let metadata = bagPaths["metadata/evidence/\(id).json"]
            let thumbnail = bagPaths["derivatives/\(id)/thumb.jpg"]
            var links = ""
            if let original { links += "<a href=\"\(href(original))\">original</a>" }
            if let display = bagPaths["derivatives/\(id)/display.jpg"] ?? bagPaths["derivatives/\(id)/display.png"] {
                links += " · <a href=\"\(href(display))\">exibição <span class=\"en\">display</span></a>"
            }
            if let metadata { links += " · <a href=\"\(href(metadata))\">metadados <span class=\"en\">metadata</span></a>" }
            let picture: String
            if let thumbnail {
                picture = "<img src=\"\(href(thumbnail))\" alt=\"miniatura / thumbnail\">"
            } else {
                let (cls, label) = icon(record.identification.mime)
                picture = "<span class=\"icon \(cls)\">\(label)</span>"
            }
            out += """
            <tr><td class="thumb">\(picture)</td><td>\(escape(record.sanitizedName))<br><small>\(links)</small><br><small>\(record.byteCount) bytes · \(escape(DossierBuilder.instant(record.receivedAt)))</small></td><td>\(escape(record.kind.rawValue))</td><td>\(verdict(record.verdict))</td><td>\(escape(record.identification.format.rawValue))<br><small>\(escape(record.identification.mime))</small></td><td><code class="sha">\(escape(record.sha256))</code></td></tr>

            """
        }
        if records.isEmpty { out += "<tr><td colspan=\"6\">Nenhuma evidência aceita. <span class=\"en\">No accepted evidence.</span></td></tr>\n" }
        return out + "</table>\n"
    }

    /// The legal digital documents made from scanned paper: each with its Anexo II metadata and signer,
    /// so an auditor sees at once what the decree asks of it. Absent when the case has none.
    private func digitizedSection() -> String {
        let documents = version.records.compactMap { record in record.digitized.map { (record, $0) } }
            .sorted { ($0.0.receivedAt, $0.0.id.uuidString) < ($1.0.receivedAt, $1.0.id.uuidString) }
        guard !documents.isEmpty else { return "" }
        var out = "<h2>Documentos digitalizados <span class=\"en\">Digitized documents (Decreto 10.278/2020)</span></h2>\n"
        for (record, document) in documents {
            var links = ""
            if let path = bagPaths[document.path] { links += "<a href=\"\(href(path))\">documento <span class=\"en\">document</span></a>" }
            if let signature = document.signaturePath.flatMap({ bagPaths[$0] }) {
                links += " · <a href=\"\(href(signature))\">assinatura <span class=\"en\">signature</span></a>"
            }
            let signer: String
            if let who = document.signer, document.signed {
                signer = "✔ \(escape(who.name))" + (who.cpf.map { " · CPF \(escape($0))" } ?? "")
                    + " · \(escape(who.issuer)) · série <span class=\"en\">serial</span> \(escape(who.serialNumber))"
            } else {
                signer = "<span class=\"v v-review\">sem assinatura</span> <span class=\"en\">unsigned: without the decree's legal equivalence</span>"
            }
            let m = document.metadata
            func row(_ field: ArchivalMetadata.Field, _ value: String?) -> String {
                "<tr><th>\(escape(field.names.pt)) <span class=\"en\">\(escape(field.names.en))</span></th><td>\(escape(value ?? "—"))</td></tr>\n"
            }
            out += "<table>\n"
            out += "<tr><th>Documento <span class=\"en\">document</span></th><td>\(escape(record.sanitizedName)) · \(document.pageCount) página(s) <span class=\"en\">page(s)</span> · \(escape(document.format)) · perfil <span class=\"en\">profile</span> \(escape(document.profile)) · \(document.byteCount) bytes<br><small>\(links)</small></td></tr>\n"
            out += "<tr><th>Assinatura <span class=\"en\">signature</span></th><td>\(signer)</td></tr>\n"
            out += "<tr><th>SHA-256</th><td><code>\(escape(document.sha256))</code></td></tr>\n"
            for field in [ArchivalMetadata.Field.titulo, .assunto, .autor, .tipoDocumental, .classe, .genero,
                          .dataProducao, .prazoGuarda, .destinacaoPrevista, .responsavelDigitalizacao,
                          .localDigitalizacao, .dataDigitalizacao, .identificador] {
                out += row(field, m[field])
            }
            out += "<tr><th>\(escape(ArchivalMetadata.Field.hashImagens.names.pt)) <span class=\"en\">page image hashes</span></th><td>"
                + m.pageHashes.enumerated().map { "p. \($0.offset + 1): <code>\(escape($0.element))</code>" }.joined(separator: "<br>")
                + "</td></tr>\n"
            if !document.findings.isEmpty {
                out += "<tr><th>Constatações <span class=\"en\">findings</span></th><td>\(document.findings.map(escape).joined(separator: "<br>"))</td></tr>\n"
            }
            out += "</table>\n"
        }
        return out
    }

    private func quarantineSection() -> String {
        var out = """
        <h2>Quarentena <span class="en">Quarantined uploads (not in this dossier)</span></h2>
        <table>
        <tr><th>Nome declarado <span class="en">declared name</span></th><th>Tipo <span class="en">kind</span></th><th>Parecer <span class="en">verdict</span></th><th>Motivos <span class="en">reasons</span></th></tr>

        """
        for record in version.quarantined {
            let reasons = record.reasons.map { "\(escape($0.code.rawValue)): \(escape($0.portuguese)) <span class=\"en\">\(escape($0.english))</span>" }
                .joined(separator: "<br>")
            out += "<tr><td>\(escape(record.declaredName))</td><td>\(escape(record.kind.rawValue))</td><td>\(verdict(record.verdict))</td><td>\(reasons)</td></tr>\n"
        }
        if version.quarantined.isEmpty { out += "<tr><td colspan=\"4\">Nenhum arquivo em quarentena. <span class=\"en\">None.</span></td></tr>\n" }
        return out + "</table>\n"
    }

    private func timelineSection() -> String {
        var out = "<h2>Cadeia de custódia <span class=\"en\">Chain of custody</span></h2>\n<ol class=\"timeline\">\n"
        for event in version.events {
            let evidence = event.evidence.map { " · " + String($0.uuidString.lowercased().prefix(8)) } ?? ""
            out += "<li><span class=\"t\">#\(event.sequence) \(escape(event.type.rawValue))</span> \(escape(DossierBuilder.instant(event.at))) · \(escape(event.actor))\(escape(evidence)) · <code>\(escape(String(event.hash.prefix(16))))…</code></li>\n"
        }
        return out + "</ol>\n"
    }

    private func verdict(_ v: Verdict) -> String {
        "<span class=\"v v-\(v.rawValue)\">\(escape(v.portuguese)) <span class=\"en\">\(v.rawValue)</span></span>"
    }

    private func icon(_ mime: String) -> (String, String) {
        if mime.hasPrefix("audio/") { return ("i-audio", "ÁUDIO") }
        if mime.hasPrefix("video/") { return ("i-video", "VÍDEO") }
        if mime == "application/pdf" { return ("i-pdf", "PDF") }
        if mime.hasPrefix("text/") || mime.hasSuffix("xml") || mime.hasSuffix("json") { return ("i-text", "TEXTO") }
        if mime.hasPrefix("image/") { return ("i-image", "IMAGEM") }
        return ("i-file", "ARQUIVO")
    }

    /// A relative URL for a bag path: each component percent-encoded, so `%`, spaces and line
    /// breaks in names still link to the right file.
    private func href(_ bagPath: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return bagPath.split(separator: "/", omittingEmptySubsequences: false)
            .map { String($0).addingPercentEncoding(withAllowedCharacters: allowed) ?? "" }
            .joined(separator: "/")
    }

    private func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }
}
