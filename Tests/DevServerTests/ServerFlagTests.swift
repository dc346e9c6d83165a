import Foundation
import HTTPServer
import SiteServing
import TestSupport
import Testing

/// A tiny site: a page that reports whether the browser isolated it, and a wasm file.
struct TinySite {
    let directory: URL

    init() throws {
        directory = try Paths.temporaryDirectory("devserver-site")
        let page = """
            <!doctype html>
            <html><head><meta charset="utf-8"><title>pending</title></head>
            <body><script>document.title = "isolated=" + String(self.crossOriginIsolated);</script></body></html>

            """
        try Data(page.utf8).write(to: directory.appendingPathComponent("index.html"))
        try Data([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]).write(to: directory.appendingPathComponent("main.wasm"))
    }

    func remove() { try? FileManager.default.removeItem(at: directory) }
}

@Suite(.serialized) struct ServerFlagTests {
    @Test(arguments: ServeTransport.allCases)
    func headerFlagsReachEveryResponse(_ transport: ServeTransport) throws {
        let site = try TinySite()
        defer { site.remove() }
        let server = try ServerProcess(
            [
                "serve", site.directory.path, "--quiet", "--no-precompress",
                "--header", "X-Frame-Options: DENY", "--header", "Cache-Control: no-store", "--header", "X-Empty:",
            ], transport: transport)
        defer { server.stop() }
        let base = server.url
        let trust = server.curlTrust
        for path in ["", "main.wasm", "missing"] {
            let head = try Curl.head(base + path, trust)
            #expect(head.values("X-Frame-Options") == ["DENY"], "\(path)")
            #expect(head.values("Cache-Control") == ["no-store"], "a user's header replaces the server's (\(path))")
            #expect(head.values("X-Empty") == [""], "\(path)")
            #expect(head.values("Access-Control-Allow-Origin").isEmpty, "no CORS unless asked (\(path))")
        }
        #expect(try Curl.head(base + "missing", trust).status == 404)
        // Without --cors a preflight is a method the site does not serve.
        #expect(
            try Curl.head(
                base + "main.wasm",
                trust + ["-X", "OPTIONS", "-H", "Origin: http://other", "-H", "Access-Control-Request-Method: GET"]
            ).status == 405)
    }

    @Test(arguments: ServeTransport.allCases)
    func corsAllowsAnyOriginAndAnswersPreflights(_ transport: ServeTransport) throws {
        let site = try TinySite()
        defer { site.remove() }
        let server = try ServerProcess(
            ["serve", site.directory.path, "--quiet", "--no-precompress", "--cors"], transport: transport)
        defer { server.stop() }
        let wasm = server.url + "main.wasm"
        let trust = server.curlTrust
        let get = try Curl.head(wasm, trust + ["-H", "Origin: http://localhost:3000"])
        #expect(get.status == 200)
        #expect(get.values("Access-Control-Allow-Origin") == ["*"])
        #expect(get.values("Content-Type") == ["application/wasm"])

        let preflight = try Curl.head(
            wasm,
            trust + [
                "-X", "OPTIONS", "-H", "Origin: http://localhost:3000", "-H", "Access-Control-Request-Method: GET",
                "-H", "Access-Control-Request-Headers: x-requested-with, range",
            ])
        #expect(preflight.status == 204)
        #expect(preflight.values("Access-Control-Allow-Origin") == ["*"])
        #expect(preflight.values("Access-Control-Allow-Methods") == ["GET, HEAD"])
        #expect(preflight.values("Access-Control-Allow-Headers") == ["x-requested-with, range"])
        #expect(preflight.values("Access-Control-Max-Age") == ["86400"])
        // An OPTIONS that is no preflight is still not served.
        #expect(try Curl.head(wasm, trust + ["-X", "OPTIONS"]).status == 405)
    }

    /// Chromium decides: the page is cross-origin isolated with --coop-coep, and not without; over --tls too
    /// (Chromium trusting the server's certificate by its public key's hash, as a pinned test certificate).
    @Test(arguments: ServeTransport.allCases)
    func coopCoepMakesThePageCrossOriginIsolated(_ transport: ServeTransport) throws {
        let site = try TinySite()
        defer { site.remove() }
        let chromium = try Chromium.binary()
        for (flags, expected) in [(["--coop-coep"], "isolated=true"), ([], "isolated=false")] {
            let server = try ServerProcess(
                ["serve", site.directory.path, "--quiet", "--no-precompress"] + flags, transport: transport)
            defer { server.stop() }
            let page = try #require(URL(string: server.url))
            let trust =
                try server.certificatePath.map {
                    ["--ignore-certificate-errors-spki-list=\(try Chromium.spkiHash(ofCertificate: $0))"]
                } ?? []
            let dom = try Chromium.dumpDOM(of: page, chromium: chromium, extraArguments: trust)
            #expect(dom.contains("<title>\(expected)</title>"), "\(flags): \(dom)")
            let head = try Curl.head(page.absoluteString, server.curlTrust)
            #expect(head.values("Cross-Origin-Opener-Policy") == (flags.isEmpty ? [] : ["same-origin"]))
            #expect(head.values("Cross-Origin-Embedder-Policy") == (flags.isEmpty ? [] : ["require-corp"]))
        }
    }

    @Test(arguments: [
        ("NoColon", "header \"NoColon\" is not of the form 'Name: value'"),
        ("Bad Name: x", "header name \"Bad Name\" is not an HTTP token"),
        ("Content-Length: 5", "header Content-Length is set by the server itself"),
        (": value", "header name \"\" is not an HTTP token"),
    ])
    func malformedHeaderIsAOneLineUsageError(header: String, message: String) throws {
        for command in [["serve", "/tmp"], ["dev", "/tmp"], ["export", "nginx", "/tmp"]] {
            let result = try ProcessRunner.gowasmServe(command + ["--header", header], timeout: 30)
            #expect(result.status == 64, "\(command) \(result.stderrText)")
            #expect(
                result.stderrText == "gowasm-serve: --header: \(message) (see 'gowasm-serve --help')\n", "\(command)")
        }
    }

    /// A wildcard listener: the first line stays exactly as scripts read it, then localhost and every LAN
    /// address this machine has, each reachable; over --tls, each is one the certificate names (curl checks).
    @Test(arguments: ServeTransport.allCases)
    func wildcardHostPrintsTheLANURLs(_ transport: ServeTransport) throws {
        let site = try TinySite()
        defer { site.remove() }
        let server = try ServerProcess(
            ["serve", site.directory.path, "--quiet", "--no-precompress", "--host", "0.0.0.0"], transport: transport)
        defer { server.stop() }
        let scheme = transport.scheme
        #expect(server.firstLine == "Serving \(site.directory.path) at \(scheme)://0.0.0.0:\(server.port)/")
        let lan = NetworkInterfaces.current().filter { !$0.isLoopback && !$0.isIPv6 }.map(\.host)
        var printed: [String] = []
        for _ in 0..<(1 + lan.count) { printed.append(server.nextStdoutLine()) }
        #expect(printed == (["localhost"] + lan).map { "  also at \(scheme)://\($0):\(server.port)/" })
        for host in ["localhost"] + lan {
            #expect(
                try Curl.head("\(scheme)://\(host):\(server.port)/main.wasm", server.curlTrust).status == 200, "\(host)"
            )
        }
    }

    @Test func loopbackHostPrintsOneLine() throws {
        let site = try TinySite()
        defer { site.remove() }
        let server = try ServerProcess(["serve", site.directory.path, "--quiet", "--no-precompress"])
        let firstLine = server.firstLine
        #expect(firstLine == "Serving \(site.directory.path) at http://127.0.0.1:\(server.port)/")
        // (Its exit status is not the point: a child of a Swift Testing worker may start with SIGTERM blocked.)
        server.stop()
        #expect(server.nextStdoutLine() == "", "nothing after the first line")
    }

    /// --open starts the opener with the page's URL (the opener replaced through GOWASM_SERVE_BROWSER by a
    /// script that records its argument).
    @Test func openStartsTheBrowserOnThePage() throws {
        let site = try TinySite()
        defer { site.remove() }
        let recorded = site.directory.appendingPathComponent("opened.txt")
        let opener = site.directory.appendingPathComponent("opener.sh")
        try Data("#!/bin/sh\nprintf '%s' \"$1\" > '\(recorded.path)'\n".utf8).write(to: opener)
        chmod(opener.path, 0o755)
        let server = try ServerProcess(
            ["serve", site.directory.path, "--quiet", "--no-precompress", "--open"],
            environment: ["GOWASM_SERVE_BROWSER": opener.path])
        defer { server.stop() }
        let deadline = Date().addingTimeInterval(10)
        while !FileManager.default.fileExists(atPath: recorded.path), Date() < deadline {
            Thread.sleep(forTimeInterval: 0.05)
        }
        Thread.sleep(forTimeInterval: 0.1)  // the script's write after its open
        #expect((try? String(contentsOf: recorded, encoding: .utf8)) == "http://127.0.0.1:\(server.port)/")

        let missing = try ServerProcess(
            ["serve", site.directory.path, "--quiet", "--no-precompress", "--open"],
            environment: ["GOWASM_SERVE_BROWSER": "no-such-opener"])
        #expect(try Curl.head("http://127.0.0.1:\(missing.port)/").status == 200, "serving goes on without a browser")
        missing.stop()
        #expect(missing.stderrText == "gowasm-serve: --open: no no-such-opener on PATH\n")
    }
}
