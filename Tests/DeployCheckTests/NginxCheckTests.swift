import DeployCheck
import Foundation
import TestSupport
import XCTest

/// `check` against a real nginx: configured carelessly on purpose (each fault reported by name) and
/// configured well (nothing fails).
final class NginxCheckTests: XCTestCase {
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

    func testCarelessNginxFaultsAreReportedByName() throws {
        try checkCarelessNginx(tls: nil)
    }

    func testCarelessNginxOverHTTPSFaultsAreReportedByName() throws {
        let certificate = try TestCertificate.make()
        defer { certificate.remove() }
        try checkCarelessNginx(tls: certificate)
    }

    func testWellConfiguredNginxPasses() throws {
        try checkWellConfiguredNginx(tls: nil)
    }

    func testWellConfiguredNginxOverHTTPSPasses() throws {
        let certificate = try TestCertificate.make()
        defer { certificate.remove() }
        try checkWellConfiguredNginx(tls: certificate)
    }

    /// The checker `gowasm-serve check` uses, trusting `tls`'s self-signed certificate besides the system's.
    private func makeChecker(trusting tls: TestCertificate?) throws -> DeploymentChecker {
        DeploymentChecker(fetcher: try HTTPFetcher(trust: tls.map { CertificateTrust.systemAnd(caFile: $0.certificate.path) } ?? .system))
    }

    private func checkCarelessNginx(tls: TestCertificate?) throws {
        let go119Glue = try GoToolchain.go119.glueDirectory().appendingPathComponent("wasm_exec.js")
        let dist = try DistFixture.make(replaceGlueWith: go119Glue, precompress: false)
        defer { dist.remove() }
        let nginx = try Nginx(root: dist.directory, serverBlock: Self.carelessServer, tls: tls)
        defer { nginx.stop() }
        let checker = try makeChecker(trusting: tls)

        let report = try checker.check(url: nginx.root)
        XCTAssertEqual(report.target, nginx.root.absoluteString)
        let failed = Set(report.results.filter { $0.status == .fail }.map(\.name))
        XCTAssertTrue(report.failed)
        for fault in ["wasm-content-type", "vary", "cache-hashed", "sri", "glue-abi"] {
            XCTAssertTrue(failed.contains(fault), "\(fault) not reported; failed: \(failed)\n\(report.table())")
        }
        let wasmType = try XCTUnwrap(report.results.first { $0.name == "wasm-content-type" })
        XCTAssertEqual(wasmType.subject, "/" + dist.wasmName)
        XCTAssertEqual(wasmType.message, "Content-Type: application/octet-stream")
        XCTAssertNotNil(wasmType.fix)

        let sri = report.results.filter { $0.name == "sri" }
        XCTAssertEqual(sri.first { $0.subject == "/" + dist.glueName }?.status, .fail, "the replaced glue")
        XCTAssertEqual(sri.first { $0.subject == "/" + dist.wasmName }?.status, .pass, "the wasm is intact")

        let abi = try XCTUnwrap(report.results.first { $0.name == "glue-abi" })
        XCTAssertTrue(abi.message.hasPrefix("this wasm was built by go1."), abi.message)
        XCTAssertTrue(abi.message.contains("(module gojs) but the glue provides go: copy wasm_exec.js"), abi.message)

        // gzip on the fly is offered (and arrives still gzipped: the client decodes nothing), brotli is not:
        // a warning, not a failure.
        XCTAssertEqual(report.results.first { $0.name == "compression-gzip" && $0.subject == "/" + dist.wasmName }?.status, .pass)
        XCTAssertEqual(report.results.first { $0.name == "compression-br" && $0.subject == "/" + dist.wasmName }?.status, .warn)
        XCTAssertTrue(report.results.contains { $0.name == "cache-html" && $0.status == .fail }, "7 days of caching on the page")
        // A br request answered with the identity body may share its ETag; only gzip is a different body here.
        let etag = report.results.first { $0.name == "etag-per-encoding" && $0.subject == "/" + dist.wasmName }
        XCTAssertEqual(etag?.status, .pass, "\(String(describing: etag))")
        XCTAssertEqual(etag?.message, "2 encodings, distinct ETags")
    }

