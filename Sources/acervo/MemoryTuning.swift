import AcervoSystem

/// Keeps glibc's malloc from handing memory back to the kernel after every file of a batch
/// (`MallocTuning` says how); the command's batches (sniff, intake, normalize) call it at start.
enum MemoryTuning {
    static func apply() {
        MallocTuning.applyForBatches()
    }
}
