import Foundation
import Prerender
import TestSupport
import Testing

/// Host functions look native: the same page script reads the platform's functions (name, toString,
/// WebIDL property attributes) in Chromium and in the pre-renderer, and both must see the same.
@Suite struct PlatformFunctionsTests {
    static let page = PrerenderFixture.root.appendingPathComponent("platform")

    @Test func theyLookAsInChromium() throws {
        var options = PrerenderOptions()
        options.takeOver = false
        let ours = try Self.facts(in: try Prerenderer(dist: Self.page, options: options).render(route: "/").html)
        let chromium = try Self.facts(
            in: try Chromium.dumpDOM(
                of: Self.page.appendingPathComponent("index.html"), chromium: try Chromium.binary()))
        #expect(ours.count > 40)
        #expect(ours.count == chromium.count)
        for (index, line) in chromium.enumerated() where index < ours.count {
            #expect(ours[index] == line)
        }
        #expect(ours.contains("queueMicrotask: queueMicrotask | function queueMicrotask() { [native code] } | w1e1c1"))
    }

    /// The lines of the page's `<pre id="facts">`.
    static func facts(in html: String) throws -> [String] {
        guard let start = html.range(of: "<pre id=\"facts\">"),
            let end = html.range(of: "</pre>", range: start.upperBound..<html.endIndex)
        else { throw FactsMissing(html: html) }
        return html[start.upperBound..<end.lowerBound].split(separator: "\n").map(String.init)
    }

    struct FactsMissing: Error, CustomStringConvertible {
        let html: String
        var description: String { "no facts in the page:\n\(html.prefix(2000))" }
    }
}
