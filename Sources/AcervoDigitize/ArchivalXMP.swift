public import AcervoCore
import Foundation

/// The document's XMP packet and its Info dictionary, which PDF/A requires to say the same things.
///
/// The packet holds the PDF/A claim (`pdfaid`), Dublin Core (title, author, subject), the dates and the
/// producer, and every Anexo II field under Acervo's own namespace, which a PDF/A extension schema
/// declares property by property: a validator refuses any property whose schema is not declared.
/// The Info dictionary gets the same title, author, subject, dates and producer (dates in PDF syntax).
struct ArchivalXMP {
    /// The namespace of the Anexo II properties, and the prefix they are written with.
    static let namespace = "urn:acervo:xmp:decreto-10278:anexo-ii:1.0#"
    static let prefix = "anexo2"
    /// What the document says produced it.
    static let producer = "Acervo"

    var metadata: ArchivalMetadata
    /// The PDF/A claim, or `nil` for a document that makes none (a PNG).
    var conformance: PDFAConformance?
    /// `dc:format`.
    var mediaType = "application/pdf"

    /// One Anexo II property: its XMP name (the `--metadata` JSON key), its XMP type and description.
    struct Property {
        var name: String
        var valueType: String
        var description: String
        var values: [String]
        var isSequence: Bool { valueType.hasPrefix("seq ") }
    }

    /// Every Anexo II field, named by its `--metadata` JSON key and described by its name in the decree.
    var properties: [Property] {
        ArchivalMetadata.Field.allCases.map { field in
            switch field {
            case .dataDigitalizacao:
                Property(name: field.rawValue, valueType: "Date", description: field.names.pt,
                         values: metadata.digitizedAt.map { [Self.xmpDate($0)] } ?? [])
            case .hashImagens:
                Property(name: field.rawValue, valueType: "seq Text",
                         description: field.names.pt + ": SHA-256 de cada imagem de página, na ordem das páginas",
                         values: metadata.pageHashes)
            default:
                Property(name: field.rawValue, valueType: "Text", description: field.names.pt,
                         values: metadata[field].map { [$0] } ?? [])
            }
        }
    }

    /// The Info dictionary's entries, keys with their slash, values as text.
    var info: [(key: String, value: String)] {
        var entries: [(String, String)] = []
        if let title = metadata.title { entries.append(("/Title", title)) }
        if let author = metadata.author { entries.append(("/Author", author)) }
        if let subject = metadata.subject { entries.append(("/Subject", subject)) }
        entries.append(("/Creator", Self.producer))
        entries.append(("/Producer", Self.producer))
        if let date = metadata.digitizedAt {
            entries.append(("/CreationDate", Self.pdfDate(date)))
            entries.append(("/ModDate", Self.pdfDate(date)))
        }
        return entries
    }

