import AcervoCore
import CAcervoImaging
import CHeifLoader
import Foundation

/// HEIF/HEIC through libheif: the primary image, with HEIF's own transforms (rotation, mirror, crop)
/// applied by libheif, handed to the same resampler and encoder as JPEG and PNG.
///
/// libheif is opened on first use (`CHeifLoader`, through `HEIFLibrary`). It reports errors as values, so no setjmp is needed;
/// it decodes the whole primary image at once, so the pixel and decoder-memory limits are checked from
/// the handle first.
struct HEIFDecoding {
    let settings: CAcervoImaging_normalize_settings

    /// Normalizes `source`; fills `report` like the C normalizer does and returns its status.
    func normalize(_ source: URL, display: URL, thumbnail: URL?, report: inout CAcervoImaging_normalize_report) -> Int32 {
        report = CAcervoImaging_normalize_report()
        if case .failure(let unavailable) = HEIFLibrary.availability {
            return fail(&report, CAcervoImaging_normalize_unsupported, unavailable.message)
        }
        guard let context = CHeifLoader_heif_context_alloc() else { return fail(&report, CAcervoImaging_normalize_no_memory, "out of memory for libheif") }
        defer { CHeifLoader_heif_context_free(context) }
        CHeifLoader_heif_context_set_maximum_image_size_limit(context, Int32(clamping: settings.max_side))
        let read = source.withUnsafeFileSystemRepresentation { CHeifLoader_heif_context_read_from_file(context, $0, nil) }
        guard read.code == heif_error_Ok else { return fail(&report, status(of: read), message(of: read)) }

        var handle: OpaquePointer?
        let primary = CHeifLoader_heif_context_get_primary_image_handle(context, &handle)
        guard primary.code == heif_error_Ok, let handle else { return fail(&report, status(of: primary), message(of: primary)) }
        defer { CHeifLoader_heif_image_handle_release(handle) }
        let width = Int(CHeifLoader_heif_image_handle_get_width(handle)), height = Int(CHeifLoader_heif_image_handle_get_height(handle))
        report.source_width = UInt32(clamping: width)
        report.source_height = UInt32(clamping: height)
        let alpha = CHeifLoader_heif_image_handle_has_alpha_channel(handle) != 0
        let channels = alpha ? 4 : 3
        guard width > 0, height > 0, UInt64(width) * UInt64(height) <= settings.max_pixels,
              width <= Int(settings.max_side), height <= Int(settings.max_side) else {
            return fail(&report, CAcervoImaging_normalize_refused, "\(width)x\(height) pixels is over the limit")
        }
        guard UInt64(width) * UInt64(height) * UInt64(channels) * 2 <= settings.max_decoder_memory else {
            return fail(&report, CAcervoImaging_normalize_refused, "a \(width)x\(height) HEIF needs more than the decoder memory limit")
        }

        var image: OpaquePointer?
        let chroma = alpha ? heif_chroma_interleaved_RGBA : heif_chroma_interleaved_RGB
        let decoded = CHeifLoader_heif_decode_image(handle, &image, heif_colorspace_RGB, chroma, nil)
        guard decoded.code == heif_error_Ok, let image else { return fail(&report, status(of: decoded), message(of: decoded)) }
        defer { CHeifLoader_heif_image_release(image) }
        var stride: Int32 = 0
        guard let plane = CHeifLoader_heif_image_get_plane_readonly(image, heif_channel_interleaved, &stride) else {
            return fail(&report, CAcervoImaging_normalize_corrupt, "libheif gave no interleaved plane")
        }
        let decodedWidth = UInt32(clamping: CHeifLoader_heif_image_get_width(image, heif_channel_interleaved))
        let decodedHeight = UInt32(clamping: CHeifLoader_heif_image_get_height(image, heif_channel_interleaved))

        // Only an ICC profile travels ('prof' or 'rICC'); an nclx description has no bytes to copy.
        var icc = [UInt8]()
        let profile = CHeifLoader_heif_image_handle_get_color_profile_type(handle)
        if profile == heif_color_profile_type_prof || profile == heif_color_profile_type_rICC {
            let size = CHeifLoader_heif_image_handle_get_raw_color_profile_size(handle)
            if size > 0, size < 4 << 20 {
                icc = [UInt8](repeating: 0, count: size)
                let got = icc.withUnsafeMutableBytes { CHeifLoader_heif_image_handle_get_raw_color_profile(handle, $0.baseAddress) }
                if got.code != heif_error_Ok { icc = [] }
            }
        }
        var settings = self.settings
        let result = display.withUnsafeFileSystemRepresentation { displayPath in
            icc.withUnsafeBufferPointer { profileBytes in
                withOptionalPath(thumbnail) { thumbPath in
                    CAcervoImaging_normalize_pixels(plane, Int(stride), decodedWidth, decodedHeight, Int32(channels),
                                                  profileBytes.isEmpty ? nil : profileBytes.baseAddress, profileBytes.count,
                                                  displayPath, thumbPath, &settings, &report)
                }
            }
        }
        report.source_width = UInt32(clamping: width)
        report.source_height = UInt32(clamping: height)
        return result
    }

    private func fail(_ report: inout CAcervoImaging_normalize_report, _ status: Int, _ text: String) -> Int32 {
        report.status = Int32(status)
        withUnsafeMutableBytes(of: &report.message) { raw in
            let bytes = Array(text.utf8.prefix(raw.count - 1))
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        return Int32(status)
    }

    private func status(of error: heif_error) -> Int {
        switch error.code {
        case heif_error_Memory_allocation_error: CAcervoImaging_normalize_no_memory
        case heif_error_Unsupported_feature, heif_error_Unsupported_filetype: CAcervoImaging_normalize_unsupported
        case heif_error_Input_does_not_exist: CAcervoImaging_normalize_io
        case heif_error_Invalid_input where error.subcode == heif_suberror_End_of_data: CAcervoImaging_normalize_truncated
        case heif_error_Invalid_input where error.subcode == heif_suberror_Security_limit_exceeded: CAcervoImaging_normalize_refused
        default: CAcervoImaging_normalize_corrupt
        }
    }

    private func message(of error: heif_error) -> String {
        guard let text = error.message else { return "libheif error \(error.code.rawValue)" }
        return String(decoding: UnsafeRawBufferPointer(start: text, count: strlen(text)), as: UTF8.self)
    }

    private func withOptionalPath<R>(_ url: URL?, _ body: (UnsafePointer<CChar>?) -> R) -> R {
        guard let url else { return body(nil) }
        return url.withUnsafeFileSystemRepresentation { body($0) }
    }
}
