import Foundation
import TestSupport
import Testing

/// `check DIR` judges caching by the rule `serve` applies (DistLayout's `CachePolicy`): over names the two
/// once disagreed on, what our server sends is what `check` expects.
@Suite struct CachingRuleTests {
    @Test func checkAgreesWithServeOnDatesAndOnHashesItOnceMissed() throws {
        let hashed = ["8f3a9c1b.js", "app~5d41402abc.js"]
        let plain = ["report-20241129.js", "build_12345678.js"]
        let directory = try Paths.temporaryDirectory("cache-rule")
        defer { try? FileManager.default.removeItem(at: directory) }
        let scripts = (hashed + plain).map { "<script src=\"\($0)\"></script>" }.joined(separator: "\n")
        try Data("<!doctype html>\n<title>t</title>\n\(scripts)\n".utf8).write(
            to: directory.appendingPathComponent("index.html"))
        for name in hashed + plain {
            try Data("console.log(1)\n".utf8).write(to: directory.appendingPathComponent(name))
        }

        let result = try ProcessRunner.gowasmServe(["check", directory.path, "--json"], timeout: 120)
        let object = try #require(
            try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any], "\(result.stderrText)")
        let results = try #require(object["results"] as? [[String: Any]])
        for name in hashed + plain {
            let caching = results.filter {
                ($0["name"] as? String)?.hasPrefix("cache-") == true
                    && ($0["subject"] as? String)?.hasSuffix("/" + name) == true
            }
            #expect(caching.count == 1, "\(name): \(caching)")
            #expect(
                caching.first?["name"] as? String == (hashed.contains(name) ? "cache-hashed" : "cache-unhashed"),
                "\(name)")
            #expect(caching.first?["status"] as? String == "pass", "\(name): \(caching)")
        }
    }
}
