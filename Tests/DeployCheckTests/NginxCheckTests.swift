import DeployCheck
import Foundation
import TestSupport
import Testing

/// `check` against a real nginx: configured carelessly on purpose (each fault reported by name) and
/// configured well (nothing fails).
@Suite(.serialized) final class NginxCheckTests {
    /// Common mistakes: no wasm type (falls back to application/octet-stream), on-the-fly gzip without
    /// gzip_vary, a week of caching without immutable on hashed names, and a glue replaced by another
    /// toolchain's after the page was built (so its SRI and its ABI no longer match).
    static let carelessServer = """
        types { text/html html; application/javascript js; application/json json; }
        default_type application/octet-stream;
        gzip on;
        gzip_types application/javascript application/octet-stream;
        expires 7d;
        """

    static let wellServer = """
        types { text/html html; text/javascript js; application/wasm wasm; application/json json; }
        charset utf-8;
        charset_types text/html text/javascript;
        gzip_static on;
        brotli_static on;
        gzip_vary on;
        location ~ "\\.[0-9a-f]{16}\\.(wasm|js)$" {
            add_header Cache-Control "public, max-age=31536000, immutable" always;
            add_header X-Content-Type-Options nosniff always;
            add_header Vary Accept-Encoding always;
        }
        location / {
            add_header Cache-Control "no-cache" always;
            add_header X-Content-Type-Options nosniff always;
        }
        """

    @Test func carelessNginxFaultsAreReportedByName() throws {
        try checkCarelessNginx(tls: nil)
    }

    @Test func carelessNginxOverHTTPSFaultsAreReportedByName() throws {
        let certificate = try TestCertificate.make()
        defer { certificate.remove() }
        try checkCarelessNginx(tls: certificate)
    }

    @Test func wellConfiguredNginxPasses() throws {
        try checkWellConfiguredNginx(tls: nil)
    }

    @Test func wellConfiguredNginxOverHTTPSPasses() throws {
        let certificate = try TestCertificate.make()
        defer { certificate.remove() }
        try checkWellConfiguredNginx(tls: certificate)
    }

    /// The checker `gowasm-serve check` uses, trusting `tls`'s self-signed certificate besides the system's.
    private func makeChecker(trusting tls: TestCertificate?) throws -> DeploymentChecker {
        DeploymentChecker(
            fetcher: try HTTPFetcher(
                trust: tls.map { CertificateTrust.systemAnd(caFile: $0.certificate.path) } ?? .system))
    }

