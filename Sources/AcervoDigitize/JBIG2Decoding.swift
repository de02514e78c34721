import CJBIG2
#if canImport(Glibc)
import Glibc
#endif

/// Decodes a PDF's JBIG2 image (embedded stream, with its `/JBIG2Globals` when given) with jbig2dec.
enum JBIG2Decoding {
    /// The page's rows, a bit a pixel, most significant first, 1 for black (as JBIG2 codes them).
    static func decode(_ data: [UInt8], globals: [UInt8]?, width: Int, height: Int) throws(PageRefusal) -> [UInt8] {
        let messages = JBIG2Messages()
        let context = Unmanaged.passUnretained(messages).toOpaque()
        var allocator = Jbig2Allocator(alloc: jbig2Allocate, free: jbig2Free, realloc: jbig2Reallocate)
        return try withExtendedLifetime(messages) { () throws(PageRefusal) -> [UInt8] in
            var globalContext: OpaquePointer?
            if let globals {
                guard let ctx = CJBIG2_ctx_new(&allocator, JBIG2_OPTIONS_EMBEDDED, nil, jbig2Message, context) else {
                    throw .unreadable("jbig2dec cannot start", "o jbig2dec não pôde iniciar")
                }
                let status = globals.withUnsafeBufferPointer { jbig2_data_in(ctx, $0.baseAddress, $0.count) }
                globalContext = jbig2_make_global_ctx(ctx)
                guard status >= 0, globalContext != nil else {
                    if let globalContext { jbig2_global_ctx_free(globalContext) }
                    throw .unreadable("the JBIG2 globals cannot be decoded: \(messages.first)",
                                      "os símbolos globais JBIG2 não podem ser decodificados: \(messages.first)")
                }
            }
            defer { if let globalContext { jbig2_global_ctx_free(globalContext) } }
            guard let ctx = CJBIG2_ctx_new(&allocator, JBIG2_OPTIONS_EMBEDDED, globalContext, jbig2Message, context) else {
                throw .unreadable("jbig2dec cannot start", "o jbig2dec não pôde iniciar")
            }
            defer { jbig2_ctx_free(ctx) }
            let status = data.withUnsafeBufferPointer { jbig2_data_in(ctx, $0.baseAddress, $0.count) }
            guard status >= 0 else { throw .unreadable("the JBIG2 data cannot be decoded: \(messages.first)",
                                                         "os dados JBIG2 não podem ser decodificados: \(messages.first)") }
            _ = jbig2_complete_page(ctx)
            guard let image = jbig2_page_out(ctx) else {
                throw .unreadable("the JBIG2 data holds no page: \(messages.first)", "os dados JBIG2 não têm página: \(messages.first)")
            }
            defer { jbig2_release_page(ctx, image) }
            let page = image.pointee
            guard Int(page.width) == width, Int(page.height) == height, let pixels = page.data else {
                throw .unreadable("the JBIG2 page is \(page.width) × \(page.height) px, the PDF says \(width) × \(height)",
                                  "a página JBIG2 tem \(page.width) × \(page.height) px, o PDF diz \(width) × \(height)")
            }
            if messages.fatal { throw .unreadable("the JBIG2 data is broken: \(messages.first)", "os dados JBIG2 estão danificados: \(messages.first)") }
            let stride = (width + 7) / 8
            var bits = [UInt8](repeating: 0, count: stride * height)
            bits.withUnsafeMutableBufferPointer { out in
                for y in 0..<height {
                    (out.baseAddress! + y * stride).update(from: pixels + y * Int(page.stride), count: stride)
                }
            }
            return bits
        }
    }
}

/// jbig2dec's messages for one decoding: the first error kept, whether any was fatal.
final class JBIG2Messages {
    private(set) var first = ""
    private(set) var fatal = false

    func record(_ message: String, severity: Jbig2Severity) {
        guard severity == JBIG2_SEVERITY_FATAL || severity == JBIG2_SEVERITY_WARNING else { return }
        if severity == JBIG2_SEVERITY_FATAL { fatal = true }
        if first.isEmpty || severity == JBIG2_SEVERITY_FATAL && !fatal { first = message }
    }
}

private let jbig2Message: Jbig2ErrorCallback = { data, message, severity, _ in
    guard let data, let message else { return }
    Unmanaged<JBIG2Messages>.fromOpaque(data).takeUnretainedValue().record(String(cString: message), severity: severity)
}

/// No single allocation over 256 MB: a stream that claims a page far larger than its image cannot
/// exhaust memory (the largest bitonal page, 600 million pixels, is 75 MB).
private let jbig2MostBytes = 256 << 20

private let jbig2Allocate: @convention(c) (UnsafeMutablePointer<Jbig2Allocator>?, Int) -> UnsafeMutableRawPointer? = { _, size in
    size > jbig2MostBytes ? nil : malloc(size)
}

private let jbig2Free: @convention(c) (UnsafeMutablePointer<Jbig2Allocator>?, UnsafeMutableRawPointer?) -> Void = { _, pointer in
    free(pointer)
}

private let jbig2Reallocate: @convention(c) (UnsafeMutablePointer<Jbig2Allocator>?, UnsafeMutableRawPointer?, Int) -> UnsafeMutableRawPointer? = { _, pointer, size in
    size > jbig2MostBytes ? nil : realloc(pointer, size)
}
