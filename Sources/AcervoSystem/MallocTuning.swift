import CAcervoSystem

/// Keeps glibc's malloc from handing memory back to the kernel after every file of a batch.
///
/// libmagic and the decoders allocate and free their working memory file after file; with glibc's
/// defaults each worker's arena shrinks and grows again around every file (two `mprotect` calls and
/// fresh zeroed pages each time). A larger top pad and trim threshold keep a few megabytes per worker
/// instead, a bounded amount. A process-wide setting: the command applies it, the library never does.
package enum MallocTuning {
    /// Applies the batch settings (a no-op where malloc is not glibc's).
    package static func applyForBatches() {
        CAcervoSystem_tune_malloc_for_batches()
    }
}
