import CHeif
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// libheif, opened the first time a HEIF image is decoded rather than when the process starts.
///
/// libheif brings its codecs with it (x265, libde265, dav1d, aom and libnuma), and the dynamic loader
/// spends about 5 ms relocating and initialising them: a fifth of what `acervo sniff` or `acervo intake`
/// of a few files costs in all, paid by every process whether it meets a HEIC or not. The `CHeif`
/// module therefore gives only the header's types; the functions come from `dlopen` here, once per
/// process.
struct HEIFLibrary: @unchecked Sendable {
    // Function pointers into a library that is never unloaded: immutable after `load`, so sharing the
    // struct between threads is safe.
    let contextAlloc: @convention(c) () -> OpaquePointer?
    let contextFree: @convention(c) (OpaquePointer?) -> Void
    let setMaximumImageSizeLimit: @convention(c) (OpaquePointer?, Int32) -> Void
    let readFromFile: @convention(c) (OpaquePointer?, UnsafePointer<CChar>?, OpaquePointer?) -> heif_error
    let primaryImageHandle: @convention(c) (OpaquePointer?, UnsafeMutablePointer<OpaquePointer?>?) -> heif_error
    let handleRelease: @convention(c) (OpaquePointer?) -> Void
    let handleWidth: @convention(c) (OpaquePointer?) -> Int32
    let handleHeight: @convention(c) (OpaquePointer?) -> Int32
    let handleHasAlpha: @convention(c) (OpaquePointer?) -> Int32
    let colorProfileType: @convention(c) (OpaquePointer?) -> heif_color_profile_type
    let rawColorProfileSize: @convention(c) (OpaquePointer?) -> Int
    let rawColorProfile: @convention(c) (OpaquePointer?, UnsafeMutableRawPointer?) -> heif_error
    let decodeImage: @convention(c) (OpaquePointer?, UnsafeMutablePointer<OpaquePointer?>?, heif_colorspace, heif_chroma,
                                     UnsafePointer<heif_decoding_options>?) -> heif_error
    let imageWidth: @convention(c) (OpaquePointer?, heif_channel) -> Int32
    let imageHeight: @convention(c) (OpaquePointer?, heif_channel) -> Int32
    let planeReadonly: @convention(c) (OpaquePointer?, heif_channel, UnsafeMutablePointer<Int32>?) -> UnsafePointer<UInt8>?
    let imageRelease: @convention(c) (OpaquePointer?) -> Void
    /// libheif's version string, e.g. `1.15.1`.
    let version: String

    /// The library, or why it could not be opened (in Portuguese and English).
    static let shared: Result<HEIFLibrary, HEIFLibraryUnavailable> = load()

    /// The shared object names tried in turn: the runtime package's soname first, then the development link.
    static let names = ["libheif.so.1", "libheif.so", "libheif.1.dylib", "libheif.dylib"]

    private static func load() -> Result<HEIFLibrary, HEIFLibraryUnavailable> {
        var failures: [String] = []
        for name in names {
            // RTLD_NOW: a missing symbol shows here, once, not as a crash in the middle of a decode.
            if let handle = dlopen(name, RTLD_NOW | RTLD_LOCAL) {
                return bind(handle, name)
            }
            if let text = dlerror() { failures.append(String(cString: text)) }
        }
        return .failure(HEIFLibraryUnavailable(detail: failures.first ?? "libheif not found"))
    }

    private static func bind(_ handle: UnsafeMutableRawPointer, _ name: String) -> Result<HEIFLibrary, HEIFLibraryUnavailable> {
        func symbol<F>(_ symbolName: String, as type: F.Type) throws(HEIFLibraryUnavailable) -> F {
            guard let address = dlsym(handle, symbolName) else {
                throw HEIFLibraryUnavailable(detail: "\(name) lacks \(symbolName)")
            }
            return unsafeBitCast(address, to: type)
        }
        do throws(HEIFLibraryUnavailable) {
            let version = try symbol("heif_get_version", as: (@convention(c) () -> UnsafePointer<CChar>?).self)
            return .success(HEIFLibrary(
                contextAlloc: try symbol("heif_context_alloc", as: (@convention(c) () -> OpaquePointer?).self),
                contextFree: try symbol("heif_context_free", as: (@convention(c) (OpaquePointer?) -> Void).self),
                setMaximumImageSizeLimit: try symbol("heif_context_set_maximum_image_size_limit",
                                                     as: (@convention(c) (OpaquePointer?, Int32) -> Void).self),
                readFromFile: try symbol("heif_context_read_from_file",
                                         as: (@convention(c) (OpaquePointer?, UnsafePointer<CChar>?, OpaquePointer?) -> heif_error).self),
                primaryImageHandle: try symbol("heif_context_get_primary_image_handle",
                                               as: (@convention(c) (OpaquePointer?, UnsafeMutablePointer<OpaquePointer?>?) -> heif_error).self),
                handleRelease: try symbol("heif_image_handle_release", as: (@convention(c) (OpaquePointer?) -> Void).self),
                handleWidth: try symbol("heif_image_handle_get_width", as: (@convention(c) (OpaquePointer?) -> Int32).self),
                handleHeight: try symbol("heif_image_handle_get_height", as: (@convention(c) (OpaquePointer?) -> Int32).self),
                handleHasAlpha: try symbol("heif_image_handle_has_alpha_channel", as: (@convention(c) (OpaquePointer?) -> Int32).self),
                colorProfileType: try symbol("heif_image_handle_get_color_profile_type",
                                             as: (@convention(c) (OpaquePointer?) -> heif_color_profile_type).self),
                rawColorProfileSize: try symbol("heif_image_handle_get_raw_color_profile_size",
                                                as: (@convention(c) (OpaquePointer?) -> Int).self),
                rawColorProfile: try symbol("heif_image_handle_get_raw_color_profile",
                                            as: (@convention(c) (OpaquePointer?, UnsafeMutableRawPointer?) -> heif_error).self),
                decodeImage: try symbol("heif_decode_image",
                                        as: (@convention(c) (OpaquePointer?, UnsafeMutablePointer<OpaquePointer?>?, heif_colorspace,
                                                             heif_chroma, UnsafePointer<heif_decoding_options>?) -> heif_error).self),
                imageWidth: try symbol("heif_image_get_width", as: (@convention(c) (OpaquePointer?, heif_channel) -> Int32).self),
                imageHeight: try symbol("heif_image_get_height", as: (@convention(c) (OpaquePointer?, heif_channel) -> Int32).self),
                planeReadonly: try symbol("heif_image_get_plane_readonly",
                                          as: (@convention(c) (OpaquePointer?, heif_channel, UnsafeMutablePointer<Int32>?) -> UnsafePointer<UInt8>?).self),
                imageRelease: try symbol("heif_image_release", as: (@convention(c) (OpaquePointer?) -> Void).self),
                version: version().map { String(cString: $0) } ?? "unknown"
            ))
        } catch {
            return .failure(error)
        }
    }
}

/// Why libheif could not be opened: HEIF images then get a clear `unsupported` outcome, never a crash.
struct HEIFLibraryUnavailable: Error, Sendable, CustomStringConvertible {
    let detail: String

    var description: String { message }

    var message: String {
        "libheif não pôde ser carregada / libheif could not be loaded (\(detail)); install libheif1"
    }
}
