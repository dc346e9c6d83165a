import DistLayout
import Foundation
import Testing

@Suite struct CachePolicyTests {
    @Test func aHashIsEightHexDigitsWithALetterBetweenSeparators() {
        for hashed in [
            "main.8f3a9c1b.wasm", "app-5d41402abc.js", "chunk_0123ABCD.css", "8f3a9c1b.wasm", "wasm_exec.0123abcd4567ef89.js",
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
