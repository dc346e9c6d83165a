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

@Suite struct PathEdgeTests {
    @Test(arguments: ["//docs", "///docs", "//docs?x=1"])
    func aDirectoryRedirectNeverNamesAnotherHost(path: String) throws {
        let (handler, fixture) = try makeHandler()
        defer { removeFixture(fixture) }
        let response = handler.get(path)
        #expect(response.status.code == 301)
        let location = try #require(response.headers["Location"])
        #expect(!location.hasPrefix("//"), "\(location) is a network-path reference: the host `docs`")
        #expect(location.hasPrefix("/docs/"))
        #expect(handler.get(location).status.code == 200)
    }

    @Test func aFIFOInTheDistIsNotFoundAndBlocksNothing() throws {
        let fixture = try DistFixture()
        defer { removeFixture(fixture) }
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
        defer { removeFixture(fixture) }
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
        defer { removeFixture(fixture) }
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
