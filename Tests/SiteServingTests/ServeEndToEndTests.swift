import Compression
import Foundation
import HTTPServer
import SiteServing
import TestSupport
import XCTest

/// The real `gowasm-serve serve` process over real sockets, serving a dist with a real Go-built wasm.
final class ServeEndToEndTests: XCTestCase {
    nonisolated(unsafe) private static var fixture: DistFixture!
    nonisolated(unsafe) private static var server: ServerProcess!
    private static let wasmName = "main.8f3a9c1b.wasm"

    override class func setUp() {
        super.setUp()
        do {
            let fixture = try DistFixture()
            let wasm = try GoToolchain.modern.buildWasm(package: Paths.repository.appendingPathComponent("Examples/hello"))
            try FileManager.default.copyItem(at: wasm, to: fixture.root.appendingPathComponent(wasmName))
            let glue = try GoToolchain.modern.glueDirectory().appendingPathComponent("wasm_exec.js")
            try FileManager.default.copyItem(at: glue, to: fixture.root.appendingPathComponent("wasm_exec.js"))
            Self.fixture = fixture
            Self.server = try ServerProcess(["serve", fixture.root.path])
        } catch {
            setUpError = error
        }
    }

    nonisolated(unsafe) private static var setUpError: Error?

    override class func tearDown() {
        server?.stop()
        if let fixture { try? FileManager.default.removeItem(at: fixture.root.deletingLastPathComponent()) }
        super.tearDown()
    }

    override func setUpWithError() throws {
        if let error = Self.setUpError { throw error }
    }

    private func connect() throws -> WireConnection { try WireConnection(port: Self.server.port) }

    func testFirstLineNamesTheAddress() {
        XCTAssertEqual(Self.server.firstLine, "Serving \(Self.fixture.root.path) at http://127.0.0.1:\(Self.server.port)/")
    }

    func testBodiesDecodeToTheFilesByteForByte() throws {
        let connection = try connect()  // one keep-alive connection for all of them
        for name in ["index.html", "app.js", "wasm_exec.js", Self.wasmName, "style.css", "image.png", "big.bin"] {
            let file = try Self.fixture.bytes(name)
            for encoding in ["br", "gzip", "identity", "br;q=0.5, gzip"] {
                let response = try connection.request("/" + name, headers: ["Accept-Encoding": encoding])
                XCTAssertEqual(response.status, 200, "\(name) \(encoding)")
                let coding = response.header("Content-Encoding").flatMap(ContentCoding.init(rawValue:)) ?? .identity
                XCTAssertEqual(try coding.decode(response.body), file, "\(name) \(encoding)")
                XCTAssertEqual(response.header("X-Content-Type-Options"), "nosniff")
                if name.hasSuffix(".wasm") {
                    XCTAssertEqual(response.header("Content-Type"), "application/wasm")
                    XCTAssertEqual(response.header("Cache-Control"), "max-age=31536000, immutable")
                    XCTAssertEqual(coding.rawValue, encoding == "br;q=0.5, gzip" ? "gzip" : encoding)
                    XCTAssertLessThan(response.body.count, encoding == "identity" ? Int.max : file.count / 2)
                }
            }
        }
    }

    func testConditionalAndRangeRequests() throws {
        let connection = try connect()
        let wasm = try Self.fixture.bytes(Self.wasmName)
        let full = try connection.request("/" + Self.wasmName, headers: ["Accept-Encoding": "br"])
        let tag = try XCTUnwrap(full.header("ETag"))
        let notModified = try connection.request("/" + Self.wasmName, headers: ["Accept-Encoding": "br", "If-None-Match": tag])
        XCTAssertEqual(notModified.status, 304)
        XCTAssertEqual(notModified.header("Vary"), "Accept-Encoding")
        XCTAssertEqual(notModified.header("ETag"), tag)
        XCTAssertTrue(notModified.body.isEmpty)

        let partial = try connection.request("/" + Self.wasmName, headers: ["Range": "bytes=1000-1999"])
        XCTAssertEqual(partial.status, 206)
        XCTAssertEqual(partial.header("Content-Range"), "bytes 1000-1999/\(wasm.count)")
        XCTAssertEqual(partial.header("Vary"), "Accept-Encoding")
        XCTAssertEqual(partial.body, Array(wasm[1000...1999]))

        let unsatisfiable = try connection.request("/" + Self.wasmName, headers: ["Range": "bytes=\(wasm.count)-"])
        XCTAssertEqual(unsatisfiable.status, 416)
        XCTAssertEqual(unsatisfiable.header("Content-Range"), "bytes */\(wasm.count)")

        let head = try connection.request("/" + Self.wasmName, method: "HEAD", headers: ["Accept-Encoding": "br"])
        XCTAssertEqual(head.status, 200)
        XCTAssertEqual(head.header("Content-Length"), full.header("Content-Length"))
        XCTAssertEqual(try connection.request("/index.html", method: "DELETE").header("Allow"), "GET, HEAD")
    }

