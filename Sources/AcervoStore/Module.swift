// AcervoStore
