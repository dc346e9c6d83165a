import Foundation
import TestSupport
import Testing

/// A framework-style loader that shows download progress: it wraps the wasm response in
/// `new Response(new ReadableStream({ async start(controller) { … response.body.getReader() … } }), init)`
/// and hands that to `WebAssembly.instantiateStreaming` (Tests/Fixtures/prerender/progress). The page
/// pre-renders through `gowasm-serve prerender` and through `serve --prerender`, with both Go generations.
/// (`PrerenderTests` compares the same page with Chromium's, fact by fact.)
@Suite(.serialized)
struct StreamingLoaderTests {
    /// What the app renders once the streamed wasm started it, with the loader's facts (Chromium's values).
    static let expectedFacts = [
        "exactType=resolved Module", "notAResponse=rejected TypeError", "notOk=rejected TypeError",
        "octetStream=rejected TypeError", "originalBodyUsed=true", "progressSawEveryByte=true", "tee=tee+tee",
        "textDecoderStream=héllo, streams", "typeWithCharset=rejected TypeError", "upperCaseType=resolved Module",
        "usedBody=rejected TypeError",
    ].joined(separator: "\n")

    @Test(arguments: GoToolchain.allCases)
    func prerenderCommandRendersThePage(_ toolchain: GoToolchain) throws {
        let dist = try PrerenderFixture.dist("progress", toolchain)
        let out = try Paths.temporaryDirectory("prerendered-progress").appendingPathComponent("out")
        defer { try? FileManager.default.removeItem(at: out.deletingLastPathComponent()) }
        let result = try ProcessRunner.gowasmServe(["prerender", dist.path, "-o", out.path, "--route", "/"])
        #expect(result.status == 0, "\(result.stderrText)")
        let page = try String(contentsOf: out.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(page.contains("<footer id=\"rendered\">rendered</footer>"), "\(page)")
        #expect(page.contains("<pre>\(Self.expectedFacts)</pre>"), "\(page)")
        #expect(page.contains("<title>Streamed and started</title>"))
    }

    @Test(arguments: GoToolchain.allCases)
    func servePrerenderRendersThePage(_ toolchain: GoToolchain) throws {
        let dist = try PrerenderFixture.dist("progress", toolchain)
        let server = try ServerProcess(["serve", dist.path, "--spa", "--prerender", "--no-precompress"])
        defer { _ = server.stop() }
        let response = try WireConnection(port: server.port).request("/", headers: ["Accept-Encoding": "identity"])
        let page = String(decoding: response.body, as: UTF8.self)
        #expect(response.status == 200)
        #expect(page.contains("<footer id=\"rendered\">rendered</footer>"), "\(page)\n\(server.stderrText)")
        #expect(page.contains("<pre>\(Self.expectedFacts)</pre>"), "\(page)")
        #expect(server.stderrLines(prefix: "prerender /: rendered in ").count == 1, "\(server.stderrText)")
    }
}
