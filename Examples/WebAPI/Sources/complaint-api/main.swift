import Acervo
import ComplaintAPI
import Foundation
import Hummingbird
import Logging

// complaint-api [STORE-DIRECTORY] [PORT]: serves the complaint web API over the Acervo store there.
let arguments = CommandLine.arguments
let storeDirectory = URL(fileURLWithPath: arguments.count > 1 ? arguments[1] : "acervo-store")
let port = arguments.count > 2 ? Int(arguments[2]) ?? 8080 : 8080
let logger = Logger(label: "complaint-api")
let archive = try EvidenceArchive.open(at: storeDirectory, logger: logger)
let router = Router()
addComplaintRoutes(to: router, archive: archive)
let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)), logger: logger)
try await app.runService()
