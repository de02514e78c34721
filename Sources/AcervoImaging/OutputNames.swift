import Foundation

/// The names under which each input of a normalize batch (`NormalizeBatch`, `acervo normalize`) writes its derivatives, chosen so
/// that no input of the batch overwrites another's.
///
/// Decided once, in input order, before any worker starts: which worker finishes first never changes
/// a name, and the same batch run again gets the same names (so a rerun overwrites its own earlier
/// outputs instead of piling up copies). Every input whose plain names (display, and thumbnail when
/// asked for) are free keeps them; each input whose plain names an earlier input already holds gets
/// the first free `-2`, `-3`, ... suffix on its stem, after every plain name of the batch is claimed,
/// so a suffixed name never takes a later input's plain name. Display and thumbnail always share one
/// stem.
///
/// Names are compared after Unicode canonical composition and case folding: `Foto.jpg` and `foto.jpg`
/// are one file on the case-insensitive volumes scanning stations often write to, and comparing the
/// same way everywhere keeps the names a batch gets the same on every file system.
public struct OutputNames: Sendable {
    /// What one input asks for: the stem of its name and the extension its display image takes.
    public struct Request: Sendable, Hashable {
        /// The input's file name without its extension.
        public var stem: String
        /// `jpg` or `png`, from the input's content.
        public var displayExtension: String

        /// Makes a request.
        public init(stem: String, displayExtension: String) {
            self.stem = stem
            self.displayExtension = displayExtension
        }
    }

    /// The derivative names one input was given.
    public struct Assignment: Sendable, Hashable {
        /// The stem both derivatives share: the input's own, or it with a `-N` suffix.
        public var stem: String
        /// The display image's file name.
        public var display: String
        /// The thumbnail's file name, when the batch makes thumbnails.
        public var thumbnail: String?
    }

    /// One assignment per request, in the same order.
    public let assignments: [Assignment]

    /// Assigns names to `requests` in order. `reserved` holds names no derivative may take at all
    /// (the batch's own inputs when they sit in the output directory).
    public init(_ requests: [Request], thumbnails: Bool, reserved: some Sequence<String> = [String]()) {
        func names(_ stem: String, _ request: Request) -> Assignment {
            Assignment(stem: stem, display: "\(stem).\(request.displayExtension)",
                       thumbnail: thumbnails ? "\(stem).thumb.jpg" : nil)
        }
        var taken = Set(reserved.map(Self.key))
        func claim(_ assignment: Assignment) -> Bool {
            let keys = [assignment.display, assignment.thumbnail].compactMap { $0.map(Self.key) }
            guard keys.allSatisfy({ !taken.contains($0) }) else { return false }
            taken.formUnion(keys)
            return true
        }

        let plain = requests.map { names($0.stem, $0) }
        let keepsPlain = plain.map(claim)
        // Where the search for a free suffix resumes, per stem and extension (the names it tried stay
        // taken): a batch of thousands of `scan.jpg` stays linear.
        var nextSuffix: [String: Int] = [:]
        assignments = requests.indices.map { index in
            if keepsPlain[index] { return plain[index] }
            let stem = requests[index].stem
            let resume = Self.key(stem) + "\u{0}" + requests[index].displayExtension
            // Each failed try hits a name already taken, so this ends within taken.count + 1 tries.
            var suffix = nextSuffix[resume, default: 2]
            while true {
                let candidate = names("\(stem)-\(suffix)", requests[index])
                suffix += 1
                if claim(candidate) {
                    nextSuffix[resume] = suffix
                    return candidate
                }
            }
        }
    }

    /// One input's assignment.
    public subscript(index: Int) -> Assignment { assignments[index] }

    /// The form two names are compared in: canonically composed and case-folded.
    public static func key(_ name: String) -> String {
        name.precomposedStringWithCanonicalMapping.lowercased()
    }
}
