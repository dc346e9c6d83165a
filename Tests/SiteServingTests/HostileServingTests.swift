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

/// A handler over a fresh `DistFixture`, without background precompression.
private func makeHandler(_ configure: (inout SiteHandler.Options) -> Void = { _ in }) throws -> (
    SiteHandler, DistFixture
) {
    let fixture = try DistFixture()
    var options = SiteHandler.Options()
    options.precompressAtStart = false
    configure(&options)
    return (try SiteHandler(directory: fixture.root.path, options: options), fixture)
}

private func remove(_ fixture: DistFixture) {
    try? FileManager.default.removeItem(at: fixture.root.deletingLastPathComponent())
}

@Suite struct PathEdgeTests {
    @Test(arguments: ["//docs", "///docs", "//docs?x=1"])
    func aDirectoryRedirectNeverNamesAnotherHost(path: String) throws {
        let (handler, fixture) = try makeHandler()
        defer { remove(fixture) }
        let response = handler.get(path)
        #expect(response.status.code == 301)
        let location = try #require(response.headers["Location"])
        #expect(!location.hasPrefix("//"), "\(location) is a network-path reference: the host `docs`")
        #expect(location.hasPrefix("/docs/"))
        #expect(handler.get(location).status.code == 200)
    }

    @Test func aFIFOInTheDistIsNotFoundAndBlocksNothing() throws {
        let fixture = try DistFixture()
        defer { remove(fixture) }
        #expect(mkfifo(fixture.root.appendingPathComponent("pipe.txt").path, 0o644) == 0)
        var options = SiteHandler.Options()
        options.precompressAtStart = false
        let server = HTTPServer(
            configuration: .init(host: "127.0.0.1", port: 0),
            handler: try SiteHandler(directory: fixture.root.path, options: options))
        let port = try server.start().port
        defer { server.shutdown(grace: .milliseconds(100)) }
        for _ in 0..<4 {  // every loop: none of them may be stuck in open(2) on the FIFO
            let client = try WireConnection(port: UInt16(port), timeout: 3)
            #expect(try client.request("/pipe.txt").status == 404)
            #expect(try client.request("/index.html").status == 200)
        }
    }

    @Test func theBytesSentAreTheOnesTheETagNames() throws {
        let (handler, fixture) = try makeHandler()
        defer { remove(fixture) }
        let before = try fixture.bytes("big.bin")
        let response = handler.get("/big.bin")
        #expect(response.body.isFile)
        // A rebuild renames a new file into place after the lookup, before the body is sent.
        let replacement = DistFixture.randomBytes(before.count)
        let staged = fixture.root.appendingPathComponent("big.bin.new")
        try Data(replacement).write(to: staged)
        #expect(rename(staged.path, fixture.root.appendingPathComponent("big.bin").path) == 0)
        #expect(try response.body.collected() == before, "the version the ETag was computed for")
        #expect(
            handler.get("/big.bin").headers["ETag"] != response.headers["ETag"], "and the next request sees the new one"
        )
    }

    @Test func aDirectorySwappedForASymlinkDoesNotLeadOut() throws {
        let (handler, fixture) = try makeHandler()
        defer { remove(fixture) }
        let sub = fixture.root.appendingPathComponent("sub")
        try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)
        try fixture.write("sub/secret.txt", Array("inside".utf8))
        #expect(handler.get("/sub/secret.txt").status.code == 200)
        try FileManager.default.removeItem(at: sub)
        try FileManager.default.createSymbolicLink(atPath: sub.path, withDestinationPath: fixture.outside.path)
        let response = handler.get("/sub/secret.txt")
        #expect(response.status.code == 404)
        #expect(!String(decoding: try response.body.collected(), as: UTF8.self).contains("secret outside"))
    }
}

@Suite struct CachingHeuristicTests {
    @Test func datesAndCountersAreNotContentHashes() throws {
        let (handler, fixture) = try makeHandler()
        defer { remove(fixture) }
        try fixture.write("report-20241129.json", Array("{}".utf8))
        #expect(handler.get("/report-20241129.json").headers["Cache-Control"] == "no-cache")
    }

    @Test func aManifestListedNameWithAnAllDigitHashIsImmutable() throws {
        let (handler, fixture) = try makeHandler()
        defer { remove(fixture) }
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
        defer { remove(fixture) }
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

@Suite struct CompressedRangeTests {
    /// A Range with br/gzip accepted is a range of the representation a 200 would send (as nginx does with
    /// gzip_static): same ETag, same Content-Encoding, Content-Range over its length.
    @Test(arguments: ["br", "gzip"])
    func rangesApplyToTheNegotiatedRepresentation(coding: String) throws {
        let (handler, fixture) = try makeHandler()
        defer { remove(fixture) }
        let full = handler.get("/app.js", ["Accept-Encoding": coding])
        #expect(full.headers["Content-Encoding"] == coding)
        let fullBytes = try full.body.collected()
        let part = handler.get("/app.js", ["Accept-Encoding": coding, "Range": "bytes=10-99"])
        #expect(part.status.code == 206)
        #expect(part.headers["Content-Encoding"] == coding)
        #expect(part.headers["ETag"] == full.headers["ETag"])
        #expect(part.headers["Content-Range"] == "bytes 10-99/\(fullBytes.count)")
        #expect(try part.body.collected() == Array(fullBytes[10...99]))
        #expect(part.headers["Vary"] == "Accept-Encoding")

        let stale = handler.get("/app.js", ["Accept-Encoding": coding, "Range": "bytes=0-9", "If-Range": "\"other\""])
        #expect(stale.status.code == 200, "If-Range compares with the negotiated ETag")
        let matching = handler.get(
            "/app.js", ["Accept-Encoding": coding, "Range": "bytes=0-9", "If-Range": full.headers["ETag"] ?? ""])
        #expect(matching.status.code == 206)

        let identity = handler.get("/app.js", ["Range": "bytes=0-9"])
        #expect(identity.status.code == 206)
        #expect(identity.headers["Content-Encoding"] == nil, "identity ranges stay for identity requests")
        #expect(try identity.body.collected() == Array(DistFixture.script[0...9]))
    }
}