    private func checkWellConfiguredNginx(tls: TestCertificate?) throws {
        let dist = try DistFixture.make()
        defer { dist.remove() }
        let nginx = try Nginx(root: dist.directory, serverBlock: Self.wellServer, tls: tls)
        defer { nginx.stop() }
        let checker = try makeChecker(trusting: tls)

        let report = try checker.check(url: nginx.root)
        XCTAssertFalse(report.failed, report.table())
        XCTAssertEqual(report.summary.warnings, 0, report.table())
        let passed = Set(report.results.filter { $0.status == .pass }.map(\.name))
        XCTAssertTrue(passed.isSuperset(of: [
            "wasm-content-type", "js-content-type", "html-content-type", "compression-br", "compression-gzip",
            "compression-identity", "vary", "etag-per-encoding", "cache-hashed", "cache-html", "sri", "glue-abi", "revalidation",
        ]), "\(passed)")
        XCTAssertEqual(report.results.filter { $0.name == "sri" }.count, 2, "glue script and wasm preload")
    }

    /// What the https client hands the rules: header names as nginx wrote them, the brotli body still
    /// brotli, and a redirect as the 301 itself.
    func testFetcherOverHTTPSReturnsTheResponseAsSent() throws {
        let certificate = try TestCertificate.make()
        defer { certificate.remove() }
        let dist = try DistFixture.make()
        defer { dist.remove() }
        let nginx = try Nginx(
            root: dist.directory, serverBlock: Self.wellServer + "\nlocation = /moved { return 301 /; }", tls: certificate)
        defer { nginx.stop() }
        let https = try HTTPFetcher(trust: .systemAnd(caFile: certificate.certificate.path))

        let wasm = try XCTUnwrap(URL(string: dist.wasmName, relativeTo: nginx.root)?.absoluteURL)
        let br = try https.fetch(wasm, headers: [("Accept-Encoding", "br")])
        XCTAssertEqual(br.status, 200)
        XCTAssertTrue(br.headers.contains { $0.name == "Content-Encoding" && $0.value == "br" }, "\(br.headers)")
        XCTAssertTrue(br.headers.contains { $0.name == "Content-Type" && $0.value == "application/wasm" }, "\(br.headers)")
        let onDisk = try Data(contentsOf: dist.directory.appendingPathComponent(dist.wasmName + ".br"))
        XCTAssertEqual(Data(br.body), onDisk, "the .br sibling byte for byte")

        let head = try https.fetch(wasm, method: "HEAD", headers: [("Accept-Encoding", "identity")])
        XCTAssertEqual(head.status, 200)
        XCTAssertEqual(head.body.count, 0)
        XCTAssertEqual(head.header("Content-Length"), String(try Data(contentsOf: dist.directory.appendingPathComponent(dist.wasmName)).count))

        let moved = try https.fetch(try XCTUnwrap(URL(string: "moved", relativeTo: nginx.root)?.absoluteURL))
        XCTAssertEqual(moved.status, 301)
        XCTAssertEqual(moved.header("Location"), nginx.root.absoluteString)

        let page = try ProcessRunner.gowasmServe(
            ["check", nginx.root.absoluteString + "moved", "--ca-file", certificate.certificate.path])
        XCTAssertEqual(page.status, 2, page.stdoutText)
        XCTAssertEqual(page.stderrText,
            "gowasm-serve: \(nginx.root.absoluteString)moved answered 301 redirecting to \(nginx.root.absoluteString), not a page: check that URL\n")
    }

