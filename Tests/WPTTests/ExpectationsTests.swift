import Foundation
import Testing
import WPTSupport

@Suite struct ExpectationsTests {
    private func result(_ path: String, harness: HarnessStatus = .ok, _ subtests: [(String, SubtestStatus)])
        -> FileResult
    {
        FileResult(
            path: path, harness: harness, harnessMessage: nil,
            subtests: subtests.map {
                SubtestResult(
                    name: $0.0, status: $0.1, message: $0.1 == .pass ? nil : "assert_equals: expected 1 but got 2")
            },
            milliseconds: 1)
    }

    @Test func namesWithTabsNewlinesAndStarsSurviveARoundTrip() throws {
        let names = ["Parsing: <\t\n\r> against <about:blank>", "back\\slash", "*", "zero\u{0}width\u{200B}", "plain"]
        let original = Expectations(
            entries: names.map { .init(file: "url/a.any.js", subtest: $0, reason: "skew") }
                + [.init(file: "encoding/legacy-*", subtest: nil, reason: "legacy encodings")])
        let parsed = try Expectations(parsing: original.text)
        #expect(parsed == original)
        // One entry per line, sorted: a merge of two branches' additions touches separate lines.
        let lines = original.text.split(separator: "\n").filter { !$0.hasPrefix("#") }
        #expect(lines.count == 6)
        #expect(lines == lines.sorted())
    }

    @Test func aFailureNotListedIsUnexpectedAndAListedPassIsOnlyReported() throws {
        let expectations = try Expectations(
            parsing: "url/a.any.js\tlisted\tskew\nencoding/legacy-*\t*\tlegacy encodings\n")
        let check = expectations.check([
            result("url/a.any.js", [("listed", .pass), ("new", .fail)]),
            result("encoding/legacy-big5.html", harness: .timeout, [("x", .fail)]),
        ])
        #expect(check.unexpectedFailures.map(\.subtest) == ["new"])
        #expect(check.unexpectedPasses.map(\.subtest) == ["listed"])
    }

    @Test func regeneratingKeepsReasonsAndPatternsAndDropsWhatPasses() throws {
        let expectations = try Expectations(
            parsing: """
                url/a.any.js\tstill fails\tneeds IDNA data
                url/a.any.js\tnow passes\told reason
                dom/x.html\t*\tiframes
                webstorage/b.html\t(harness)\tnot run this time

                """)
        let updated = expectations.updated(with: [
            result("url/a.any.js", [("still fails", .fail), ("now passes", .pass), ("brand new", .timeout)]),
            result("dom/x.html", [("y", .fail)]),
        ])
        #expect(updated.entry(file: "url/a.any.js", subtest: "still fails")?.reason == "needs IDNA data")
        #expect(updated.entry(file: "url/a.any.js", subtest: "now passes") == nil)
        #expect(
            updated.entry(file: "url/a.any.js", subtest: "brand new")?.reason.hasPrefix("TIMEOUT: assert_equals")
                == true)
        #expect(updated.entries.contains(.init(file: "dom/x.html", subtest: nil, reason: "iframes")))
        #expect(updated.entry(file: "webstorage/b.html", subtest: "(harness)")?.reason == "not run this time")
    }

    @Test func aLineWithoutAReasonIsRefused() {
        #expect(throws: Expectations.ParseError.self) { try Expectations(parsing: "url/a.any.js\tname\t\n") }
        #expect(throws: Expectations.ParseError.self) { try Expectations(parsing: "url/a.any.js name\n") }
    }
}
