import Compression
import DeployCheck
import DeployExport
import DistLayout
import Foundation
import TestSupport
import Testing

/// `gowasm-serve export`: the configurations run on the real servers and pass our own `check` with no
/// failure and no warning; the `_headers` file and the S3 script are read back against the dist's files.
@Suite(.serialized) struct ExportTests {
    /// `check URL --json` → (exit status, failed names, warned names, the table for messages).
    private func check(_ url: URL) throws -> (status: Int32, failed: [String], warned: [String], table: String) {
        let result = try ProcessRunner.gowasmServe(["check", url.absoluteString, "--json"], timeout: 120)
        let object = try #require(
            try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any], "\(result.stderrText)")
        let results = try #require(object["results"] as? [[String: Any]])
        func names(_ status: String) -> [String] {
            results.filter { $0["status"] as? String == status }.map {
                "\($0["name"] ?? "?") \($0["subject"] ?? "") \($0["message"] ?? "")"
            }
        }
        return (result.status, names("fail"), names("warn"), result.stdoutText)
    }

    private func export(_ arguments: [String]) throws -> String {
        let result = try ProcessRunner.gowasmServe(["export"] + arguments, timeout: 60)
        #expect(result.status == 0, "\(result.stderrText)")
        return result.stdoutText
    }

    /// The production servers an export is run on.
    enum Server: String, CaseIterable, Sendable { case nginx, caddy }

    /// A real nginx or Caddy on a free port, running what `gowasm-serve export` wrote for the dist.
    private func serveExport(_ server: Server, _ dist: DistFixture, _ extra: [String]) throws
        -> (root: URL, exported: String, stop: () -> Void)
    {
        let port = try Network.freePort()
        let exported = try export([server.rawValue, dist.directory.path, "--listen", "127.0.0.1:\(port)"] + extra)
        switch server {
        case .nginx:
            let nginx = try Nginx(port: port, servers: exported)
            return (nginx.root, exported, nginx.stop)
        case .caddy:
            let caddy = try Caddy(port: port, siteBlocks: exported)
            return (caddy.root, exported, caddy.stop)
        }
    }

    @Test(arguments: Server.allCases)
    func exportedConfigurationPassesCheck(_ server: Server) throws {
        let dist = try DistFixture.make()
        defer { dist.remove() }
        let running = try serveExport(server, dist, ["--header", "X-Frame-Options: DENY"])
        defer { running.stop() }
        switch server {
        case .nginx:
            #expect(running.exported.contains("brotli_static on;"))
            #expect(running.exported.contains("# brotli_static: the ngx_http_brotli_static module is loadable here"))
        case .caddy:
            #expect(running.exported.contains("precompressed br gzip"))
        }

        let outcome = try check(running.root)
        #expect(outcome.status == 0, "\(outcome.table)")
        #expect(outcome.failed.isEmpty, "\(outcome.failed)")
        #expect(outcome.warned.isEmpty, "\(outcome.warned)")
        try expectCustomHeaderAndNoFallback(running.root, spa: false)
    }

    @Test(arguments: Server.allCases)
    func exportedConfigurationWithSPAFallsBackOnlyForRoutes(_ server: Server) throws {
        let dist = try DistFixture.make()
        defer { dist.remove() }
        let running = try serveExport(server, dist, ["--spa"])
        defer { running.stop() }
        try expectCustomHeaderAndNoFallback(running.root, spa: true)
        #expect(try check(running.root).failed.isEmpty)
    }

    @Test func exportedNginxWithoutTheBrotliModuleSaysSo() throws {
        let dist = try DistFixture.make(precompress: false)
        defer { dist.remove() }
        var options = ExportOptions()
        options.nginxBrotliModule = "/nonexistent/ngx_http_brotli_static_module.so"
        let block = DeployExport.render(.nginx, try DistInventory(directory: dist.directory.path), options: options)
        #expect(!block.contains("brotli_static on;"))
        #expect(
            block.contains("# brotli_static is left out: the ngx_http_brotli_static module is not at /nonexistent/"))
    }

    private func expectCustomHeaderAndNoFallback(_ root: URL, spa: Bool) throws {
        let route = try Curl.get(root.absoluteString + "items/2")
        #expect(route.head.status == (spa ? 200 : 404), "\(route.head.fields)")
        if spa {
            #expect(String(decoding: route.body, as: UTF8.self).contains("new Go()"))
            #expect(route.head.values("Cache-Control") == ["no-cache"])
        }
        #expect(try Curl.head(root.absoluteString + "missing.js").status == 404)
        if !spa {
            #expect(try Curl.head(root.absoluteString).values("X-Frame-Options") == ["DENY"])
        }
    }

    @Test func headersFileGivesEveryFileOneCachePolicy() throws {
        let dist = try DistFixture.make()
        defer { dist.remove() }
        let text = try export(["headers", dist.directory.path, "--header", "Permissions-Policy: interest-cohort=()"])
        // Syntax: comments, then rules of a path line followed by indented `Name: value` lines.
        var rules: [String: [(String, String)]] = [:]
        var current: String?
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) where !line.hasPrefix("#") {
            if line.hasPrefix("/") {
                current = String(line)
                #expect(rules[String(line)] == nil, "\(line) listed twice")
                rules[String(line)] = []
            } else {
                let path = try #require(current, "a header line before any path: \(line)")
                #expect(line.hasPrefix("  "), "\(line)")
                let field = line.trimmingCharacters(in: .whitespaces)
                let colon = try #require(field.firstIndex(of: ":"))
                rules[path]?.append(
                    (String(field[..<colon]), field[field.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
            }
        }
        let everywhere = try #require(rules["/*"])
        #expect(
            everywhere.map(\.0) == ["X-Content-Type-Options", "Permissions-Policy"],
            "no Cache-Control on /*: hosts would join it with the file's")
        let files = ["index.html", dist.wasmName, dist.glueName, "manifest.json"]
        #expect(Set(rules.keys) == Set(["/*", "/"] + files.map { "/" + $0 }))
        for file in files {
            let fields = try #require(rules["/" + file])
            let expected = CachePolicy.forFileName(file).headerValue
            #expect(fields.filter { $0.0 == "Cache-Control" }.map(\.1) == [expected], "\(file)")
            #expect(
                fields.contains { $0 == ("Content-Type", "application/wasm") } == file.hasSuffix(".wasm"), "\(file)")
        }
        #expect(rules["/"]?.first?.1 == "no-cache")
    }

    /// The script runs under sh with an `aws` that records its calls: every file once, the gzip sibling's
    /// bytes where there is one (declared as gzip), the page last.
    @Test func s3ScriptUploadsEveryFileWithItsHeaders() throws {
        let dist = try DistFixture.make()
        defer { dist.remove() }
        let work = try Paths.temporaryDirectory("s3")
        defer { try? FileManager.default.removeItem(at: work) }
        let script = work.appendingPathComponent("upload.sh")
        let result = try ProcessRunner.gowasmServe(["export", "s3", dist.directory.path, "-o", script.path])
        #expect(result.status == 0, "\(result.stderrText)")
        let sh = try requireTool("sh")
        #expect(try ProcessRunner.run(sh, ["-n", script.path]).status == 0, "sh -n: valid syntax")

        // A fake aws: one line per call, arguments separated by tabs; the source copied aside to compare.
        let bin = work.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        let aws = bin.appendingPathComponent("aws")
        try Data(
            """
            #!/bin/sh
            n=$(wc -l < '\(work.path)/calls' 2>/dev/null || echo 0)
            cp "$3" '\(work.path)/upload-'"$n"
            (IFS='\t'; printf '%s\\n' "$*") >> '\(work.path)/calls'

            """.utf8
        ).write(to: aws)
        chmod(aws.path, 0o755)
        let withoutBucket = try ProcessRunner.run(sh, [script.path], environment: ["PATH": bin.path + ":/usr/bin:/bin"])
        #expect(withoutBucket.status != 0, "BUCKET is required")
        let run = try ProcessRunner.run(
            sh, [script.path], environment: ["PATH": bin.path + ":/usr/bin:/bin", "BUCKET": "s3://bucket/app"])
        #expect(run.status == 0, "\(run.stderrText)")

        let calls = try String(contentsOf: work.appendingPathComponent("calls"), encoding: .utf8)
            .split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
        let files = ["index.html", dist.wasmName, dist.glueName, "manifest.json"]
        #expect(calls.count == files.count)
        #expect(calls.last?[3] == "s3://bucket/app/index.html", "the page last")
        for (index, call) in calls.enumerated() {
            #expect(Array(call.prefix(2)) == ["s3", "cp"])
            let key = String(call[3].dropFirst("s3://bucket/app/".count))
            #expect(files.contains(key), "\(key)")
            func option(_ name: String) -> String? { call.firstIndex(of: name).map { call[$0 + 1] } }
            let type = MediaType.forFileName(key)
            #expect(option("--content-type") == type.value, "\(key)")
            #expect(option("--cache-control") == CachePolicy.forFileName(key).headerValue, "\(key)")
            let original = [UInt8](try Data(contentsOf: dist.directory.appendingPathComponent(key)))
            let uploaded = [UInt8](try Data(contentsOf: work.appendingPathComponent("upload-\(index)")))
            let hasGzip = FileManager.default.fileExists(
                atPath: dist.directory.appendingPathComponent(key + ".gz").path)
            #expect(option("--content-encoding") == (hasGzip ? "gzip" : nil), "\(key)")
            #expect((hasGzip ? try ContentCoding.gzip.decode(uploaded) : uploaded) == original, "\(key)")
        }
    }

    /// The nginx/Caddy pattern for hashed names agrees with the policy `serve` applies.
    @Test(arguments: [
        "main.8f3a9c1b.wasm", "wasm_exec.0123456789abcdef.js", "app-5d41402abc.js", "chunk_0123abcd.css",
        "8f3a9c1b.wasm",
        "deadbeef", "main.wasm", "main.8f3a9c1.wasm", "main.8f3a9c1bz.wasm", "v1.0/main.js", "a0b1c2d3e4/main.js",
        "x.DEADBEEF.css",
    ])
    func hashedPatternMatchesTheServePolicy(name: String) throws {
        let regex = try NSRegularExpression(pattern: DeployExport.hashedPathPattern)
        let path = "/" + name
        let matches = regex.firstMatch(in: path, range: NSRange(path.startIndex..., in: path)) != nil
        let last = name.split(separator: "/").last ?? Substring(name)
        #expect(matches == CachePolicy.hasContentHash(last), "\(name)")
    }
}
