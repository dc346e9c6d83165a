import Compression
import Foundation
import TestSupport
import XCTest

/// `gowasm-serve build` end to end with both Go toolchains: names, hashes, SRI, glue, siblings, manifest.
final class BuildOutputTests: XCTestCase {
    func testCurrentGoBuildsAHashedDistWithSRI() throws {
        try assertDist(of: "app", with: .modern)
    }

    func testGo119BuildsAHashedDistWithSRI() throws {
        try assertDist(of: "app", with: .go119)
    }

    private func assertDist(of fixture: String, with toolchain: GoToolchain) throws {
        let built = try DistFixture.shared(fixture, toolchain)
        let dist = built.dist
        let names = try FileManager.default.contentsOfDirectory(atPath: dist.path).sorted()

        // Names carry the first 16 hex digits of SHA-256 of the bytes, recomputed here.
        let wasmName = try XCTUnwrap(names.first { $0.hasPrefix("main.") && $0.hasSuffix(".wasm") })
        let glueName = try XCTUnwrap(names.first { $0.hasPrefix("wasm_exec.") && $0.hasSuffix(".js") })
        let wasm = try Data(contentsOf: dist.appendingPathComponent(wasmName))
        let glue = try Data(contentsOf: dist.appendingPathComponent(glueName))
        XCTAssertEqual(wasmName, "main.\(Digest.sha256Prefix(wasm)).wasm")
        XCTAssertEqual(glueName, "wasm_exec.\(Digest.sha256Prefix(glue)).js")
        XCTAssertEqual(Array(wasm.prefix(4)), [0x00, 0x61, 0x73, 0x6D], "not a wasm binary")

        // The glue is the building toolchain's own, byte for byte.
        let toolchainGlue = try Data(contentsOf: toolchain.glueDirectory().appendingPathComponent("wasm_exec.js"))
        XCTAssertEqual(glue, toolchainGlue)

        // Exactly the expected files: no leftovers, no unhashed copies.
        let expected = Set(["index.html", "manifest.json", wasmName, glueName].flatMap { name in
            name == "manifest.json" ? [name] : [name, name + ".br", name + ".gz"]
        })
        XCTAssertEqual(Set(names), expected)

        // SRI on the glue script and on the wasm (preload link and the loader's fetch).
        let page = try String(contentsOf: dist.appendingPathComponent("index.html"), encoding: .utf8)
        let glueSRI = Digest.sri384(glue), wasmSRI = Digest.sri384(wasm)
        XCTAssertTrue(
            page.contains("<script src=\"\(glueName)\" integrity=\"\(glueSRI)\" crossorigin=\"anonymous\"></script>"),
            page)
        XCTAssertTrue(
            page.contains(
                "<link rel=\"preload\" href=\"\(wasmName)\" as=\"fetch\" type=\"application/wasm\" "
                    + "crossorigin=\"anonymous\" integrity=\"\(wasmSRI)\">"), page)
        XCTAssertTrue(page.contains("url: \"\(wasmName)\", integrity: \"\(wasmSRI)\""), page)
        XCTAssertTrue(page.contains("fetch(wasm.url, { integrity: wasm.integrity })"))
        XCTAssertTrue(page.contains("WebAssembly.instantiateStreaming"))
        XCTAssertTrue(page.contains("<div id=\"app\">"))
        XCTAssertFalse(page.contains("\"main.wasm\""), "an unhashed reference is left")
        XCTAssertFalse(page.contains("{{"), "an unrendered mustache tag is left")

        // Siblings decompress to the originals and are smaller.
        for name in ["index.html", wasmName, glueName] {
            let original = try Data(contentsOf: dist.appendingPathComponent(name))
            for coding in [ContentCoding.br, .gzip] {
                let sibling = try Data(contentsOf: dist.appendingPathComponent(name + coding.siblingSuffix!))
                XCTAssertLessThan(sibling.count, original.count, "\(name)\(coding.siblingSuffix!)")
                XCTAssertTrue(coding.matchesMagic(sibling))
                XCTAssertEqual(try coding.decode(Array(sibling)), Array(original), "\(name)\(coding.siblingSuffix!)")
            }
        }

        // The manifest maps logical names to what is on disk.
        let manifest = try JSONSerialization.jsonObject(
            with: Data(contentsOf: dist.appendingPathComponent("manifest.json"))) as? [String: Any]
        let files = try XCTUnwrap(manifest?["files"] as? [String: [String: Any]])
        XCTAssertEqual(Set(files.keys), ["main.wasm", "wasm_exec.js", "index.html"])
        for (logical, entry) in files {
            let file = try XCTUnwrap(entry["file"] as? String)
            let bytes = try Data(contentsOf: dist.appendingPathComponent(file))
            XCTAssertEqual(entry["size"] as? Int, bytes.count, logical)
            XCTAssertEqual(entry["sha384"] as? String, Digest.sri384(bytes), logical)
            for (key, suffix) in [("br", ".br"), ("gzip", ".gz")] {
                let sibling = try Data(contentsOf: dist.appendingPathComponent(file + suffix))
                XCTAssertEqual(entry[key] as? Int, sibling.count, "\(logical) \(key)")
            }
        }
        XCTAssertEqual(files["main.wasm"]?["file"] as? String, wasmName)
        XCTAssertEqual(files["wasm_exec.js"]?["file"] as? String, glueName)

        // The Go version comes from the binary and matches the toolchain's own `go version`.
        let goVersion = try ProcessRunner.run(toolchain.goBinary, ["env", "GOVERSION"]).stdoutText
            .trimmingCharacters(in: .whitespacesAndNewlines)
        XCTAssertEqual(manifest?["goVersion"] as? String, goVersion)

        // The summary table names every file with its three sizes, and the Go version.
        let summary = built.result.stdoutText
        XCTAssertTrue(summary.contains(goVersion), summary)
        for name in ["index.html", wasmName, glueName] {
            let row = try XCTUnwrap(summary.split(separator: "\n").first { $0.hasPrefix(name + " ") }, summary)
            XCTAssertEqual(row.split(separator: " ", omittingEmptySubsequences: true).count, 7, String(row))
        }
    }

