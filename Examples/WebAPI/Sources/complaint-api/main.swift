import Acervo
import ComplaintAPI
import Foundation
import Hummingbird
import Logging

// complaint-api [STORE-DIRECTORY] [PORT] [IDLE-SECONDS]: serves the complaint web API over the Acervo
// store there, on 127.0.0.1 (port 0: any free port). Once listening it prints `listening on
// 127.0.0.1:PORT` on a line of its own, for whoever started it. A client that stops sending in the
// middle of a request for IDLE-SECONDS (30 by default) is disconnected: its upload is cancelled.
let arguments = CommandLine.arguments
let storeDirectory = URL(fileURLWithPath: arguments.count > 1 ? arguments[1] : "acervo-store")
let port = arguments.count > 2 ? Int(arguments[2]) ?? 8080 : 8080
let idleSeconds = arguments.count > 3 ? Int64(arguments[3]) ?? 30 : 30
let logger = Logger(label: "complaint-api")
let archive = try EvidenceArchive.open(at: storeDirectory, logger: logger)
let router = Router()
addComplaintRoutes(to: router, archive: archive)
let app = Application(router: router, server: .http1(configuration: .init(idleTimeout: .seconds(idleSeconds))),
                      configuration: .init(address: .hostname("127.0.0.1", port: port)),
                      onServerRunning: { channel in
                          let line = "listening on 127.0.0.1:\(channel.localAddress?.port ?? port)\n"
                          FileHandle.standardOutput.write(Data(line.utf8))
                      },
                      logger: logger)
try await app.runService()