    /// The XMP packet, UTF-8.
    var packet: Data {
        var x = """
            <?xpacket begin="\u{FEFF}" id="W5M0MpCehiHzreSzNTczkc9d"?>
            <x:xmpmeta xmlns:x="adobe:ns:meta/">
            <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">

            """
        if let conformance {
            x += """
                <rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">
                <pdfaid:part>\(conformance.part)</pdfaid:part>
                <pdfaid:conformance>B</pdfaid:conformance>
                </rdf:Description>

                """
        }
        x += """
            <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">
            <dc:format>\(Self.escape(mediaType))</dc:format>

            """
        if let title = metadata.title {
            x += "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">\(Self.escape(title))</rdf:li></rdf:Alt></dc:title>\n"
        }
        if let author = metadata.author {
            x += "<dc:creator><rdf:Seq><rdf:li>\(Self.escape(author))</rdf:li></rdf:Seq></dc:creator>\n"
        }
        if let subject = metadata.subject {
            x += "<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">\(Self.escape(subject))</rdf:li></rdf:Alt></dc:description>\n"
        }
        x += """
            </rdf:Description>
            <rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">
            <xmp:CreatorTool>\(Self.producer)</xmp:CreatorTool>

            """
        if let date = metadata.digitizedAt {
            let value = Self.xmpDate(date)
            x += "<xmp:CreateDate>\(value)</xmp:CreateDate>\n<xmp:ModifyDate>\(value)</xmp:ModifyDate>\n"
            x += "<xmp:MetadataDate>\(value)</xmp:MetadataDate>\n"
        }
        x += """
            </rdf:Description>
            <rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
            <pdf:Producer>\(Self.producer)</pdf:Producer>
            </rdf:Description>
            <rdf:Description rdf:about="" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/" \
            xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
            <pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
            <pdfaSchema:schema>Metadados do Anexo II do Decreto 10.278/2020</pdfaSchema:schema>
            <pdfaSchema:namespaceURI>\(Self.namespace)</pdfaSchema:namespaceURI>
            <pdfaSchema:prefix>\(Self.prefix)</pdfaSchema:prefix>
            <pdfaSchema:property><rdf:Seq>

            """
        for property in properties {
            x += "<rdf:li rdf:parseType=\"Resource\"><pdfaProperty:name>\(property.name)</pdfaProperty:name>"
            x += "<pdfaProperty:valueType>\(property.valueType)</pdfaProperty:valueType>"
            x += "<pdfaProperty:category>external</pdfaProperty:category>"
            x += "<pdfaProperty:description>\(Self.escape(property.description))</pdfaProperty:description></rdf:li>\n"
        }
        x += """
            </rdf:Seq></pdfaSchema:property>
            </rdf:li></rdf:Bag></pdfaExtension:schemas>
            </rdf:Description>
            <rdf:Description rdf:about="" xmlns:\(Self.prefix)="\(Self.namespace)">

            """
        for property in properties where !property.values.isEmpty {
            let tag = "\(Self.prefix):\(property.name)"
            if property.isSequence {
                let items = property.values.map { "<rdf:li>\(Self.escape($0))</rdf:li>" }.joined()
                x += "<\(tag)><rdf:Seq>\(items)</rdf:Seq></\(tag)>\n"
            } else {
                x += "<\(tag)>\(Self.escape(property.values[0]))</\(tag)>\n"
            }
        }
        x += """
            </rdf:Description>
            </rdf:RDF>
            </x:xmpmeta>
            <?xpacket end="r"?>
            """
        return Data(x.utf8)
    }

    /// Text as XML character data: markup escaped, and the characters XML 1.0 cannot hold left out.
    static func escape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                if scalar.value >= 0x20 && !(0xFFFE...0xFFFF).contains(scalar.value) { out.unicodeScalars.append(scalar) }
            }
        }
        return out
    }

    /// A date in UTC as XMP writes it: `2026-03-05T14:07:09Z`.
    static func xmpDate(_ date: Date) -> String {
        let c = utc(date)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02dZ", c.year!, c.month!, c.day!, c.hour!, c.minute!, c.second!)
    }

    /// The same date as PDF writes it: `D:20260305140709Z`.
    static func pdfDate(_ date: Date) -> String {
        let c = utc(date)
        return String(format: "D:%04d%02d%02d%02d%02d%02dZ", c.year!, c.month!, c.day!, c.hour!, c.minute!, c.second!)
    }

    private static func utc(_ date: Date) -> DateComponents {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
    }
}

extension ArchivalMetadata {
    /// The XMP packet of a digitized document with this metadata: Dublin Core, the dates, and every
    /// Anexo II field under Acervo's namespace with the PDF/A extension schema that declares it (the same
    /// packet ``PDFAWriter`` writes). `pdfa` adds the PDF/A claim; a PNG (`foto`, `planta`) makes none.
    public func xmpPacket(mediaType: String = "application/pdf", pdfa: PDFAConformance? = nil) -> String {
        String(decoding: ArchivalXMP(metadata: self, conformance: pdfa, mediaType: mediaType).packet, as: UTF8.self)
    }
}
