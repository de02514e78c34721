/// What reading an archive may cost. libarchive enforces none of these (DESIGN.md trap 6): the
/// reader counts real bytes as they come out, never the sizes headers claim.
public struct DossierLimits: Sendable, Hashable {
    /// Entries of any kind.
    public var maximumEntries: Int
    /// Bytes out of all entries together.
    public var maximumTotalBytes: Int64
    /// Bytes out of one entry.
    public var maximumEntryBytes: Int64
    /// Bytes out per byte of archive: a photo bag is near 1, deflated JSON near 10, a zip bomb
    /// in the thousands.
    public var maximumRatio: Int64
    /// Output below which the ratio is not checked, so a small bag of text is never refused.
    public var ratioFloor: Int64
    /// Bytes of a tag file (`bag-info.txt`, a manifest) kept in memory.
    public var maximumTagFileBytes: Int
    /// Bytes of one path.
    public var maximumPathBytes: Int

    /// The defaults: far above any real case, low enough that a hostile archive stops early.
    public init(maximumEntries: Int = 1_000_000, maximumTotalBytes: Int64 = 1 << 40,
                maximumEntryBytes: Int64 = 64 << 30, maximumRatio: Int64 = 100, ratioFloor: Int64 = 16 << 20,
                maximumTagFileBytes: Int = 256 << 20, maximumPathBytes: Int = 4096) {
        self.maximumEntries = maximumEntries
        self.maximumTotalBytes = maximumTotalBytes
        self.maximumEntryBytes = maximumEntryBytes
        self.maximumRatio = maximumRatio
        self.ratioFloor = ratioFloor
        self.maximumTagFileBytes = maximumTagFileBytes
        self.maximumPathBytes = maximumPathBytes
    }

    /// The most an archive of `archiveBytes` may expand to.
    func totalBudget(archiveBytes: Int64) -> Int64 {
        let (scaled, overflow) = archiveBytes.multipliedReportingOverflow(by: maximumRatio)
        return min(maximumTotalBytes, max(ratioFloor, overflow ? .max : scaled))
    }
}