    func testTraversalAttemptsOverTheWire() throws {
        let refused = ["/../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/..%2f..%2fetc%2fpasswd", "/docs%2f..%2f.env",
            "/index.html%00.png", "/..\\..\\etc\\passwd", "/%5c..%5c.env"]
        for path in refused {
            let response = try connect().request(path)
            XCTAssertEqual(response.status, 400, path)
            XCTAssertFalse(String(decoding: response.body, as: UTF8.self).contains("root:"), path)
        }
        for path in ["/.env", "/.git/config", "/escape.txt", "/escape-dir/secret.txt", "/env-alias"] {
            let response = try connect().request(path)
            XCTAssertEqual(response.status, 404, path)
            XCTAssertFalse(String(decoding: response.body, as: UTF8.self).contains("SECRET"), path)
            XCTAssertFalse(String(decoding: response.body, as: UTF8.self).contains("secret outside"), path)
        }
        let redirect = try connect().request("/docs")
        XCTAssertEqual(redirect.status, 301)
        XCTAssertEqual(redirect.header("Location"), "/docs/")
    }

    func testARebuildOnDiskIsServedOnTheNextRequest() throws {
        let connection = try connect()
        let name = "rebuilt.js"
        for generation in 0..<3 {
            let content = Array(String(repeating: "// generation \(generation)\n", count: 300).utf8)
            let temporary = Self.fixture.root.appendingPathComponent(".tmp-\(name)")
            try Data(content).write(to: temporary)
            XCTAssertEqual(rename(temporary.path, Self.fixture.root.appendingPathComponent(name).path), 0)
            for encoding in ["br", "identity"] {
                let response = try connection.request("/" + name, headers: ["Accept-Encoding": encoding])
                let coding = response.header("Content-Encoding").flatMap(ContentCoding.init(rawValue:)) ?? .identity
                XCTAssertEqual(try coding.decode(response.body), content, "generation \(generation) \(encoding)")
            }
        }
    }

    func testDefaultSubcommandAccessLogAndSigterm() throws {
        let server = try ServerProcess([Self.fixture.root.path])  // no `serve`: it is the default
        let response = try WireConnection(port: server.port).request("/app.js", headers: ["Accept-Encoding": "gzip"])
        XCTAssertEqual(response.status, 200)
        XCTAssertEqual(server.stop(), 0, "SIGTERM exits 0")
        let log = server.stderrText
        XCTAssertTrue(log.contains("\"GET /app.js\" 200"), log)
        XCTAssertTrue(log.contains("gzip"), log)

        let quiet = try ServerProcess(["serve", Self.fixture.root.path, "--quiet"])
        _ = try WireConnection(port: quiet.port).request("/app.js")
        XCTAssertEqual(quiet.stop(), 0)
        XCTAssertEqual(quiet.stderrText, "")
    }

    func testMissingDirectoryIsOneLineAndNonZero() throws {
        let result = try ProcessRunner.gowasmServe(["serve", "/nonexistent/dist", "--port", "0"], timeout: 30)
        XCTAssertNotEqual(result.status, 0)
        XCTAssertEqual(result.stderrText, "gowasm-serve: /nonexistent/dist: no such directory\n")
        XCTAssertEqual(result.stdoutText, "")
    }
}
