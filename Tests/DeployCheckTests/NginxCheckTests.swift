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
        let go119Glue = try GoToolchain.go119.glueDirectory().appendingPathComponent("wasm_exec.js")
        let dist = try DistFixture.make(replaceGlueWith: go119Glue, precompress: false)
        defer { dist.remove() }
        let nginx = try Nginx(root: dist.directory, serverBlock: Self.carelessServer)
        defer { nginx.stop() }

        let report = try DeploymentChecker().check(url: nginx.root)
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

        // gzip on the fly is offered, brotli is not: a warning, not a failure.
        XCTAssertEqual(report.results.first { $0.name == "compression-gzip" && $0.subject == "/" + dist.wasmName }?.status, .pass)
        XCTAssertEqual(report.results.first { $0.name == "compression-br" && $0.subject == "/" + dist.wasmName }?.status, .warn)
        XCTAssertTrue(report.results.contains { $0.name == "cache-html" && $0.status == .fail }, "7 days of caching on the page")
        // A br request answered with the identity body may share its ETag; only gzip is a different body here.
        let etag = report.results.first { $0.name == "etag-per-encoding" && $0.subject == "/" + dist.wasmName }
        XCTAssertEqual(etag?.status, .pass, "\(String(describing: etag))")
        XCTAssertEqual(etag?.message, "2 encodings, distinct ETags")
    }

    func testWellConfiguredNginxPasses() throws {
        let dist = try DistFixture.make()
        defer { dist.remove() }
        let nginx = try Nginx(root: dist.directory, serverBlock: Self.wellServer)
        defer { nginx.stop() }

        let report = try DeploymentChecker().check(url: nginx.root)
        XCTAssertFalse(report.failed, report.table())
        XCTAssertEqual(report.summary.warnings, 0, report.table())
        let passed = Set(report.results.filter { $0.status == .pass }.map(\.name))
        XCTAssertTrue(passed.isSuperset(of: [
            "wasm-content-type", "js-content-type", "html-content-type", "compression-br", "compression-gzip",
            "compression-identity", "vary", "etag-per-encoding", "cache-hashed", "cache-html", "sri", "glue-abi", "revalidation",
        ]), "\(passed)")
        XCTAssertEqual(report.results.filter { $0.name == "sri" }.count, 2, "glue script and wasm preload")
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
        let https = try ProcessRunner.gowasmServe(["check", "https://example.invalid/"])
        XCTAssertEqual(https.status, 2)
        XCTAssertTrue(https.stderrText.contains("only http:// URLs can be checked"), https.stderrText)
    }
}
