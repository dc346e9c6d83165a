// Serving a dist to clients that probe its edges, and while the dist changes under the server.
import Compression
import Foundation
import HTTPServer
import SiteServing
import Synchronization
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite struct CachingHeuristicTests {
    @Test func datesAndCountersAreNotContentHashes() throws {
        let (handler, fixture) = try makeHandler()
        defer { removeFixture(fixture) }
        try fixture.write("report-20241129.json", Array("{}".utf8))
        #expect(handler.get("/report-20241129.json").headers["Cache-Control"] == "no-cache")
    }

    @Test func aManifestListedNameWithAnAllDigitHashIsImmutable() throws {
        let (handler, fixture) = try makeHandler()
        defer { removeFixture(fixture) }
        try fixture.write("main.1234567890123456.wasm", [0, 0x61, 0x73, 0x6D, 1, 0, 0, 0])
        try fixture.write("stats.1234567890123456.json", Array("{}".utf8))
        #expect(handler.get("/main.1234567890123456.wasm").headers["Cache-Control"] == "no-cache", "no manifest yet")
        try fixture.write(
            "manifest.json",
            Array(
                """
                {"files": {"main.wasm": {"file": "main.1234567890123456.wasm", "size": 8, "sha384": "x"}}}
                """.utf8))
        #expect(handler.get("/main.1234567890123456.wasm").headers["Cache-Control"] == "max-age=31536000, immutable")
        #expect(handler.get("/stats.1234567890123456.json").headers["Cache-Control"] == "no-cache", "not listed")
    }

    @Test func spellingsOfOnePreferenceShareOneCachedResponse() throws {
        let (handler, fixture) = try makeHandler()
        defer { removeFixture(fixture) }
        let baseline = handler.get("/app.js", ["Accept-Encoding": "br, gzip"])
        handler.store.waitForBackgroundWork()
        _ = handler.get("/app.js", ["Accept-Encoding": "br, gzip"])  // the final variant, now cacheable
        let before = handler.cachedResponseCount
        for index in 0..<200 {
            let spelling = "gzip;q=0.5, BR, x-junk-\(index);q=0.1, " + String(repeating: " ", count: index)
            let response = handler.get("/app.js", ["Accept-Encoding": spelling])
            #expect(response.headers["Content-Encoding"] == "br")
            #expect(response.headers["ETag"] == handler.get("/app.js", ["Accept-Encoding": "br"]).headers["ETag"])
        }
        #expect(handler.cachedResponseCount <= before + 2, "keys are what the header means, not its bytes")
        _ = baseline
    }
}
