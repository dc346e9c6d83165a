import Foundation
import Prerender
import TestSupport
import Testing

/// Issue 17: an app that sets numeric and enumerated IDL properties (`rows`, `cols`, `maxLength`,
/// `tabIndex`, `span`, `colSpan`, an input's `type`…) pre-renders with the attributes Chromium serialises,
/// and reads back the values Chromium reads (the fixture prints them), with both Go ABI generations.
@Suite(.serialized)
struct ReflectionPrerenderTests {
    @Test(arguments: [GoToolchain.modern, .go119])
    func reflectedPropertiesSerialiseAsInChromium(_ toolchain: GoToolchain) throws {
        // The body compared with Chromium's is what the app rendered; the take-over's scripts (tested in
        // Chromium elsewhere) are not part of it.
        var options = PrerenderOptions()
        options.takeOver = false
        let page = try Prerenderer(dist: try PrerenderFixture.dist("reflect", toolchain), options: options).render(
            route: "/")
        let chromium = try PrerenderFixture.plainDump("reflect", toolchain, route: "/")
        #expect(chromium.contains("id=\"rendered\""), "Chromium did not finish rendering:\n\(chromium)")
        let body = try #require(PageParts.body(page.html), "\(page.html)")
        // The attributes the issue names, written by property assignments only.
        for attribute in [
            "rows=\"14\"", "cols=\"70\"", "maxlength=\"500\"", "type=\"NUMBER\"", "maxlength=\"12\"", "tabindex=\"4\"",
            "span=\"3\"", "colspan=\"2\"", "rowspan=\"3\"", "size=\"30\"",
        ] {
            #expect(body.contains(attribute), "pre-render lacks \(attribute)")
        }
        #expect(body.contains("textarea.rows.default=number:2"))
        #expect(body.contains("td.colSpan.clamped=number:1000"))
        #expect(body == PageParts.body(chromium))
    }
}
