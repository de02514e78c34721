import CAcervoImaging

/// How this process decodes progressive JPEGs.
public enum ProgressiveJPEG {
    /// Whether the scans that refine coefficients already seen go through Acervo's own routine
    /// (`jpeg_refine.c`, inside libjpeg-turbo) rather than libjpeg-turbo's. It does on x86-64 CPUs with
    /// a fast PDEP instruction unless `ACERVO_JPEG_REFINE=libjpeg` is set; the decoded pixels are the
    /// same either way, only the CPU time differs.
    public static var refinementByAcervo: Bool { CAcervoImaging_jpeg_refine_in_use() != 0 }
}