    private func checkCarelessNginx(tls: TestCertificate?) throws {
        let go119Glue = try GoToolchain.go119.glueDirectory().appendingPathComponent("wasm_exec.js")
        let dist = try DistFixture.make(replaceGlueWith: go119Glue, precompress: false)
        defer { dist.remove() }
        let nginx = try Nginx(root: dist.directory, serverBlock: Self.carelessServer, tls: tls)
        defer { nginx.stop() }
        let checker = try makeChecker(trusting: tls)

        let report = try checker.check(url: nginx.root)
        #expect(report.target == nginx.root.absoluteString)
        let failed = Set(report.results.filter { $0.status == .fail }.map(\.name))
        #expect(report.failed)
        for fault in ["wasm-content-type", "vary", "cache-hashed", "sri", "glue-abi"] {
            #expect(failed.contains(fault), "\(fault) not reported; failed: \(failed)\n\(report.table())")
        }
        let wasmType = try #require(report.results.first { $0.rule == .wasmContentType })
        #expect(wasmType.subject == "/" + dist.wasmName)
        #expect(wasmType.message == "Content-Type: application/octet-stream")
        #expect(wasmType.fix != nil)

        let sri = report.results.filter { $0.rule == .sri }
        #expect(sri.first { $0.subject == "/" + dist.glueName }?.status == .fail, "the replaced glue")
        #expect(sri.first { $0.subject == "/" + dist.wasmName }?.status == .pass, "the wasm is intact")

        let abi = try #require(report.results.first { $0.rule == .glueAbi })
        #expect(abi.message.hasPrefix("this wasm was built by go1."), "\(abi.message)")
        #expect(abi.message.contains("(module gojs) but the glue provides go: copy wasm_exec.js"), "\(abi.message)")

        // gzip on the fly is offered (and arrives still gzipped: the client decodes nothing), brotli is not:
        // a warning, not a failure.
        #expect(
            report.results.first { $0.rule == .compressionGzip && $0.subject == "/" + dist.wasmName }?.status == .pass)
        #expect(
            report.results.first { $0.rule == .compressionBr && $0.subject == "/" + dist.wasmName }?.status == .warn)
        #expect(
            report.results.contains { $0.rule == .cacheHtml && $0.status == .fail }, "7 days of caching on the page")
        // A br request answered with the identity body may share its ETag; only gzip is a different body here.
        let etag = report.results.first { $0.rule == .etagPerEncoding && $0.subject == "/" + dist.wasmName }
        #expect(etag?.status == .pass, "\(String(describing: etag))")
        #expect(etag?.message == "2 encodings, distinct ETags")
    }

    private func checkWellConfiguredNginx(tls: TestCertificate?) throws {
        let dist = try DistFixture.make()
        defer { dist.remove() }
        let nginx = try Nginx(root: dist.directory, serverBlock: Self.wellServer, tls: tls)
        defer { nginx.stop() }
        let checker = try makeChecker(trusting: tls)

        let report = try checker.check(url: nginx.root)
        #expect(!report.failed, "\(report.table())")
        #expect(report.summary.warnings == 0, "\(report.table())")
        let passed = Set(report.results.filter { $0.status == .pass }.map(\.name))
        #expect(
            passed.isSuperset(of: [
                "wasm-content-type", "js-content-type", "html-content-type", "compression-br", "compression-gzip",
                "compression-identity", "vary", "etag-per-encoding", "cache-hashed", "cache-html", "sri", "glue-abi",
                "revalidation",
            ]), "\(passed)")
        #expect(report.results.filter { $0.rule == .sri }.count == 2, "glue script and wasm preload")
    }

    /// What the https client hands the rules: header names as nginx wrote them, the brotli body still
    /// brotli, and a redirect as the 301 itself.
    @Test func fetcherOverHTTPSReturnsTheResponseAsSent() throws {
        let certificate = try TestCertificate.make()
        defer { certificate.remove() }
        let dist = try DistFixture.make()
        defer { dist.remove() }
        let nginx = try Nginx(
            root: dist.directory, serverBlock: Self.wellServer + "\nlocation = /moved { return 301 /; }",
            tls: certificate)
        defer { nginx.stop() }
        let https = try HTTPFetcher(trust: .systemAnd(caFile: certificate.certificate.path))

        let wasm = try #require(URL(string: dist.wasmName, relativeTo: nginx.root)?.absoluteURL)
        let br = try https.fetch(wasm, headers: [("Accept-Encoding", "br")])
        #expect(br.status == 200)
        #expect(br.headers.contains { $0.name == "Content-Encoding" && $0.value == "br" }, "\(br.headers)")
        #expect(br.headers.contains { $0.name == "Content-Type" && $0.value == "application/wasm" }, "\(br.headers)")
        let onDisk = try Data(contentsOf: dist.directory.appendingPathComponent(dist.wasmName + ".br"))
        #expect(Data(br.body) == onDisk, "the .br sibling byte for byte")

        let head = try https.fetch(wasm, method: "HEAD", headers: [("Accept-Encoding", "identity")])
        #expect(head.status == 200)
        #expect(head.body.count == 0)
        #expect(
            head.header("Content-Length")
                == String(try Data(contentsOf: dist.directory.appendingPathComponent(dist.wasmName)).count))

        let moved = try https.fetch(try #require(URL(string: "moved", relativeTo: nginx.root)?.absoluteURL))
        #expect(moved.status == 301)
        #expect(moved.header("Location") == nginx.root.absoluteString)

        let page = try ProcessRunner.gowasmServe(
            ["check", nginx.root.absoluteString + "moved", "--ca-file", certificate.certificate.path])
        #expect(page.status == 2, "\(page.stdoutText)")
        #expect(
            page.stderrText
                == "gowasm-serve: \(nginx.root.absoluteString)moved answered 301 redirecting to \(nginx.root.absoluteString), not a page: check that URL\n"
        )
    }

    /// The command line over https: trusted with --ca-file (or --insecure), one clear line without.
    @Test func hTTPSCertificateTrustOnTheCommandLine() throws {
        let certificate = try TestCertificate.make()
        defer { certificate.remove() }
        let dist = try DistFixture.make()
        defer { dist.remove() }
        let nginx = try Nginx(root: dist.directory, serverBlock: Self.wellServer, tls: certificate)
        defer { nginx.stop() }
        let url = nginx.root.absoluteString

        let untrusted = try ProcessRunner.gowasmServe(["check", url])
        #expect(untrusted.status == 2, "\(untrusted.stdoutText)")
        #expect(untrusted.stdoutText == "")
        #expect(
            untrusted.stderrText
                == "gowasm-serve: https://127.0.0.1:\(nginx.port): the server's certificate is not trusted (self-signed certificate); "
                + "for a private CA or a self-signed server pass --ca-file PEM (or --insecure to skip verification)\n")

        let trusted = try ProcessRunner.gowasmServe(["check", url, "--ca-file", certificate.certificate.path])
        #expect(trusted.status == 0, "\(trusted.stdoutText + trusted.stderrText)")
        #expect(trusted.stdoutText.hasSuffix(" 0 failed — deployment OK\n"), "\(trusted.stdoutText)")

        let insecure = try ProcessRunner.gowasmServe(["check", url, "--insecure", "--json"])
        #expect(insecure.status == 0, "\(insecure.stdoutText + insecure.stderrText)")

        let notPEM = try ProcessRunner.gowasmServe(["check", url, "--ca-file", certificate.key.path])
        #expect(notPEM.status == 2)
        #expect(
            notPEM.stderrText.hasPrefix("gowasm-serve: --ca-file \(certificate.key.path): "), "\(notPEM.stderrText)")
        #expect(notPEM.stderrText.filter { $0 == "\n" }.count == 1, "\(notPEM.stderrText)")
    }

    @Test func commandLineTableAndJSON() throws {
        let dist = try DistFixture.make(hashedNames: false, precompress: false)
        defer { dist.remove() }
        let nginx = try Nginx(root: dist.directory, serverBlock: Self.carelessServer)
        defer { nginx.stop() }

        let table = try ProcessRunner.gowasmServe(["check", nginx.root.absoluteString])
        #expect(table.status == 1, "\(table.stderrText)")
        #expect(table.stdoutText.contains("✗ wasm-content-type"), "\(table.stdoutText)")
        #expect(
            table.stdoutText.contains("✗ cache-unhashed"),
            "7 days on main.wasm: stale after deploy\n\(table.stdoutText)")
        #expect(table.stdoutText.contains("    fix: "))
        let summary = try #require(table.stdoutText.split(separator: "\n").last)
        #expect(
            summary.range(of: #"^\d+ passed, \d+ warnings, \d+ failed$"#, options: .regularExpression) != nil,
            "\(String(summary))")

        let json = try ProcessRunner.gowasmServe(["check", nginx.root.absoluteString, "--json"])
        #expect(json.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: json.stdout) as? [String: Any])
        #expect(object["target"] as? String == nginx.root.absoluteString)
        let results = try #require(object["results"] as? [[String: Any]])
        #expect(results.contains { $0["name"] as? String == "wasm-content-type" && $0["status"] as? String == "fail" })
        let counts = try #require(object["summary"] as? [String: Int])
        #expect(counts["failed"] == results.filter { $0["status"] as? String == "fail" }.count)

        let unreachable = try ProcessRunner.gowasmServe(["check", "http://127.0.0.1:\(try Network.freePort())/"])
        #expect(unreachable.status == 2)
        #expect(
            unreachable.stderrText.hasPrefix("gowasm-serve: cannot connect to 127.0.0.1:"), "\(unreachable.stderrText)")
        let closedPort = try Network.freePort()
        let https = try ProcessRunner.gowasmServe(["check", "https://127.0.0.1:\(closedPort)/"])
        #expect(https.status == 2)
        #expect(https.stderrText == "gowasm-serve: cannot connect to 127.0.0.1:\(closedPort): Connection refused\n")
        let ftp = try ProcessRunner.gowasmServe(["check", "ftp://127.0.0.1/"])
        #expect(ftp.status == 2)
        #expect(ftp.stderrText == "gowasm-serve: ftp://127.0.0.1/: only http:// and https:// URLs can be checked\n")
    }
}
