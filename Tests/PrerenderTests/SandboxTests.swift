import Foundation
import Prerender
import TestSupport
import Testing

/// A page being pre-rendered has a browser's powers and no more (Tests/Fixtures/prerender/sandbox writes
/// what each attempt gave into the page): the browser glue's `fs` and `process`, `fetch` of its own dist
/// only, `location` as a browser shows it. Checked in the library, in `gowasm-serve prerender`, and
/// against Chromium running the same dist.
@Suite(.serialized)
struct SandboxTests {
    /// Where the fixture tries to write; it must never appear.
    static let probeFile = "/tmp/gowasm-serve-sandbox-probe"

    /// A copy of the built sandbox fixture with a dotfile and a symlink out of the dist, which `fetch` must
    /// not serve (the shared build is left untouched). The symlink has an extension, so that `serve --spa`
    /// (Chromium's server here) answers 404 too, not the client-side-routing page.
    static func dist(_ toolchain: GoToolchain) throws -> URL {
        let built = try PrerenderFixture.dist("sandbox", toolchain)
        let base = try Paths.temporaryDirectory("sandbox-\(toolchain.rawValue)")
        let dist = base.appendingPathComponent("dist")
        try FileManager.default.copyItem(at: built, to: dist)
        try Data("dotfile secret".utf8).write(to: dist.appendingPathComponent(".secret"))
        let outside = base.appendingPathComponent("outside-secret.txt")
        try Data("outside secret".utf8).write(to: outside)
        try FileManager.default.createSymbolicLink(
            atPath: dist.appendingPathComponent("outside.txt").path, withDestinationPath: outside.path)
        return dist
    }

    /// The text of `<pre id="id">` in a serialized page.
    private static func probe(_ id: String, in page: String) -> String? {
        guard let start = page.range(of: "<pre id=\"\(id)\">"), let end = page[start.upperBound...].range(of: "</pre>")
        else {
            return nil
        }
        return String(page[start.upperBound..<end.lowerBound])
    }

    /// What the browser's surface gives each attempt, identical for both Go generations.
    static func expectBrowsersAnswers(in page: String) {
        #expect(probe("read", in: page) == "error: open /etc/hostname: not implemented on js", "\(page)")
        #expect(probe("write", in: page) == "error: open \(probeFile): not implemented on js")
        #expect(probe("env", in: page) == "HOME= PATH= count=0")
        #expect(probe("cwd", in: page)?.hasPrefix("error: ") == true)
        #expect(probe("cwd", in: page)?.contains("not implemented on js") == true)
        #expect(probe("data", in: page) == "200 OK {\"greeting\": \"hello from data.json\"}")
        #expect(probe("other-origin", in: page)?.hasSuffix("Failed to fetch") == true, "\(page)")
        #expect(probe("dotfile", in: page) == "404 Not Found")
        #expect(probe("symlink", in: page) == "404 Not Found")
        #expect(!page.contains("dotfile secret") && !page.contains("outside secret"))
    }

    @Test(arguments: [GoToolchain.modern, .go119])
    func thePageGetsTheBrowsersErrorsAndNothingOnDiskChanges(_ toolchain: GoToolchain) throws {
        let dist = try Self.dist(toolchain)
        defer { try? FileManager.default.removeItem(at: dist.deletingLastPathComponent()) }
        try? FileManager.default.removeItem(atPath: Self.probeFile)
        let before = try FileManager.default.subpathsOfDirectory(atPath: dist.path).sorted()

        let page = try Prerenderer(dist: dist).render(route: "/").html
        Self.expectBrowsersAnswers(in: page)

        let command = try ProcessRunner.gowasmServe(["prerender", dist.path, "--route", "/", "--stdout"])
        #expect(command.status == 0, "\(command.stderrText)")
        Self.expectBrowsersAnswers(in: command.stdoutText)

        #expect(!FileManager.default.fileExists(atPath: Self.probeFile), "the app wrote a file")
        #expect(try FileManager.default.subpathsOfDirectory(atPath: dist.path).sorted() == before)
    }

    /// `location.pathname` stays percent-encoded: an app that writes it into the page as markup gets text.
    @Test func thePathReachesTheAppPercentEncoded() throws {
        let dist = try PrerenderFixture.dist("sandbox")
        let route = "/%3Cimg%20src=x%20onerror=alert(1)%3E/"
        let page = try Prerenderer(dist: dist).render(route: route).html
        #expect(page.contains("<p id=\"path\">\(route)</p>"), "\(page)")
        #expect(!page.contains("<img"))
        // A raw character no URL holds is encoded as a browser's address bar does.
        let raw = try Prerenderer(dist: dist).render(route: "/a b/<x>").html
        #expect(raw.contains("<p id=\"path\">/a%20b/%3Cx%3E</p>"), "\(raw)")
    }

    /// Chromium running the same dist from `gowasm-serve serve` shows the same page: same errors, same data.
    @Test func theSameErrorsAsChromium() throws {
        let dist = try Self.dist(.modern)
        defer { try? FileManager.default.removeItem(at: dist.deletingLastPathComponent()) }
        var options = PrerenderOptions()
        options.takeOver = false
        let page = try Prerenderer(dist: dist, options: options).render(route: "/").html
        let chromium = try PrerenderFixture.chromiumDump(of: dist, route: "/")
        Self.expectBrowsersAnswers(in: chromium)
        #expect(PageParts.body(page) == PageParts.body(chromium))
    }
}
