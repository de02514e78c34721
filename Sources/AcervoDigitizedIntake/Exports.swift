// Digitized intake is its own module so that what only scanned paper needs (qpdf, OpenSSL, libtiff,
// Tesseract) is never loaded by a server that links `Acervo` for uploads: `import AcervoDigitizedIntake`
// brings Acervo and the digitizer with it.

/// The evidence archive and everything `import Acervo` brings.
@_exported public import Acervo
/// Digitization of scanned paper (Decreto 10.278/2020): profiles, PDF/A parts, OCR languages, signing
/// identities, the quality gate's findings and the digitizer itself.
@_exported public import AcervoDigitize
