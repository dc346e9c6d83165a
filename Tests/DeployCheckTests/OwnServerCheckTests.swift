import Foundation
import TestSupport
import XCTest

/// `check DIR`: the rules applied to what `gowasm-serve serve` sends for the folder, plus its file facts.
final class OwnServerCheckTests: XCTestCase {
    private func run(_ directory: URL) throws -> (status: Int32, results: [[String: Any]], stdout: String) {
        let result = try ProcessRunner.gowasmServe(["check", directory.path, "--json"], timeout: 120)
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any], result.stderrText)
        return (result.status, try XCTUnwrap(object["results"] as? [[String: Any]]), result.stdoutText)
    }

    func testBuiltDistServedByUsPasses() throws {
        let dist = try DistFixture.make()
        defer { dist.remove() }
        let (status, results, stdout) = try run(dist.directory)
        let failures = results.filter { $0["status"] as? String == "fail" }
        XCTAssertEqual(status, 0, "\(failures)")
        XCTAssertEqual(failures.count, 0, stdout)
        let passed = Set(results.filter { $0["status"] as? String == "pass" }.compactMap { $0["name"] as? String })
        XCTAssertTrue(passed.isSuperset(of: [
            "wasm-content-type", "js-content-type", "html-content-type", "compression-br", "compression-gzip", "vary",
            "etag-per-encoding", "cache-hashed", "cache-html", "sri", "glue-abi", "revalidation", "hashed-name",
            "precompressed-sibling", "manifest",
        ]), "\(passed)")
    }

    func testReplacedGlueInADistFails() throws {
        let go119Glue = try GoToolchain.go119.glueDirectory().appendingPathComponent("wasm_exec.js")
        let dist = try DistFixture.make(replaceGlueWith: go119Glue)
        defer { dist.remove() }
        let (status, results, _) = try run(dist.directory)
        XCTAssertEqual(status, 1)
        let failed = Set(results.filter { $0["status"] as? String == "fail" }.compactMap { $0["name"] as? String })
        XCTAssertEqual(failed, ["sri", "glue-abi", "hashed-name", "manifest"])
    }

    func testNotADirectoryIsAUsageError() throws {
        let result = try ProcessRunner.gowasmServe(["check", "/nonexistent/dist"])
        XCTAssertEqual(result.status, 2)
        XCTAssertEqual(result.stderrText, "gowasm-serve: /nonexistent/dist is neither an http(s):// URL nor a directory\n")
    }
}
