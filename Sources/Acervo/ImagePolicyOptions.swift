public import AcervoImaging
public import AcervoPolicy

// The policy module stays free of the decoders: the pipeline, which links both, turns a policy's
// `images:` section into what the normalizer takes.

extension ImageLimits {
    /// The decoder limits an intake policy's `images:` section sets. Values below zero (only possible in
    /// a policy built in code) become zero, which refuses every image rather than lifting the limit.
    public init(_ policy: ImagePolicy) {
        self.init(pixels: UInt64(clamping: policy.maxPixels), side: UInt32(clamping: policy.maxSide),
                  progressiveScans: UInt32(clamping: policy.maxProgressiveScans),
                  decoderMemory: UInt64(clamping: policy.decoderMemory), pngChunk: UInt64(clamping: policy.pngChunkMax))
    }
}

extension NormalizeOptions {
    /// The derivatives and decoder limits an intake policy's `images:` section sets.
    public init(_ policy: ImagePolicy) {
        let cmykProfile: String? = switch policy.cmykProfile {
        case .automatic: CMYKProfile.locate()
        case .file(let path): path
        case .none: nil
        }
        self.init(maxDimension: policy.displaySide, quality: policy.jpegQuality,
                  thumbnailDimension: policy.thumbnailSide, limits: ImageLimits(policy), cmykProfile: cmykProfile)
    }
}
