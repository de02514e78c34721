import AcervoCore

/// OLE2 compound documents (legacy .doc, .xls, .ppt, .msg): recognised by signature; macros are seen
/// cheaply when a VBA storage name shows in the bytes already read.
enum OLEStructure {
    static let signature: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]
    /// Storage names of VBA projects, in the UTF-16LE the directory stores them in.
    private static let macroStorages: [[UInt8]] = ["_VBA_PROJECT", "Macros", "_VBA_PROJECT_CUR"].map { name in
        name.utf8.flatMap { [$0, 0] }
    }

    static func recognises(_ head: UnsafeRawBufferPointer) -> Bool {
        head.matches(signature, at: 0)
    }

    static func inspect(_ reader: ContentReader, magicMIME: String) -> StructuralReport {
        if magicMIME == "application/x-msi" {
            return StructuralReport(format: .executable, mime: magicMIME)
        }
        let generic = ["application/x-ole-storage", "application/CDFV2", "application/octet-stream"]
        var report = StructuralReport(format: .oleOffice,
                                      mime: generic.contains(magicMIME) ? "application/x-ole-storage" : magicMIME)
        // The directory is usually in the first or the last sectors: look there, not further.
        var found = macroStorages.contains { reader.head.firstIndex(of: $0) != nil }
        if !found && reader.size > Int64(reader.head.count) {
            let span = Int(min(Int64(ContentReader.headCapacity), reader.size - Int64(reader.head.count)))
            if let tail = reader.bytes(at: reader.size - Int64(span), count: span) {
                found = macroStorages.contains { tail.firstIndex(of: $0) != nil }
            }
        }
        if found {
            report.format = .officeMacro
            report.note(.macros, "VBA storage in the compound document")
        }
        return report
    }
}
