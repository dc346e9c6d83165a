import Foundation
import HeadlessDOM
import TestSupport
import Testing

/// Parse + serialize against Chromium: for every static page in Tests/Fixtures/dom, our
/// `Document(parsing:).dumpDOM` must equal `chromium --dump-dom` byte for byte.
@Suite struct DifferentialTests {
    static let corpus = Paths.fixtures.appendingPathComponent("dom")

    static let pages: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: corpus.path)) ?? []
        return names.filter { $0.hasSuffix(".html") }.sorted()
    }()

    /// Chromium runs once for the whole corpus (several processes at a time), shared by the tests.
    static let reference: Result<[URL: String], any Error> = Result {
        try Chromium.dumpDOM(of: pages.map { corpus.appendingPathComponent($0) })
    }

    @Test func corpusIsPresent() {
        #expect(Self.pages.count >= 9, "expected the fixture pages in \(Self.corpus.path)")
    }

    @Test(arguments: pages)
    func parseAndSerializeMatchesChromium(page: String) throws {
        let file = Self.corpus.appendingPathComponent(page)
        let expected = try #require(try Self.reference.get()[file])
        let html = try String(contentsOf: file, encoding: .utf8)
        let ours = Document(parsing: html, url: file.absoluteString).dumpDOM
        if ours != expected {
            Issue.record("\(page) differs from Chromium:\n\(firstDifference(ours, expected))")
        }
    }
}

/// Where two serializations part ways, with context, for a readable failure.
func firstDifference(_ ours: String, _ theirs: String) -> String {
    let a = Array(ours.utf8), b = Array(theirs.utf8)
    var index = 0
    while index < min(a.count, b.count) && a[index] == b[index] { index += 1 }
    let start = max(0, index - 120)
    func slice(_ bytes: [UInt8]) -> String {
        String(decoding: bytes[min(start, bytes.count)..<min(index + 120, bytes.count)], as: UTF8.self)
    }
    return "at byte \(index)\n--- ours:\n\(slice(a))\n--- chromium:\n\(slice(b))"
}
