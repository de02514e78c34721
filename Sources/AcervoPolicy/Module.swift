// AcervoPolicy
