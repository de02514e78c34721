import ArgumentParser

/// The range of every numeric option of the command, checked before any work starts: a value outside
/// it is a usage error (exit 64) that names the allowed range.
enum OptionBounds {
    /// `sniff --workers`: each worker loads its own libmagic database, so the count is bounded.
    static let workers = 1...256
    /// `normalize --max-dimension` and `--thumbnail`: the policy's range for an image side (libjpeg
    /// refuses sides past 65500).
    static let imageSide = 1...65_500
    /// `quarantine purge --older-than`: days, up to a century.
    static let ageInDays = 0...36_500
    /// `normalize --quality`: a JPEG quality.
    static let quality = 1...100

    /// Throws the usage error for `value` of `option` outside `range`; nothing for an absent value.
    static func check(_ value: Int?, _ range: ClosedRange<Int>, _ option: String) throws {
        guard let value, !range.contains(value) else { return }
        throw ValidationError("\(option) must be between \(range.lowerBound) and \(range.upperBound), not \(value) / "
            + "\(option) deve estar entre \(range.lowerBound) e \(range.upperBound)")
    }
}
