import DistLayout
import Foundation
import Testing

@Suite struct CachePolicyTests {
    /// `serve`, `export` and `check` once judged these names by two rules. `check` had its own (a run of 8+ hex
    /// digits after `.`, `-` or `_`, digits alone allowed, separators `._-` only); the serving rule now decides
    /// for all three, so each name below gets one answer everywhere.
    @Test(arguments: [
        // Dates and counters: `check` called them hashed and failed them for not being immutable.
        ("report-20241129.json", false), ("build_12345678.log", false), ("v1.12345678.min.js", false),
        // Hashes at the start of the name, after `~` or `+`, or without an extension: `check` did not see them.
        ("8f3a9c1b.wasm", true), ("app~5d41402abc.js", true), ("app+5d41402abc.js", true), ("chunk-0123abcd", true),
    ])
    func namesTheTwoRulesDisagreedOnGetOneAnswer(name: String, hashed: Bool) {
        #expect(CachePolicy.hasContentHash(name) == hashed)
        #expect(CachePolicy.forFileName(name) == (hashed ? .immutable : .revalidate))
    }

    @Test func aHashIsEightHexDigitsWithALetterBetweenSeparators() {
        for hashed in [
            "main.8f3a9c1b.wasm", "app-5d41402abc.js", "chunk_0123ABCD.css", "8f3a9c1b.wasm",
            "wasm_exec.0123abcd4567ef89.js",
        ] {
            #expect(CachePolicy.hasContentHash(hashed), "\(hashed)")
        }
        for plain in [
            "main.wasm", "app-5d41402.js", "main8f3a9c1b.wasm", "wasm_exec.js", "index.html", "deadbee.js",
            "v.20241129123045.txt",
        ] {
            #expect(!(CachePolicy.hasContentHash(plain)), "\(plain)")
        }
    }

    /// All-digit runs are hashes only when the dist's manifest says so: `serve` asks `HashedNames`.
    @Test func anAllDigitRunMayBeAHashOnlyTheManifestCanConfirm() throws {
        #expect(CachePolicy.mayHoldDecimalHash("main.1234567890123456.wasm"))
        #expect(CachePolicy.mayHoldDecimalHash("report-20241129.json"))
        #expect(!CachePolicy.mayHoldDecimalHash("main.8f3a9c1b.wasm"))
        #expect(!CachePolicy.mayHoldDecimalHash("report-2024.json"))

        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("distlayout-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let names = HashedNames(root: try SiteRoot(directory.path))
        #expect(!names.contains("main.1234567890123456.wasm"), "no manifest")
        try Data(#"{"files": {"main.wasm": {"file": "main.1234567890123456.wasm"}}}"#.utf8)
            .write(to: directory.appendingPathComponent("manifest.json"))
        #expect(names.contains("main.1234567890123456.wasm"))
        #expect(!names.contains("report-20241129.json"))
    }
}
