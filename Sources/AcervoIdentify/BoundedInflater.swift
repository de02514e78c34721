import CZlib

/// zlib inflation that stops at a byte budget, so a deflate bomb inside an upload costs at most the budget.
final class BoundedInflater {
    /// What inflating produced.
    enum Outcome {
        /// The stream ended within the budget.
        case complete
        /// The budget was reached first; what was produced is kept.
        case budgetReached
        /// The data is not a valid zlib (or raw deflate) stream.
        case invalid
    }

    private var stream = z_stream()
    private var ready = false
    private let budget: Int
    /// Whether the inflated bytes are kept in `output`, or only counted.
    private let keeping: Bool
    /// The inflated bytes so far, never more than the budget (empty when they are only counted).
    private(set) var output: [UInt8] = []
    /// How many bytes were inflated so far, never more than the budget.
    private(set) var produced = 0
    private(set) var outcome: Outcome = .complete
    private var finished = false

    /// Prepares to inflate a zlib stream (`raw: false`, as in PDF FlateDecode) or raw deflate (`raw: true`, as in ZIP).
    /// With `keeping: false` the bytes are only counted: how far a ZIP entry really expands is measured
    /// without holding it.
    init(budget: Int, raw: Bool = false, keeping: Bool = true) {
        self.budget = budget
        self.keeping = keeping
        let status = raw
            ? inflateInit2_(&stream, -MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
            : CZlib_inflateInit(&stream)
        ready = status == Z_OK
        if !ready { outcome = .invalid; finished = true }
    }

    deinit {
        if ready { inflateEnd(&stream) }
    }

    /// Feeds more compressed bytes; returns `false` once nothing more is wanted (ended, budget, error).
    @discardableResult
    func feed(_ input: UnsafeRawBufferPointer) -> Bool {
        guard !finished, let base = input.baseAddress, input.count > 0 else { return !finished }
        var scratch = [UInt8](repeating: 0, count: 64 * 1024)
        stream.next_in = UnsafeMutablePointer(mutating: base.assumingMemoryBound(to: Bytef.self))
        stream.avail_in = uInt(input.count)
        while stream.avail_in > 0 {
            let room = min(scratch.count, budget - produced)
            if room <= 0 {
                outcome = .budgetReached
                finished = true
                return false
            }
            let status = scratch.withUnsafeMutableBufferPointer { out -> Int32 in
                stream.next_out = out.baseAddress
                stream.avail_out = uInt(room)
                return inflate(&stream, Z_NO_FLUSH)
            }
            let step = room - Int(stream.avail_out)
            produced += step
            if keeping { output.append(contentsOf: scratch[0..<step]) }
            if status == Z_STREAM_END {
                finished = true
                return false
            }
            if status != Z_OK && status != Z_BUF_ERROR {
                outcome = .invalid
                finished = true
                return false
            }
            if status == Z_BUF_ERROR && step == 0 { break }
        }
        return true
    }
}
