import Compression
import Foundation
import TestSupport
import Testing

/// REDbot (PyPI `redbot`), the HTTP linter, against the real server: an HTML page, a JS file and a hashed
/// wasm must draw no BAD and no WARNING notes (content negotiation, validators, ranges, caching included).
@Suite(.serialized) final class RedbotTests {
    @Test func hTMLJavaScriptAndHashedWasmHaveNoBadOrWarningNotes() throws {
        let redbot = try requireTool("redbot")
        let fixture = try DistFixture()
        defer { try? FileManager.default.removeItem(at: fixture.root.deletingLastPathComponent()) }
        let wasm = try GoToolchain.modern.buildWasm(package: Paths.repository.appendingPathComponent("Examples/hello"))
        // The wasm as `build` ships it: with .br and .gz siblings, which are served as they are. Compressing it at
        // brotli 11 in the background would hold up the small files' upgrades below for minutes when the other
        // suites keep both cores busy (the compressor runs at idle priority).
        let wasmBytes = try [UInt8](Data(contentsOf: wasm))
        let wasmPath = fixture.root.appendingPathComponent("main.8f3a9c1b.wasm").path
        try Data(wasmBytes).write(to: URL(fileURLWithPath: wasmPath))
        try Data(try ContentCoding.br.encode(wasmBytes)).write(to: URL(fileURLWithPath: wasmPath + ".br"))
        try Data(try ContentCoding.gzip.encode(wasmBytes)).write(to: URL(fileURLWithPath: wasmPath + ".gz"))
        let server = try ServerProcess(["serve", fixture.root.path, "--quiet"])
        defer { server.stop() }

        // Lint the settled variants. The first request for a small file may get a quick brotli 5 / gzip 6
        // variant (an ETag of its own) until the background brotli 11 / gzip 9 replaces it, and REDbot's full and
        // ranged requests would otherwise straddle that switch on a loaded machine. Asked every half second:
        // more often than its 100 ms quiet period, the compressor would step aside for the asking itself.
        for path in ["/index.html", "/app.js", "/main.8f3a9c1b.wasm"] {
            for coding in ["gzip", "br"] {
                let deadline = Date().addingTimeInterval(240)
                var etag = ""
                repeat {
                    etag =
                        try WireConnection(port: server.port).request(path, headers: ["Accept-Encoding": coding])
                        .header("ETag") ?? ""
                    if !etag.hasSuffix("-gz6\""), !etag.hasSuffix("-br5\"") { break }
                    Thread.sleep(forTimeInterval: 0.5)
                } while Date() < deadline
                #expect(!etag.isEmpty, "\(path) \(coding): no ETag")
                #expect(!(etag.hasSuffix("-gz6\"") || etag.hasSuffix("-br5\"")), "\(path) \(coding): still \(etag)")
            }
        }

        let python = redbot.deletingLastPathComponent().appendingPathComponent("python")
        // Plain, and as browsers ask: the ranged and conditional checks then run on the br/gzip variant.
        for (path, acceptEncoding) in ["/index.html", "/app.js", "/main.8f3a9c1b.wasm"].flatMap({ path in
            [nil, "gzip", "br"].map { (path, $0) }
        }) {
            let url = "http://127.0.0.1:\(server.port)\(path)"
            let result = try ProcessRunner.run(
                python, ["-c", Self.redbotWithHeaders, url, acceptEncoding ?? ""], timeout: 120)
            let label = "\(path) (Accept-Encoding: \(acceptEncoding ?? "none"))"
            #expect(result.status == 0, "\(label): \(result.stderrText)")
            let notes = try Self.notes(inHAR: result.stdout)
            #expect(notes.count > 5, "\(label): REDbot reported almost nothing; did it reach the server?")
            let problems = notes.filter { $0.level == "BAD" || $0.level == "WARN" }
            #expect(problems.map(\.summary) == [], "\(label): REDbot found problems")
            // The checks that matter here did run and pass.
            let summaries = notes.map(\.summary).joined(separator: "\n")
            // REDbot checks negotiation itself only when the request names no coding.
            let negotiation = acceptEncoding == nil ? ["content negotiation for gzip compression is supported"] : []
            for expected in negotiation + [
                "if-none-match conditional requests are supported",
                "if-modified-since conditional requests are supported",
                "ranged request returned the correct partial content",
            ] {
                #expect(summaries.lowercased().contains(expected), "\(label): no '\(expected)' in\n\(summaries)")
            }
        }
    }

    /// REDbot's CLI (`redbot.cli.main`) with one request header more: `Accept-Encoding: <argv[2]>` when given.
    /// The CLI itself cannot send request headers.
    private static let redbotWithHeaders = """
        import sys, thor
        from configparser import ConfigParser
        from redbot.formatter import find_formatter
        from redbot.resource import HttpResource
        url, coding = sys.argv[1], sys.argv[2]
        parser = ConfigParser()
        parser.read_dict({"redbot": {"enable_local_access": "True"}})
        config = parser["redbot"]
        resource = HttpResource(config)
        resource.set_request(url, headers=[("Accept-Encoding", coding)] if coding else [])
        formatter = find_formatter("har", "text", False)(config, resource, sys.stdout.write, {"tty_out": False, "descend": False})
        formatter.bind_resource(resource)
        @thor.events.on(formatter)
        def formatter_done():
            thor.stop()
        resource.check()
        thor.run()
        """

    private struct Note {
        let level: String
        let summary: String
    }

    /// Every note and subnote in REDbot's HAR output (`_red_messages`).
    private static func notes(inHAR data: Data) throws -> [Note] {
        let json = try JSONSerialization.jsonObject(with: data)
        var found: [Note] = []
        func walk(_ value: Any) {
            if let object = value as? [String: Any] {
                if let level = object["level"] as? String, let summary = object["summary"] as? String {
                    found.append(Note(level: level, summary: summary))
                }
                object.values.forEach(walk)
            } else if let array = value as? [Any] {
                array.forEach(walk)
            }
        }
        walk(json)
        return found
    }
}
