import AcervoImaging
import Foundation
import Testing

/// Every EXIF orientation comes out upright: the nine photos of a set look the same after normalization.
@Suite("Imaging: orientation")
struct ImagingOrientationTests {
    static let folder = corpusRoot.appending(path: "orientation")
    static let cases: [(String, Int)] = ["Landscape", "Portrait"].flatMap { set in (0...8).map { (set, $0) } }

    @Test("Each orientation normalizes to the picture of orientation 1", needsCorpus, arguments: cases)
    func upright(set: String, number: Int) throws {
        let directory = TemporaryDirectory("imaging-orientation")
        defer { directory.cleanUp() }
        let reference = normalizeForTest(Self.folder.appending(path: "\(set)_1.jpg"), in: directory, maxDimension: 48)
        let outcome = normalizeForTest(Self.folder.appending(path: "\(set)_\(number).jpg"), in: directory, maxDimension: 48)
        #expect(outcome.succeeded)
        #expect(outcome.orientation == max(1, number))
        let expected = try DecodedPixels(try #require(reference.display))
        let actual = try DecodedPixels(try #require(outcome.display))
        #expect(actual.width == expected.width && actual.height == expected.height)
        // The pictures differ only in the digit printed in their middle.
        let difference = try #require(actual.meanDifference(expected))
        #expect(difference < 6, "mean difference \(difference)")
    }

    @Test("The stored pixels of a turned photo are not upright: the comparison can fail", needsCorpus)
    func comparisonDiscriminates() throws {
        let directory = TemporaryDirectory("imaging-orientation")
        defer { directory.cleanUp() }
        let upright = try DecodedPixels(try #require(normalizeForTest(Self.folder.appending(path: "Landscape_1.jpg"), in: directory, maxDimension: 48).display))
        let stored = try DecodedPixels(Self.folder.appending(path: "Landscape_3.jpg"), maxDimension: 48)
        #expect(stored.orientation == 3)
        let difference = try #require(stored.meanDifference(upright))
        #expect(difference > 20, "mean difference \(difference)")
    }

    @Test("Orientation is read from IFD0 and swaps the sides for 5 to 8", arguments: 1...8)
    func synthetic(orientation: Int) throws {
        let directory = TemporaryDirectory("imaging-orientation")
        defer { directory.cleanUp() }
        let source = directory.url.appending(path: "o\(orientation).jpg")
        // 64x32, red in the top-left quarter, as stored.
        try TestImages.jpeg(source, width: 64, height: 32, components: 3, exif: TestImages.exifOrientation(UInt16(orientation))) { x, y in
            x < 32 && y < 16 ? [255, 0, 0] : [255, 255, 255]
        }
        let outcome = normalizeForTest(source, in: directory)
        #expect(outcome.orientation == orientation)
        let swapped = orientation >= 5
        #expect(outcome.width == (swapped ? 32 : 64) && outcome.height == (swapped ? 64 : 32))
        let image = try DecodedPixels(try #require(outcome.display))
        // Where the stored top-left quarter lands once upright.
        let (w, h) = (image.width, image.height)
        let corner: (Int, Int) = switch orientation {
        case 1, 5: (2, 2)
        case 2, 6: (w - 3, 2)
        case 3, 7: (w - 3, h - 3)
        default: (2, h - 3) // 4, 8
        }
        let pixel = image[corner.0, corner.1]
        #expect(pixel[0] > 200 && pixel[1] < 60 && pixel[2] < 60, "orientation \(orientation): \(pixel)")
    }
}
