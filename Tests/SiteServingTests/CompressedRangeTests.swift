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

@Suite struct CompressedRangeTests {
    /// A Range with br/gzip accepted is a range of the representation a 200 would send (as nginx does with
    /// gzip_static): same ETag, same Content-Encoding, Content-Range over its length.
    @Test(arguments: ["br", "gzip"])
    func rangesApplyToTheNegotiatedRepresentation(coding: String) throws {
        let (handler, fixture) = try makeHandler()
        defer { removeFixture(fixture) }
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
