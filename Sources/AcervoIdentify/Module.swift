// AcervoIdentify
