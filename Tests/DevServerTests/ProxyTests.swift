import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The Go backend of Tests/Fixtures/proxy/backend, built natively and run on a free port.
final class ProxyBackend {
    let process = Process()
    let port: UInt16
    var url: String { "http://127.0.0.1:\(port)" }

    init() throws {
        let binary = try GoToolchain.modern.buildNative(package: Paths.fixtures.appendingPathComponent("proxy/backend"))
        let out = Pipe()
        process.executableURL = binary
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        var line: [UInt8] = []
        while line.last != 10, let byte = out.fileHandleForReading.readData(ofLength: 1).first { line.append(byte) }
        let text = String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.hasPrefix("listening on "), let port = UInt16(text.dropFirst("listening on ".count)) else {
            process.terminate(grace: 5)
            throw WireError(description: "backend said \(text)")
        }
        self.port = port
    }

    func stop() { process.terminate(grace: 5) }
    deinit { stop() }
}

/// A site served with `--proxy /api=<the Go backend>`, and `extra` flags.
struct ProxiedSite {
    let site: TinySite
    let backend: ProxyBackend
    let server: ServerProcess

    init(_ extra: [String] = []) throws {
        site = try TinySite()
        backend = try ProxyBackend()
        server = try ServerProcess(
            ["serve", site.directory.path, "--quiet", "--no-precompress", "--proxy", "/api=\(backend.url)"] + extra)
    }

    func stop() {
        server.stop()
        backend.stop()
        site.remove()
    }
}

/// `--proxy` end to end: curl, a raw socket and Chromium as clients, gowasm-serve in the middle, the Go
/// backend behind it.
@Suite(.serialized) struct ProxyTests {

