import Foundation
import Testing

extension ComplaintAPITests {
    @Test("every listing of the article “Using Acervo from a web API” is the example's code")
    func articleListingsMatchTheExample() throws {
        let example = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let article = example.deletingLastPathComponent().deletingLastPathComponent()
            .appending(path: "Sources/Acervo/Documentation.docc/UsingAcervoFromAWebAPI.md")
        let text = try String(contentsOf: article, encoding: .utf8)
        let listings = text.components(separatedBy: "```swift\n").dropFirst()
            .map { $0.components(separatedBy: "\n```")[0] }
        #expect(listings.count >= 5)
        let sources = try FileManager.default.subpathsOfDirectory(atPath: example.appending(path: "Sources").path)
            .filter { $0.hasSuffix(".swift") }
            .map { try String(contentsOf: example.appending(path: "Sources/\($0)"), encoding: .utf8) }
        // Indentation aside: a listing may be a route taken out of the function that registers it.
        func lines(_ text: String) -> [String] {
            text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        }
        for listing in listings {
            let wanted = lines(listing)
            let found = sources.contains { source in
                let have = lines(source)
                return have.count >= wanted.count
                    && (0...(have.count - wanted.count)).contains { Array(have[$0..<($0 + wanted.count)]) == wanted }
            }
            #expect(found, "not in Examples/WebAPI/Sources:\n\(listing)")
        }
    }
}
