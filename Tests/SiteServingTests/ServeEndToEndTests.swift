import Compression
import Foundation
import HTTPServer
import SiteServing
import TestSupport
import Testing

/// The real `gowasm-serve serve` process over real sockets, serving a dist with a real Go-built wasm, once
/// over plain HTTP and once over HTTPS (`--tls`, the client trusting only the authority the server made).
@Suite struct ServeEndToEndTests {
    static let wasmName = "main.8f3a9c1b.wasm"

    /// A dist (the Go wasm from the fixture cache, the toolchain's glue) and a server on it.
    struct Served {
        let fixture: DistFixture
        let server: ServerProcess

        init(_ transport: ServeTransport, arguments: [String] = ["--quiet"]) throws {
            let fixture = try DistFixture()
            let wasm = try GoToolchain.modern.buildWasm(
                package: Paths.repository.appendingPathComponent("Examples/hello"))
            try FileManager.default.copyItem(
                at: wasm, to: fixture.root.appendingPathComponent(ServeEndToEndTests.wasmName))
            let glue = try GoToolchain.modern.glueDirectory().appendingPathComponent("wasm_exec.js")
            try FileManager.default.copyItem(at: glue, to: fixture.root.appendingPathComponent("wasm_exec.js"))
            self.fixture = fixture
            server = try ServerProcess(["serve", fixture.root.path] + arguments, transport: transport)
        }

        func stop() {
            server.stop()
            try? FileManager.default.removeItem(at: fixture.root.deletingLastPathComponent())
        }
    }

