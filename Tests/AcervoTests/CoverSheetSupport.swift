import AcervoCore
import AcervoStation
import Foundation
import Testing

/// Whether the tools the cover sheet tests check against are there: poppler's pdftoppm, zbar-tools'
/// zbarimg, the qrencode command and Python with Pillow.
let coverSheetToolsPresent: Bool = ["pdftoppm", "zbarimg", "qrencode", "pdfinfo"].allSatisfy { which($0) != nil } && pillowAvailable
let needsCoverSheetTools = ConditionTrait.enabled(
    if: coverSheetToolsPresent, "pdftoppm, zbarimg, qrencode (apt zbar-tools qrencode poppler-utils) or Pillow are missing")

/// Sheets rendered and scanned the ways a station meets them, made with tools independent of Acervo.
enum SheetScans {
    struct ToolFailure: Error, CustomStringConvertible { var description: String }

    /// Runs a tool, failing the test with its standard error when it fails.
    @discardableResult
    static func run(_ tool: String, _ arguments: [String]) throws -> CommandResult {
        let result = try runCommand(which(tool) ?? URL(fileURLWithPath: "/usr/bin/env"),
                                    which(tool) == nil ? [tool] + arguments : arguments)
        guard result.status == 0 else { throw ToolFailure(description: "\(tool) \(arguments): \(result.stderr)") }
        return result
    }

    /// The PDF's page rendered by pdftoppm at `dpi` as a colour PNG.
    static func render(_ pdf: URL, dpi: Int, to png: URL) throws {
        try run("pdftoppm", ["-r", String(dpi), "-png", "-singlefile", pdf.path,
                             png.deletingPathExtension().path])
    }

    /// What zbarimg reads in an image: the text of each code, one a line.
    static func zbarimg(_ image: URL) throws -> [String] {
        let result = try runCommand(which("zbarimg")!, ["-q", "--raw", image.path])
        return result.stdout.split(separator: "\n").map(String.init)
    }

    /// A QR code of `text` made by the qrencode command, as a PNG (10 pixels a module).
    static func qrencode(_ text: String, to png: URL) throws {
        try run("qrencode", ["-o", png.path, "-s", "10", "-m", "4", text])
    }

    /// Pillow helpers shared by the scripts: an A4 text page at a resolution, with an optional code pasted on it.
    static let pillowPrelude = """
        import sys
        from PIL import Image, ImageDraw, ImageFont
        def text_page(dpi, label, code=None):
            w, h = int(8.27 * dpi), int(11.69 * dpi)
            im = Image.new("L", (w, h), 255)
            d = ImageDraw.Draw(im)
            font = ImageFont.load_default(size=max(10, dpi // 7))
            for i in range(24):
                d.text((dpi, dpi + i * dpi // 3), f"{label}: linha {i + 1} do documento digitalizado, texto de exemplo.", fill=0, font=font)
            if code:
                q = Image.open(code).convert("L")
                im.paste(q, (w - q.width - dpi // 2, h - q.height - dpi // 2))
            return im
        def scanned(grey, how):
            if how == "grey": return grey
            if how == "rgb": return grey.convert("RGB")
            if how == "threshold": return grey.point(lambda v: 255 if v >= 128 else 0).convert("1", dither=Image.Dither.NONE)
            # A scanner's dithering of a greyish page: black is never quite black, white never quite white.
            if how == "dither": return grey.point(lambda v: 45 + v * 170 // 255).convert("1")
            raise ValueError(how)
        """

    /// Writes a single-page TIFF of the rendered `png`, scanned as `how` (grey, rgb, threshold, dither)
    /// and turned by `degrees` counterclockwise, at `dpi`.
    static func scan(_ png: URL, as how: String, turned degrees: Int, dpi: Int, to tiff: URL) throws {
        let script = pillowPrelude + """

            src, how, degrees, dpi, out = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
            im = scanned(Image.open(src).convert("L"), how)
            if degrees: im = im.rotate(degrees, expand=True)
            im.save(out, compression="group4" if im.mode == "1" else "tiff_lzw", dpi=(dpi, dpi))
            """
        try run("python3", ["-c", script, png.path, how, String(degrees), String(dpi), tiff.path])
    }

    /// Writes a multi-page TIFF at `dpi`: for each entry, a rendered sheet (`sheet|<png>|<how>|<degrees>`)
    /// or a text page (`text|<label>` or `text|<label>|<code png>`).
    static func stack(_ pages: [String], dpi: Int, to tiff: URL) throws {
        let script = pillowPrelude + """

            dpi, out = int(sys.argv[1]), sys.argv[2]
            frames = []
            for spec in sys.argv[3:]:
                parts = spec.split("|")
                if parts[0] == "sheet":
                    im = scanned(Image.open(parts[1]).convert("L"), parts[2])
                    if int(parts[3]): im = im.rotate(int(parts[3]), expand=True)
                else:
                    im = text_page(dpi, parts[1], parts[2] if len(parts) > 2 else None)
                frames.append(im)
            frames[0].save(out, save_all=True, append_images=frames[1:], compression="tiff_lzw", dpi=(dpi, dpi))
            """
        try run("python3", ["-c", script, String(dpi), tiff.path] + pages)
    }
}