    private func json(_ data: Data) throws -> [String: Any] {
        try #require(
            try JSONSerialization.jsonObject(with: data) as? [String: Any], "\(String(decoding: data, as: UTF8.self))")
    }

    @Test func forwardsMethodPathQueryHeadersAndBody() throws {
        let setup = try ProxiedSite()
        defer { setup.stop() }
        let (backend, server) = (setup.backend, setup.server)
        let base = "http://127.0.0.1:\(server.port)"
        let body = String(repeating: "payload-", count: 1000)
        let (head, data) = try Curl.get(
            base + "/api/items/7?sort=desc&q=a%20b",
            [
                "-X", "PUT", "--data-binary", body, "-H", "Content-Type: text/plain", "-H", "X-Custom: kept",
                "-H", "Connection: keep-alive, X-Private", "-H", "X-Private: hop", "-H", "Keep-Alive: timeout=5",
                "-H", "Proxy-Authorization: Basic eDp5", "-H", "X-Forwarded-Proto: https",
            ])
        #expect(head.status == 200)
        #expect(head.values("X-Backend") == ["proxy-fixture"])
        let echo = try json(data)
        #expect(echo["method"] as? String == "PUT")
        #expect(echo["uri"] as? String == "/api/items/7?sort=desc&q=a%20b")
        #expect(echo["host"] as? String == "127.0.0.1:\(backend.port)", "Host is rewritten to the backend's")
        #expect(echo["bodyBytes"] as? Int == body.utf8.count)
        let headers = try #require(echo["headers"] as? [String: [String]])
        #expect(headers["X-Custom"] == ["kept"])
        #expect(headers["Content-Type"] == ["text/plain"])
        #expect(headers["X-Forwarded-For"] == ["127.0.0.1"])
        #expect(headers["X-Forwarded-Proto"] == ["http"])
        #expect(headers["X-Forwarded-Host"] == ["127.0.0.1:\(server.port)"])
        for hop in ["X-Private", "Keep-Alive", "Proxy-Authorization"] { #expect(headers[hop] == nil, "\(hop)") }

        // The site still answers everything outside the prefix; /apix is not under /api.
        #expect(try Curl.head(base + "/").status == 200)
        #expect(try Curl.head(base + "/apix").status == 404)
        // A body sent to the site is never read (nor buffered): the answer comes, then the connection closes.
        let connection = try WireConnection(port: server.port)
        try connection.send("POST /index.html HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100000000\r\n\r\npartial")
        #expect(try connection.readResponse().status == 405)
        #expect(connection.isClosedByPeer())
    }

    @Test func keepHostForwardsTheClientsHost() throws {
        let setup = try ProxiedSite(["--proxy-keep-host", "--allowed-host", "app.test"])
        defer { setup.stop() }
        let server = setup.server
        let (_, data) = try Curl.get("http://127.0.0.1:\(server.port)/api/echo", ["-H", "Host: app.test:1234"])
        #expect(try json(data)["host"] as? String == "app.test:1234")
    }

    @Test func cookiesPassUntouched() throws {
        let setup = try ProxiedSite()
        defer { setup.stop() }
        let server = setup.server
        let connection = try WireConnection(port: server.port)
        let response = try connection.request("/api/cookies", headers: ["Cookie": "a=1; b=\"two words\""])
        #expect(String(decoding: response.body, as: UTF8.self) == "cookie: a=1; b=\"two words\"\n")
        let setCookies = response.headers.filter { $0.0.lowercased() == "set-cookie" }.map(\.1)
        #expect(setCookies == ["session=abc123; Path=/; HttpOnly", "theme=dark, light; Path=/api; Max-Age=3600"])
    }

    /// The first line reaches the client while the backend still holds the rest back: the response streams.
    @Test func responseStreamsBeforeTheBackendFinishes() throws {
        let setup = try ProxiedSite()
        defer { setup.stop() }
        let (backend, server) = (setup.backend, setup.server)
        let connection = try WireConnection(port: server.port)
        try connection.send("GET /api/hold?id=s1 HTTP/1.1\r\nHost: localhost\r\n\r\n")
        var received = ""
        while !received.contains("waiting for release\n") {
            let bytes = connection.readAvailable(seconds: 10)
            guard !bytes.isEmpty else { break }
            received += String(decoding: bytes, as: UTF8.self)
        }
        #expect(received.hasPrefix("HTTP/1.1 200"))
        #expect(received.contains("first line, then waiting for release\n"))
        #expect(!received.contains("released"))
        _ = try Curl.get(backend.url + "/release?id=s1")
        let rest = String(decoding: connection.readAvailable(seconds: 10), as: UTF8.self)
        #expect(rest.contains("released\n"))
    }

    /// 256 MiB up (Content-Length) and 256 MiB down through the proxy: the server's resident memory stays
    /// far below either body, because both stream with back-pressure.
    @Test func largeBodiesStreamInBoundedMemory() throws {
        let setup = try ProxiedSite()
        defer { setup.stop() }
        let (site, server) = (setup.site, setup.server)
        let size = 256 << 20
        let upload = site.directory.appendingPathComponent("upload.bin")
        #expect(FileManager.default.createFile(atPath: upload.path, contents: nil))
        let handle = try FileHandle(forWritingTo: upload)
        try handle.truncate(atOffset: UInt64(size))  // sparse: zeros that take no disk
        try handle.close()
        let before = try #require(server.residentBytes)

        let (head, data) = try Curl.get(
            "http://127.0.0.1:\(server.port)/api/upload", ["-T", upload.path, "-H", "Expect:"], timeout: 120)
        #expect(head.status == 200)
        let echo = try json(data)
        #expect(echo["bodyBytes"] as? Int == size)
        #expect(echo["contentLength"] as? Int == size)

        let download = try Curl.get(
            "http://127.0.0.1:\(server.port)/api/big?bytes=\(size)", timeout: 120)
        #expect(download.head.status == 200)
        #expect(download.head.values("Content-Length") == ["\(size)"])
        #expect(download.body.count == size)
        let grown = try #require(server.peakResidentBytes) - before
        #expect(grown < 64 << 20, "resident memory grew by \(grown >> 20) MiB while 2 × 256 MiB went through")
    }

    @Test func backendDownIsA502WithOneLine() throws {
        let setup = try ProxiedSite()
        defer { setup.stop() }
        let (backend, server) = (setup.backend, setup.server)
        backend.stop()
        let (head, body) = try Curl.get("http://127.0.0.1:\(server.port)/api/echo")
        #expect(head.status == 502)
        #expect(
            String(decoding: body, as: UTF8.self)
                == "502 Bad Gateway: backend \(backend.url) refused the connection (is it running?)\n")
        #expect(
            server.stderrLines(prefix: "proxy GET /api/echo:")
                == ["proxy GET /api/echo: backend \(backend.url) refused the connection (is it running?)"])
    }

    /// `dev` takes the same flags: its server (here serving the waiting page of a package that does not
    /// compile yet, so no wasm build is needed) forwards /api too.
    @Test func devProxiesToo() throws {
        let package = try Paths.temporaryDirectory("dev-proxy")
        defer { try? FileManager.default.removeItem(at: package) }
        try Data("module broken\n\ngo 1.19\n".utf8).write(to: package.appendingPathComponent("go.mod"))
        try Data("package main\n\nfunc main() { undefined() }\n".utf8).write(
            to: package.appendingPathComponent("main.go"))
        let backend = try ProxyBackend()
        let server = try ServerProcess([
            "dev", package.path, "--go", GoToolchain.modern.goBinary.path, "--quiet", "--proxy", "/api=\(backend.url)",
        ])
        defer { server.stop() }
        let (head, data) = try Curl.get("http://127.0.0.1:\(server.port)/api/from-dev?x=1")
        #expect(head.status == 200)
        #expect(try json(data)["uri"] as? String == "/api/from-dev?x=1")
        #expect(try Curl.head("http://127.0.0.1:\(server.port)/").status == 200, "the waiting page")
    }

    @Test func slowBackendIsA504AfterTheTimeout() throws {
        let setup = try ProxiedSite(["--proxy-timeout", "0.5"])
        defer { setup.stop() }
        let (backend, server) = (setup.backend, setup.server)
        let started = ContinuousClock.now
        let (head, body) = try Curl.get("http://127.0.0.1:\(server.port)/api/slow?ms=20000")
        let waited = ContinuousClock.now - started
        #expect(head.status == 504)
        #expect(
            String(decoding: body, as: UTF8.self)
                == "504 Gateway Timeout: backend \(backend.url) did not answer within 0.5 s\n")
        #expect(waited >= .milliseconds(500) && waited < .seconds(10), "\(waited)")
    }

    /// A WebSocket through the proxy at the byte level: the 101 with its Upgrade/Connection/Accept, then a
    /// masked binary frame out and the backend's echo back.
    @Test func webSocketFramesPassAsRawBytes() throws {
        let setup = try ProxiedSite()
        defer { setup.stop() }
        let server = setup.server
        let connection = try WireConnection(port: server.port)
        try connection.send(
            "GET /api/ws HTTP/1.1\r\nHost: localhost\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
                + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n")
        let head = try connection.readResponse(isHead: true)
        #expect(head.status == 101)
        #expect(head.header("Upgrade")?.lowercased() == "websocket")
        #expect(head.header("Connection")?.lowercased() == "upgrade")
        #expect(head.header("Sec-WebSocket-Accept") == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
        let payload: [UInt8] = (0..<300).map { UInt8($0 % 256) }
        let mask: [UInt8] = [0x12, 0x34, 0x56, 0x78]
        var frame: [UInt8] = [0x82, 0x80 | 126, UInt8(payload.count >> 8), UInt8(payload.count & 0xFF)] + mask
        frame += payload.enumerated().map { $0.element ^ mask[$0.offset % 4] }
        try connection.send(bytes: frame)
        var echoed: [UInt8] = []
        while echoed.count < 4 + payload.count {
            let bytes = connection.readAvailable(seconds: 10)
            guard !bytes.isEmpty else { break }
            echoed += bytes
        }
        #expect(echoed == [0x82, 126, UInt8(payload.count >> 8), UInt8(payload.count & 0xFF)] + payload)
    }

    /// The done-when: a real browser's WebSocket round trip through --proxy.
    @Test func chromiumWebSocketRoundTrip() throws {
        let site = try TinySite()
        defer { site.remove() }
        let page = """
            <!doctype html><meta charset="utf-8"><title>ws</title>
            <script>
            const socket = new WebSocket("ws://" + location.host + "/api/ws");
            socket.onopen = () => socket.send("hello through the proxy");
            socket.onmessage = (event) => { window.echoed = event.data; socket.close(); };
            socket.onerror = () => { window.echoed = "error"; };
            </script>
            """
        try Data(page.utf8).write(to: site.directory.appendingPathComponent("ws.html"))
        let backend = try ProxyBackend()
        let server = try ServerProcess(
            ["serve", site.directory.path, "--quiet", "--no-precompress", "--proxy", "/api=\(backend.url)"])
        defer { server.stop() }
        let value = try LiveBrowser.waitUntilTruthy(
            url: "http://127.0.0.1:\(server.port)/ws.html", expression: "window.echoed")
        #expect(value == "\"hello through the proxy\"")
    }

    @Test(arguments: [
        (["--proxy", "api=http://127.0.0.1:9000"], "--proxy: prefix \"api\" does not start with /"),
        (
            ["--proxy", "/api=https://127.0.0.1:9000"],
            "--proxy: \"https://127.0.0.1:9000\": only http:// backends are supported"
        ),
        (["--proxy", "/api"], "--proxy: \"/api\" is not of the form PREFIX=http://host:port"),
        (["--proxy-timeout", "0"], "--proxy-timeout must be more than 0 and at most 3600 seconds"),
    ])
    func badFlagsAreOneLineUsageErrors(arguments: [String], message: String) throws {
        for command in [["serve", "/tmp"], ["dev", "/tmp"]] {
            let result = try ProcessRunner.gowasmServe(command + arguments, timeout: 30)
            #expect(result.status == 64, "\(command) \(result.stderrText)")
            #expect(result.stderrText == "gowasm-serve: \(message) (see 'gowasm-serve --help')\n", "\(command)")
        }
    }

    /// gowasm.toml holds the proxy rules like any other flag.
    @Test func configFileHoldsProxyRules() throws {
        let site = try TinySite()
        defer { site.remove() }
        let backend = try ProxyBackend()
        try Data("proxy = [\"/api=\(backend.url)\"]\nproxy-timeout = 5\n".utf8)
            .write(to: site.directory.appendingPathComponent("gowasm.toml"))
        let server = try ServerProcess(["serve", ".", "--quiet", "--no-precompress"], currentDirectory: site.directory)
        defer { server.stop() }
        let (head, data) = try Curl.get("http://127.0.0.1:\(server.port)/api/echo?from=toml")
        #expect(head.status == 200)
        #expect(try json(data)["uri"] as? String == "/api/echo?from=toml")
    }
}
