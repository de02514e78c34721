import CTesseractLoader

/// Keeps Tesseract's OpenMP regions on the thread that enters them.
///
/// Debian's libtesseract is built with OpenMP (it links libgomp), and its LSTM layers open parallel regions
/// that ask for four threads by name (`num_threads(4)`). On a two-core machine those threads double the
/// CPU a page costs for little gain in time; Acervo runs several pages at once instead, one thread each.
/// The usual switch, `OMP_THREAD_LIMIT=1`, is read once, when libgomp loads (with libtesseract, on the
/// first page read), and only from the environment; `omp_set_num_threads(1)` does not bind a region that
/// names its own count. Setting the maximum number of *active* levels to 0 does: no region is active, so
/// every region runs on the thread that opens it. In libgomp (GCC 12) that setting belongs to the calling
/// thread, so it is made on every thread before it recognizes. libgomp is opened privately with
/// libtesseract, so the function is found through libtesseract (`CTesseractLoader`), not in the process's
/// global symbols; a Tesseract built without OpenMP needs nothing.
enum OpenMPThreads {
    /// Whether Tesseract runs on an OpenMP runtime here (opening it if not yet done).
    static var present: Bool { CTesseractLoader_has_openmp() != 0 }

    /// Makes every OpenMP region the calling thread opens run on that thread alone.
    static func confineCurrentThread() {
        CTesseractLoader_omp_set_max_active_levels(0)
    }
}
