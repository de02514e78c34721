/// Byte sizes as people write them in a policy: `20 MB`, `4 GB`, `512 KB`, `1000` (powers of 1024).
public enum ByteCount {
    /// Parses a size; `nil` when it is not a non-negative number with an optional B, KB, MB or GB unit.
    public static func parse(_ text: String) -> Int64? {
        let t = text.uppercased().filter { $0 != " " && $0 != "_" }
        let units: [(String, Int64)] = [("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10), ("B", 1)]
        for (suffix, factor) in units where t.hasSuffix(suffix) {
            guard let n = Int64(t.dropLast(suffix.count)), n >= 0 else { return nil }
            let (product, overflow) = n.multipliedReportingOverflow(by: factor)
            return overflow ? nil : product
        }
        guard let n = Int64(t), n >= 0 else { return nil }
        return n
    }

    /// A size for people: `1.5 MB`, `820 KB`, `12 B`.
    public static func format(_ bytes: Int64) -> String {
        let units: [(String, Double)] = [("GB", 1_073_741_824), ("MB", 1_048_576), ("KB", 1024)]
        for (name, size) in units where Double(bytes) >= size {
            let value = Double(bytes) / size
            let rounded = (value * 10).rounded() / 10
            return rounded == rounded.rounded() ? "\(Int(rounded)) \(name)" : "\(rounded) \(name)"
        }
        return "\(bytes) B"
    }
}
