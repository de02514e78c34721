/// The resolution an EXIF block's first directory (IFD0) declares: `XResolution`, `YResolution` and
/// `ResolutionUnit`, read within the block's bounds only.
enum EXIFResolution {
    static func dotsPerInch(_ tiff: [UInt8]) -> (x: Double, y: Double)? {
        guard tiff.count >= 8 else { return nil }
        let little: Bool
        switch (tiff[0], tiff[1]) {
        case (0x49, 0x49): little = true
        case (0x4D, 0x4D): little = false
        default: return nil
        }
        func u16(_ i: Int) -> Int? {
            guard i >= 0, i + 2 <= tiff.count else { return nil }
            return little ? Int(tiff[i]) | Int(tiff[i + 1]) << 8 : Int(tiff[i]) << 8 | Int(tiff[i + 1])
        }
        func u32(_ i: Int) -> Int? {
            guard let a = u16(i), let b = u16(i + 2) else { return nil }
            return little ? a | b << 16 : a << 16 | b
        }
        guard let ifd = u32(4), let count = u16(ifd) else { return nil }
        var x: Double?, y: Double?, unit = 2
        for entry in 0..<min(count, 512) {
            let at = ifd + 2 + entry * 12
            guard let tag = u16(at), let type = u16(at + 2) else { return nil }
            switch tag {
            case 282 where type == 5, 283 where type == 5:  // RATIONAL, stored at the offset the entry gives
                guard let offset = u32(at + 8), let numerator = u32(offset), let denominator = u32(offset + 4),
                      denominator > 0, numerator > 0 else { continue }
                let value = Double(numerator) / Double(denominator)
                if tag == 282 { x = value } else { y = value }
            case 296 where type == 3:
                unit = u16(at + 8) ?? 2
            default: break
            }
        }
        guard let x, let y else { return nil }
        switch unit {
        case 2: return (x, y)
        case 3: return (x * 2.54, y * 2.54)
        default: return nil  // 1: no unit, only an aspect ratio
        }
    }

    /// Quarter turns clockwise that set upright an image of EXIF `orientation` (mirrored ones as their turn).
    static func quarterTurns(orientation: Int) -> Int {
        switch orientation {
        case 3, 4: 2
        case 6, 5: 1
        case 8, 7: 3
        default: 0
        }
    }
}