    /// The command line over https: trusted with --ca-file (or --insecure), one clear line without.
    func testHTTPSCertificateTrustOnTheCommandLine() throws {
        let certificate = try TestCertificate.make()
        defer { certificate.remove() }
        let dist = try DistFixture.make()
        defer { dist.remove() }
        let nginx = try Nginx(root: dist.directory, serverBlock: Self.wellServer, tls: certificate)
        defer { nginx.stop() }
        let url = nginx.root.absoluteString

        let untrusted = try ProcessRunner.gowasmServe(["check", url])
        XCTAssertEqual(untrusted.status, 2, untrusted.stdoutText)
        XCTAssertEqual(untrusted.stdoutText, "")
        XCTAssertEqual(untrusted.stderrText,
            "gowasm-serve: https://127.0.0.1:\(nginx.port): the server's certificate is not trusted (self-signed certificate); "
            + "for a private CA or a self-signed server pass --ca-file PEM (or --insecure to skip verification)\n")

        let trusted = try ProcessRunner.gowasmServe(["check", url, "--ca-file", certificate.certificate.path])
        XCTAssertEqual(trusted.status, 0, trusted.stdoutText + trusted.stderrText)
        XCTAssertTrue(trusted.stdoutText.hasSuffix(" 0 failed — deployment OK\n"), trusted.stdoutText)

        let insecure = try ProcessRunner.gowasmServe(["check", url, "--insecure", "--json"])
        XCTAssertEqual(insecure.status, 0, insecure.stdoutText + insecure.stderrText)

        let notPEM = try ProcessRunner.gowasmServe(["check", url, "--ca-file", certificate.key.path])
        XCTAssertEqual(notPEM.status, 2)
        XCTAssertTrue(notPEM.stderrText.hasPrefix("gowasm-serve: --ca-file \(certificate.key.path): "), notPEM.stderrText)
        XCTAssertEqual(notPEM.stderrText.filter { $0 == "\n" }.count, 1, notPEM.stderrText)
    }

    func testCommandLineTableAndJSON() throws {
        let dist = try DistFixture.make(hashedNames: false, precompress: false)
        defer { dist.remove() }
        let nginx = try Nginx(root: dist.directory, serverBlock: Self.carelessServer)
        defer { nginx.stop() }

        let table = try ProcessRunner.gowasmServe(["check", nginx.root.absoluteString])
        XCTAssertEqual(table.status, 1, table.stderrText)
        XCTAssertTrue(table.stdoutText.contains("✗ wasm-content-type"), table.stdoutText)
        XCTAssertTrue(table.stdoutText.contains("✗ cache-unhashed"), "7 days on main.wasm: stale after deploy\n\(table.stdoutText)")
        XCTAssertTrue(table.stdoutText.contains("    fix: "))
        let summary = try XCTUnwrap(table.stdoutText.split(separator: "\n").last)
        XCTAssertTrue(summary.range(of: #"^\d+ passed, \d+ warnings, \d+ failed$"#, options: .regularExpression) != nil, String(summary))

        let json = try ProcessRunner.gowasmServe(["check", nginx.root.absoluteString, "--json"])
        XCTAssertEqual(json.status, 1)
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: json.stdout) as? [String: Any])
        XCTAssertEqual(object["target"] as? String, nginx.root.absoluteString)
        let results = try XCTUnwrap(object["results"] as? [[String: Any]])
        XCTAssertTrue(results.contains { $0["name"] as? String == "wasm-content-type" && $0["status"] as? String == "fail" })
        let counts = try XCTUnwrap(object["summary"] as? [String: Int])
        XCTAssertEqual(counts["failed"], results.filter { $0["status"] as? String == "fail" }.count)

        let unreachable = try ProcessRunner.gowasmServe(["check", "http://127.0.0.1:\(try Network.freePort())/"])
        XCTAssertEqual(unreachable.status, 2)
        XCTAssertTrue(unreachable.stderrText.hasPrefix("gowasm-serve: cannot connect to 127.0.0.1:"), unreachable.stderrText)
        let closedPort = try Network.freePort()
        let https = try ProcessRunner.gowasmServe(["check", "https://127.0.0.1:\(closedPort)/"])
        XCTAssertEqual(https.status, 2)
        XCTAssertEqual(https.stderrText, "gowasm-serve: cannot connect to 127.0.0.1:\(closedPort): Connection refused\n")
        let ftp = try ProcessRunner.gowasmServe(["check", "ftp://127.0.0.1/"])
        XCTAssertEqual(ftp.status, 2)
        XCTAssertEqual(ftp.stderrText, "gowasm-serve: ftp://127.0.0.1/: only http:// and https:// URLs can be checked\n")
    }
}
