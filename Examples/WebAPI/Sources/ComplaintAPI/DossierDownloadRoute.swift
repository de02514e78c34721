import Acervo
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// `GET /cases/{protocol}/dossier?format=tar|zip|tar.zst&version=N`: the case's dossier, a BagIt bag
/// built by Acervo into a scratch file and streamed back in bounded chunks. The build is recorded in
/// the case's chain of custody (`bundled`, by `web-api`, with the archive's SHA-256).
///
/// The scratch file is unlinked as soon as the stream has it open, so a client that goes away leaves
/// nothing behind. Answers `200` with `Content-Length` and `Repr-Digest` (the archive's SHA-256), `400`
/// for a bad format or version, `404` for an unknown case or version.
func addDossierDownloadRoute<Context: RequestContext>(to router: Router<Context>, archive: EvidenceArchive,
                                                      scratch: URL) {
    router.get("/cases/:protocol/dossier") { request, context -> Response in
        let caseNumber = try context.caseNumber()
        let query = try DossierQuery(request)
        let file = scratch.appending(path: "dossier-\(UUID().uuidString).\(query.format.fileExtension)")
        let build: DossierBuild
        let stream: ContentStream
        do throws(AcervoError) {
            build = try await archive.buildDossier(case: caseNumber, version: query.version, format: query.format,
                                                   recordedBy: "web-api", to: file)
            stream = try ContentStream(reading: file)
        } catch {
            try? FileManager.default.removeItem(at: file)
            throw APIProblem(error)
        }
        try? FileManager.default.removeItem(at: file)   // the stream keeps it open
        let headers: HTTPFields = [
            .contentType: query.format.mediaType,
            .contentDisposition: "attachment; filename=\"\(build.bagName).\(query.format.fileExtension)\"",
            .reprDigest: "sha-256=:\(Data(hex: build.archiveSHA256).base64EncodedString()):",
        ]
        return Response(status: .ok, headers: headers, body: ResponseBody(contentLength: Int(stream.byteCount)) { writer in
            for try await chunk in stream {
                try await writer.write(ByteBuffer(bytes: chunk))
            }
            try await writer.finish(nil)
        })
    }
}

/// The dossier route's query: which format (`tar` by default) and which version (the newest by default).
struct DossierQuery {
    var format = DossierFormat.tar
    var version: Int?

    /// Reads `format` and `version`; a `400` problem for anything else in them.
    init(_ request: Request) throws {
        let parameters = request.uri.queryParameters
        if let text = parameters["format"] {
            guard let format = DossierFormat(rawValue: String(text)) else {
                throw APIProblem(.badRequest, code: "invalid-format", english: "format must be tar, zip or tar.zst",
                                 portuguese: "o formato deve ser tar, zip ou tar.zst")
            }
            self.format = format
        }
        if let text = parameters["version"] {
            guard text.count <= 9, let version = Int(text), version >= 1 else {
                throw APIProblem(.badRequest, code: "invalid-version", english: "version must be a positive number",
                                 portuguese: "a versão deve ser um número positivo")
            }
            self.version = version
        }
    }
}

extension DossierFormat {
    /// The media type of a dossier in this format.
    var mediaType: String {
        switch self {
        case .tar: "application/x-tar"
        case .zip: "application/zip"
        case .tarZstd: "application/zstd"
        }
    }
}

extension HTTPField.Name {
    /// RFC 9530's digest of the whole representation: here, the dossier archive's SHA-256.
    static let reprDigest = HTTPField.Name("Repr-Digest")!
}

extension Data {
    /// The bytes a string of hexadecimal digits spells; digits past the last pair are ignored.
    init(hex: String) {
        var bytes: [UInt8] = []
        var digits = hex.utf8.makeIterator()
        while let high = digits.next(), let low = digits.next(),
              let byte = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16) {
            bytes.append(byte)
        }
        self.init(bytes)
    }
}
