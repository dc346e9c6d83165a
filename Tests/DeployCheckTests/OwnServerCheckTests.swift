import Foundation
import TestSupport
import Testing

/// `check DIR`: the rules applied to what `gowasm-serve serve` sends for the folder, plus its file facts.
@Suite(.serialized) final class OwnServerCheckTests {
    private func run(_ directory: URL) throws -> (status: Int32, results: [[String: Any]], stdout: String) {
        let result = try ProcessRunner.gowasmServe(["check", directory.path, "--json"], timeout: 120)
        let object = try #require(
            try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any], "\(result.stderrText)")
        return (result.status, try #require(object["results"] as? [[String: Any]]), result.stdoutText)
    }

    @Test func builtDistServedByUsPasses() throws {
        let dist = try DistFixture.make()
        defer { dist.remove() }
        let (status, results, stdout) = try run(dist.directory)
        let failures = results.filter { $0["status"] as? String == "fail" }
        #expect(status == 0, "\(failures)")
        #expect(failures.count == 0, "\(stdout)")
        let passed = Set(results.filter { $0["status"] as? String == "pass" }.compactMap { $0["name"] as? String })
        #expect(
            passed.isSuperset(of: [
                "wasm-content-type", "js-content-type", "html-content-type", "compression-br", "compression-gzip",
                "vary",
                "etag-per-encoding", "cache-hashed", "cache-html", "sri", "glue-abi", "revalidation", "hashed-name",
                "precompressed-sibling", "manifest",
            ]), "\(passed)")
    }

    @Test func replacedGlueInADistFails() throws {
        let go119Glue = try GoToolchain.go119.glueDirectory().appendingPathComponent("wasm_exec.js")
        let dist = try DistFixture.make(replaceGlueWith: go119Glue)
        defer { dist.remove() }
        let (status, results, _) = try run(dist.directory)
        #expect(status == 1)
        let failed = Set(results.filter { $0["status"] as? String == "fail" }.compactMap { $0["name"] as? String })
        #expect(failed == ["sri", "glue-abi", "hashed-name", "manifest"])
    }

    @Test func notADirectoryIsAUsageError() throws {
        let result = try ProcessRunner.gowasmServe(["check", "/nonexistent/dist"])
        #expect(result.status == 2)
        #expect(result.stderrText == "gowasm-serve: /nonexistent/dist is neither an http(s):// URL nor a directory\n")
    }
}