    func testOwnPageIsRewrittenAndStaticFilesCopiedAsTheyAre() throws {
        let dist = try DistFixture.shared("ownpage", .modern).dist
        let names = try FileManager.default.contentsOfDirectory(atPath: dist.path)
        let wasmName = try XCTUnwrap(names.first { $0.hasPrefix("main.") && $0.hasSuffix(".wasm") })
        let glueName = try XCTUnwrap(names.first { $0.hasPrefix("wasm_exec.") && $0.hasSuffix(".js") })
        let page = try String(contentsOf: dist.appendingPathComponent("index.html"), encoding: .utf8)
        let glueSRI = Digest.sri384(try Data(contentsOf: dist.appendingPathComponent(glueName)))
        let wasmSRI = Digest.sri384(try Data(contentsOf: dist.appendingPathComponent(wasmName)))

        // The page's own markup survives; only the references change.
        XCTAssertTrue(page.contains("<div id=\"root\">waiting</div>"))
        XCTAssertTrue(page.contains("<link rel=\"stylesheet\" href=\"static/site.css\">"))
        XCTAssertTrue(page.contains("<script src=\"\(glueName)\" integrity=\"\(glueSRI)\" crossorigin=\"anonymous\">"))
        XCTAssertTrue(
            page.contains("fetch('./\(wasmName)', { integrity: \"\(wasmSRI)\" })"),
            "the author's fetch gets the hashed name and the preload's integrity: \(page)")
        XCTAssertTrue(page.contains("href=\"\(wasmName)\" as=\"fetch\" type=\"application/wasm\""))
        XCTAssertTrue(page.contains("integrity=\"\(wasmSRI)\""))
        XCTAssertFalse(page.contains("'./main.wasm'"))
        XCTAssertFalse(page.contains("\"wasm_exec.js\""))
        XCTAssertFalse(page.contains("stale-value"), "the author's stale glue integrity must be replaced")

        // static/ is copied byte for byte; siblings only where compression pays.
        let source = DistFixture.package("ownpage").appendingPathComponent("static")
        for relative in ["site.css", "img/logo.png"] {
            XCTAssertEqual(
                try Data(contentsOf: dist.appendingPathComponent("static/\(relative)")),
                try Data(contentsOf: source.appendingPathComponent(relative)), relative)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: dist.appendingPathComponent("static/img/logo.png.br").path))
        XCTAssertFalse(FileManager.default.fileExists(atPath: dist.appendingPathComponent("static/img/logo.png.gz").path))
        let css = try Data(contentsOf: dist.appendingPathComponent("static/site.css"))
        for suffix in [".br", ".gz"] {
            let sibling = dist.appendingPathComponent("static/site.css" + suffix)
            if let data = try? Data(contentsOf: sibling) {
                XCTAssertLessThan(data.count, css.count, "a sibling not smaller than the original was written")
            }
        }
        // gzip's 18-byte frame makes a 71-byte stylesheet larger: that sibling must be skipped.
        XCTAssertFalse(FileManager.default.fileExists(atPath: dist.appendingPathComponent("static/site.css.gz").path))
    }

    func testTemplateFlagRendersAMustachePage() throws {
        let work = try Paths.temporaryDirectory("template")
        let template = work.appendingPathComponent("page.mustache")
        try """
            <html><head><title>{{title}} custom</title></head><body><main id="app"></main>
            <script src="{{glue.src}}" integrity="{{glue.integrity}}" crossorigin="anonymous"></script>
            <script>{{> loader}}</script></body></html>
            """.write(to: template, atomically: true, encoding: .utf8)
        let dist = work.appendingPathComponent("dist")
        let result = try DistFixture.build("app", .modern, into: dist, extra: ["--template", template.path])
        XCTAssertEqual(result.status, 0, result.stderrText)
        let page = try String(contentsOf: dist.appendingPathComponent("index.html"), encoding: .utf8)
        let names = try FileManager.default.contentsOfDirectory(atPath: dist.path)
        let wasmName = try XCTUnwrap(names.first { $0.hasPrefix("main.") && $0.hasSuffix(".wasm") })
        XCTAssertTrue(page.contains("<title>app custom</title>"), page)
        XCTAssertTrue(page.contains("url: \"\(wasmName)\""), page)
        XCTAssertTrue(page.contains("rel=\"preload\" href=\"\(wasmName)\""), "preload added: \(page)")
        XCTAssertFalse(page.contains("{{"))
    }

    func testDebugKeepsSymbols() throws {
        let work = try Paths.temporaryDirectory("debug")
        let result = try DistFixture.build("app", .modern, into: work.appendingPathComponent("dist"), extra: ["--debug"])
        XCTAssertEqual(result.status, 0, result.stderrText)
        let wasmSize = { (dist: URL) throws -> Int in
            let names = try FileManager.default.contentsOfDirectory(atPath: dist.path)
            let name = try XCTUnwrap(names.first { $0.hasSuffix(".wasm") })
            return try Data(contentsOf: dist.appendingPathComponent(name)).count
        }
        let stripped = try wasmSize(DistFixture.shared("app", .modern).dist)
        let debug = try wasmSize(work.appendingPathComponent("dist"))
        XCTAssertGreaterThan(debug, stripped, "--debug should keep the symbol and DWARF sections")
    }

    func testRebuildReplacesOldHashedFiles() throws {
        let work = try Paths.temporaryDirectory("rebuild")
        let dist = work.appendingPathComponent("dist")
        try FileManager.default.copyItem(at: DistFixture.shared("app", .modern).dist, to: dist)
        let before = try FileManager.default.contentsOfDirectory(atPath: dist.path).filter { $0.hasSuffix(".wasm") }
        let result = try DistFixture.build("ownpage", .modern, into: dist)
        XCTAssertEqual(result.status, 0, result.stderrText)
        let after = try FileManager.default.contentsOfDirectory(atPath: dist.path)
        XCTAssertEqual(after.filter { $0.hasPrefix("main.") }.count, 3, "one wasm and its two siblings: \(after)")
        for old in before { XCTAssertFalse(after.contains(old), "\(old) from the earlier build is still there") }
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: work.path)
        XCTAssertEqual(leftovers, ["dist"], "staging or retired directories left behind")
    }

    /// The release binary carries its templates: a copy in an empty directory builds the same page.
    func testCopiedBinaryStillHasItsTemplates() throws {
        let elsewhere = try Paths.temporaryDirectory("copied-binary")
        let binary = elsewhere.appendingPathComponent("gowasm-serve")
        try FileManager.default.copyItem(at: Paths.executable, to: binary)
        let dist = elsewhere.appendingPathComponent("dist")
        let result = try ProcessRunner.run(
            binary,
            ["build", DistFixture.package("app").path, "-o", dist.path, "--go", GoToolchain.modern.goBinary.path],
            currentDirectory: elsewhere, timeout: 300)
        XCTAssertEqual(result.status, 0, result.stderrText)
        let page = try Data(contentsOf: dist.appendingPathComponent("index.html"))
        let reference = try Data(contentsOf: DistFixture.shared("app", .modern).dist.appendingPathComponent("index.html"))
        XCTAssertEqual(page, reference)
    }
}
