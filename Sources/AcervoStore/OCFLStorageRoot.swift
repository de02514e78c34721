import AcervoCore
import AcervoSystem
import Foundation

/// The files that make `objects/` an OCFL 1.1 storage root with the flat-direct layout
/// (extension 0002): each object's directory is named by its id, which `CaseNumber` already keeps to
/// a safe alphabet. Flat-direct is chosen because protocol numbers are short and safe, and an
/// archivist can find a case by name without computing a hash.
enum OCFLStorageRoot {
    static let declarationName = "0=ocfl_1.1"
    static let declarationContent = "ocfl_1.1\n"
    static let layoutName = "ocfl_layout.json"
    static let extensionName = "0002-flat-direct-storage-layout"
    static let layoutDescription = "Extension 0002: Flat Direct Storage Layout"

    static var layoutJSON: Data {
        Data("{\n  \"description\": \"\(layoutDescription)\",\n  \"extension\": \"\(extensionName)\"\n}\n".utf8)
    }

    /// The files a storage root holds at its top, by relative path.
    ///
    /// No `extensions/0002-flat-direct-storage-layout/config.json`: the extension's only parameter is
    /// its own name, so the defaults apply and the OCFL extensions spec lets the file be left out;
    /// and ocfl-py 2.1.0, the reference validator archivists run, crashes on that file for 0002
    /// (`check_and_set_layout_params` iterates the layout's `PARAMS`, which is `None` for 0002).
    static var files: [(String, Data)] {
        [(declarationName, Data(declarationContent.utf8)),
         (layoutName, layoutJSON)]
    }

    /// Creates whatever part of the storage root is missing; existing files are left as they are.
    static func ensure(at root: URL, scratch: URL) throws(AcervoError) {
        try DurableFiles.makeDirectory(root)
        for (path, content) in files {
            let url = root.appendingPathComponent(path)
            guard !DurableFiles.exists(url) else { continue }
            try DurableFiles.makeDirectory(url.deletingLastPathComponent())
            try DurableFiles.replace(url, with: content, scratch: scratch)
        }
    }
}