    @Test(arguments: ServeTransport.allCases)
    func firstLineNamesTheAddress(_ transport: ServeTransport) throws {
        let served = try Served(transport)
        defer { served.stop() }
        #expect(
            served.server.firstLine
                == "Serving \(served.fixture.root.path) at \(transport.scheme)://127.0.0.1:\(served.server.port)/")
    }

    @Test(arguments: ServeTransport.allCases)
    func bodiesDecodeToTheFilesByteForByte(_ transport: ServeTransport) throws {
        let served = try Served(transport)
        defer { served.stop() }
        let connection = try served.server.connect()  // one keep-alive connection for all of them
        if transport == .tls { #expect(connection.negotiatedProtocol == "http/1.1") }
        for name in ["index.html", "app.js", "wasm_exec.js", Self.wasmName, "style.css", "image.png", "big.bin"] {
            let file = try served.fixture.bytes(name)
            for encoding in ["br", "gzip", "identity", "br;q=0.5, gzip"] {
                let response = try connection.request("/" + name, headers: ["Accept-Encoding": encoding])
                #expect(response.status == 200, "\(name) \(encoding)")
                let coding = response.header("Content-Encoding").flatMap(ContentCoding.init(rawValue:)) ?? .identity
                #expect(try coding.decode(response.body) == file, "\(name) \(encoding)")
                #expect(response.header("X-Content-Type-Options") == "nosniff")
                if name.hasSuffix(".wasm") {
                    #expect(response.header("Content-Type") == "application/wasm")
                    #expect(response.header("Cache-Control") == "max-age=31536000, immutable")
                    #expect(coding.rawValue == (encoding == "br;q=0.5, gzip" ? "gzip" : encoding))
                    #expect(response.body.count < (encoding == "identity" ? Int.max : file.count / 2))
                }
            }
        }
    }

    @Test(arguments: ServeTransport.allCases)
    func conditionalAndRangeRequests(_ transport: ServeTransport) throws {
        let served = try Served(transport)
        defer { served.stop() }
        let connection = try served.server.connect()
        let wasm = try served.fixture.bytes(Self.wasmName)
        let full = try connection.request("/" + Self.wasmName, headers: ["Accept-Encoding": "br"])
        let tag = try #require(full.header("ETag"))
        let notModified = try connection.request(
            "/" + Self.wasmName, headers: ["Accept-Encoding": "br", "If-None-Match": tag])
        #expect(notModified.status == 304)
        #expect(notModified.header("Vary") == "Accept-Encoding")
        #expect(notModified.header("ETag") == tag)
        #expect(notModified.body.isEmpty)

        let partial = try connection.request("/" + Self.wasmName, headers: ["Range": "bytes=1000-1999"])
        #expect(partial.status == 206)
        #expect(partial.header("Content-Range") == "bytes 1000-1999/\(wasm.count)")
        #expect(partial.header("Vary") == "Accept-Encoding")
        #expect(partial.body == Array(wasm[1000...1999]))

        let unsatisfiable = try connection.request("/" + Self.wasmName, headers: ["Range": "bytes=\(wasm.count)-"])
        #expect(unsatisfiable.status == 416)
        #expect(unsatisfiable.header("Content-Range") == "bytes */\(wasm.count)")

        let head = try connection.request("/" + Self.wasmName, method: "HEAD", headers: ["Accept-Encoding": "br"])
        #expect(head.status == 200)
        #expect(head.header("Content-Length") == full.header("Content-Length"))
        #expect(try connection.request("/index.html", method: "DELETE").header("Allow") == "GET, HEAD")
    }

    @Test(arguments: ServeTransport.allCases)
    func traversalAttemptsOverTheWire(_ transport: ServeTransport) throws {
        let served = try Served(transport)
        defer { served.stop() }
        let refused = [
            "/../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/..%2f..%2fetc%2fpasswd", "/docs%2f..%2f.env",
            "/index.html%00.png", "/..\\..\\etc\\passwd", "/%5c..%5c.env",
        ]
        for path in refused {
            let response = try served.server.connect().request(path)
            #expect(response.status == 400, "\(path)")
            #expect(!String(decoding: response.body, as: UTF8.self).contains("root:"), "\(path)")
        }
        for path in ["/.env", "/.git/config", "/escape.txt", "/escape-dir/secret.txt", "/env-alias"] {
            let response = try served.server.connect().request(path)
            #expect(response.status == 404, "\(path)")
            #expect(!String(decoding: response.body, as: UTF8.self).contains("SECRET"), "\(path)")
            #expect(!String(decoding: response.body, as: UTF8.self).contains("secret outside"), "\(path)")
        }
        let redirect = try served.server.connect().request("/docs")
        #expect(redirect.status == 301)
        #expect(redirect.header("Location") == "/docs/")
    }

    @Test(arguments: ServeTransport.allCases)
    func aRebuildOnDiskIsServedOnTheNextRequest(_ transport: ServeTransport) throws {
        let served = try Served(transport)
        defer { served.stop() }
        let connection = try served.server.connect()
        let name = "rebuilt.js"
        for generation in 0..<3 {
            let content = Array(String(repeating: "// generation \(generation)\n", count: 300).utf8)
            let temporary = served.fixture.root.appendingPathComponent(".tmp-\(name)")
            try Data(content).write(to: temporary)
            #expect(rename(temporary.path, served.fixture.root.appendingPathComponent(name).path) == 0)
            for encoding in ["br", "identity"] {
                let response = try connection.request("/" + name, headers: ["Accept-Encoding": encoding])
                let coding = response.header("Content-Encoding").flatMap(ContentCoding.init(rawValue:)) ?? .identity
                #expect(try coding.decode(response.body) == content, "generation \(generation) \(encoding)")
            }
        }
    }

    @Test(arguments: ServeTransport.allCases)
    func defaultSubcommandAccessLogAndSigterm(_ transport: ServeTransport) throws {
        let served = try Served(transport)
        defer { served.stop() }
        let root = served.fixture.root.path
        let server = try ServerProcess([root], transport: transport)  // no `serve`: it is the default
        let response = try server.connect().request("/app.js", headers: ["Accept-Encoding": "gzip"])
        #expect(response.status == 200)
        #expect(server.stop() == 0, "SIGTERM exits 0")
        let log = server.stderrText
        #expect(log.contains("\"GET /app.js\" 200"), "\(log)")
        #expect(log.contains("gzip"), "\(log)")

        let quiet = try ServerProcess(["serve", root, "--quiet"], transport: transport)
        _ = try quiet.connect().request("/app.js")
        #expect(quiet.stop() == 0)
        // A certificate made on first use is announced once on stderr, even with --quiet.
        let expected = transport == .tls ? "gowasm-serve: --tls: made a certificate for localhost" : ""
        #expect(quiet.stderrText.hasPrefix(expected), "\(quiet.stderrText)")
        #expect(quiet.stderrText.split(separator: "\n").count == (transport == .tls ? 1 : 0), "\(quiet.stderrText)")
    }

    /// curl (its own TLS stack settings, the system's OpenSSL) trusts the server with only the local authority.
    @Test(arguments: ServeTransport.allCases)
    func curlFetchesTheWasmWithItsHeaders(_ transport: ServeTransport) throws {
        let served = try Served(transport)
        defer { served.stop() }
        let url = served.server.url + Self.wasmName
        let (head, body) = try Curl.get(url, served.server.curlTrust + ["-H", "Accept-Encoding: br"])
        #expect(head.status == 200)
        #expect(head.values("Content-Type") == ["application/wasm"])
        #expect(head.values("Content-Encoding") == ["br"])
        #expect(try ContentCoding.br.decode(Array(body)) == (try served.fixture.bytes(Self.wasmName)))
    }

    @Test func missingDirectoryIsOneLineAndNonZero() throws {
        let result = try ProcessRunner.gowasmServe(["serve", "/nonexistent/dist", "--port", "0"], timeout: 30)
        #expect(result.status != 0)
        #expect(result.stderrText == "gowasm-serve: /nonexistent/dist: no such directory\n")
        #expect(result.stdoutText == "")
    }
}
