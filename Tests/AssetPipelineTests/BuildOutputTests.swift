import Compression
import Foundation
import TestSupport
import Testing

/// `gowasm-serve build` end to end with both Go toolchains: names, hashes, SRI, glue, siblings, manifest.
@Suite(.serialized) final class BuildOutputTests {
    @Test func currentGoBuildsAHashedDistWithSRI() throws {
        try assertDist(of: "app", with: .modern)
    }

    @Test func go119BuildsAHashedDistWithSRI() throws {
        try assertDist(of: "app", with: .go119)
    }

    private func assertDist(of fixture: String, with toolchain: GoToolchain) throws {
        let built = try DistFixture.shared(fixture, toolchain)
        let dist = built.dist
        let names = try FileManager.default.contentsOfDirectory(atPath: dist.path).sorted()

        // Names carry the first 16 hex digits of SHA-256 of the bytes, recomputed here.
        let wasmName = try #require(names.first { $0.hasPrefix("main.") && $0.hasSuffix(".wasm") })
        let glueName = try #require(names.first { $0.hasPrefix("wasm_exec.") && $0.hasSuffix(".js") })
        let wasm = try Data(contentsOf: dist.appendingPathComponent(wasmName))
        let glue = try Data(contentsOf: dist.appendingPathComponent(glueName))
        #expect(wasmName == "main.\(Digest.sha256Prefix(wasm)).wasm")
        #expect(glueName == "wasm_exec.\(Digest.sha256Prefix(glue)).js")
        #expect(Array(wasm.prefix(4)) == [0x00, 0x61, 0x73, 0x6D], "not a wasm binary")

        // The glue is the building toolchain's own, byte for byte.
        let toolchainGlue = try Data(contentsOf: toolchain.glueDirectory().appendingPathComponent("wasm_exec.js"))
        #expect(glue == toolchainGlue)

        // Exactly the expected files: no leftovers, no unhashed copies.
        let expected = Set(
            ["index.html", "manifest.json", wasmName, glueName].flatMap { name in
                name == "manifest.json" ? [name] : [name, name + ".br", name + ".gz"]
            })
        #expect(Set(names) == expected)

        // SRI on the glue script and on the wasm (preload link and the loader's fetch).
        let page = try String(contentsOf: dist.appendingPathComponent("index.html"), encoding: .utf8)
        let glueSRI = Digest.sri384(glue), wasmSRI = Digest.sri384(wasm)
        #expect(
            page.contains("<script src=\"\(glueName)\" integrity=\"\(glueSRI)\" crossorigin=\"anonymous\"></script>"),
            "\(page)")
        #expect(
            page.contains(
                "<link rel=\"preload\" href=\"\(wasmName)\" as=\"fetch\" type=\"application/wasm\" "
                    + "crossorigin=\"anonymous\" integrity=\"\(wasmSRI)\">"), "\(page)")
        #expect(page.contains("url: \"\(wasmName)\", integrity: \"\(wasmSRI)\""), "\(page)")
        #expect(page.contains("fetch(wasm.url, { integrity: wasm.integrity })"))
        #expect(page.contains("WebAssembly.instantiateStreaming"))
        #expect(page.contains("<div id=\"app\">"))
        #expect(!(page.contains("\"main.wasm\"")), "an unhashed reference is left")
        #expect(!(page.contains("{{")), "an unrendered mustache tag is left")

        // Siblings decompress to the originals and are smaller.
        for name in ["index.html", wasmName, glueName] {
            let original = try Data(contentsOf: dist.appendingPathComponent(name))
            for coding in [ContentCoding.br, .gzip] {
                let sibling = try Data(contentsOf: dist.appendingPathComponent(name + coding.siblingSuffix!))
                #expect(sibling.count < original.count, "\(name)\(coding.siblingSuffix!)")
                #expect(coding.matchesMagic(sibling))
                #expect(try coding.decode(Array(sibling)) == Array(original), "\(name)\(coding.siblingSuffix!)")
            }
        }

        // The manifest maps logical names to what is on disk.
        let manifest =
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: dist.appendingPathComponent("manifest.json"))) as? [String: Any]
        let files = try #require(manifest?["files"] as? [String: [String: Any]])
        #expect(Set(files.keys) == ["main.wasm", "wasm_exec.js", "index.html"])
        for (logical, entry) in files {
            let file = try #require(entry["file"] as? String)
            let bytes = try Data(contentsOf: dist.appendingPathComponent(file))
            #expect(entry["size"] as? Int == bytes.count, "\(logical)")
            #expect(entry["sha384"] as? String == Digest.sri384(bytes), "\(logical)")
            for (key, suffix) in [("br", ".br"), ("gzip", ".gz")] {
                let sibling = try Data(contentsOf: dist.appendingPathComponent(file + suffix))
                #expect(entry[key] as? Int == sibling.count, "\(logical) \(key)")
            }
        }
        #expect(files["main.wasm"]?["file"] as? String == wasmName)
        #expect(files["wasm_exec.js"]?["file"] as? String == glueName)

        // The Go version comes from the binary and matches the toolchain's own `go version`.
        let goVersion = try ProcessRunner.run(toolchain.goBinary, ["env", "GOVERSION"]).stdoutText
            .trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(manifest?["goVersion"] as? String == goVersion)

        // The summary table names every file with its three sizes, and the Go version.
        let summary = built.result.stdoutText
        #expect(summary.contains(goVersion), "\(summary)")
        for name in ["index.html", wasmName, glueName] {
            let row = try #require(summary.split(separator: "\n").first { $0.hasPrefix(name + " ") }, "\(summary)")
            #expect(row.split(separator: " ", omittingEmptySubsequences: true).count == 7, "\(String(row))")
        }
    }

    @Test func ownPageIsRewrittenAndStaticFilesCopiedAsTheyAre() throws {
        let dist = try DistFixture.shared("ownpage", .modern).dist
        let names = try FileManager.default.contentsOfDirectory(atPath: dist.path)
        let wasmName = try #require(names.first { $0.hasPrefix("main.") && $0.hasSuffix(".wasm") })
        let glueName = try #require(names.first { $0.hasPrefix("wasm_exec.") && $0.hasSuffix(".js") })
        let page = try String(contentsOf: dist.appendingPathComponent("index.html"), encoding: .utf8)
        let glueSRI = Digest.sri384(try Data(contentsOf: dist.appendingPathComponent(glueName)))
        let wasmSRI = Digest.sri384(try Data(contentsOf: dist.appendingPathComponent(wasmName)))

        // The page's own markup survives; only the references change.
        #expect(page.contains("<div id=\"root\">waiting</div>"))
        #expect(page.contains("<link rel=\"stylesheet\" href=\"static/site.css\">"))
        #expect(page.contains("<script src=\"\(glueName)\" integrity=\"\(glueSRI)\" crossorigin=\"anonymous\">"))
        #expect(
            page.contains("fetch('./\(wasmName)', { integrity: \"\(wasmSRI)\" })"),
            "the author's fetch gets the hashed name and the preload's integrity: \(page)")
        #expect(page.contains("href=\"\(wasmName)\" as=\"fetch\" type=\"application/wasm\""))
        #expect(page.contains("integrity=\"\(wasmSRI)\""))
        #expect(!(page.contains("'./main.wasm'")))
        #expect(!(page.contains("\"wasm_exec.js\"")))
        #expect(!(page.contains("stale-value")), "the author's stale glue integrity must be replaced")

        // static/ is copied byte for byte; siblings only where compression pays.
        let source = DistFixture.package("ownpage").appendingPathComponent("static")
        for relative in ["site.css", "img/logo.png"] {
            #expect(
                try Data(contentsOf: dist.appendingPathComponent("static/\(relative)"))
                    == Data(contentsOf: source.appendingPathComponent(relative)), "\(relative)")
        }
        #expect(!(FileManager.default.fileExists(atPath: dist.appendingPathComponent("static/img/logo.png.br").path)))
        #expect(!(FileManager.default.fileExists(atPath: dist.appendingPathComponent("static/img/logo.png.gz").path)))
        let css = try Data(contentsOf: dist.appendingPathComponent("static/site.css"))
        for suffix in [".br", ".gz"] {
            let sibling = dist.appendingPathComponent("static/site.css" + suffix)
            if let data = try? Data(contentsOf: sibling) {
                #expect(data.count < css.count, "a sibling not smaller than the original was written")
            }
        }
        // gzip's 18-byte frame makes a 71-byte stylesheet larger: that sibling must be skipped.
        #expect(!(FileManager.default.fileExists(atPath: dist.appendingPathComponent("static/site.css.gz").path)))
    }

    @Test func templateFlagRendersAMustachePage() throws {
        let work = try Paths.temporaryDirectory("template")
        let template = work.appendingPathComponent("page.mustache")
        try """
        <html><head><title>{{title}} custom</title></head><body><main id="app"></main>
        <script src="{{glue.src}}" integrity="{{glue.integrity}}" crossorigin="anonymous"></script>
        <script>{{> loader}}</script></body></html>
        """.write(to: template, atomically: true, encoding: .utf8)
        let dist = work.appendingPathComponent("dist")
        let result = try DistFixture.build("app", .modern, into: dist, extra: ["--template", template.path])
        #expect(result.status == 0, "\(result.stderrText)")
        let page = try String(contentsOf: dist.appendingPathComponent("index.html"), encoding: .utf8)
        let names = try FileManager.default.contentsOfDirectory(atPath: dist.path)
        let wasmName = try #require(names.first { $0.hasPrefix("main.") && $0.hasSuffix(".wasm") })
        #expect(page.contains("<title>app custom</title>"), "\(page)")
        #expect(page.contains("url: \"\(wasmName)\""), "\(page)")
        #expect(page.contains("rel=\"preload\" href=\"\(wasmName)\""), "preload added: \(page)")
        #expect(!(page.contains("{{")))
    }

    @Test func debugKeepsSymbols() throws {
        let work = try Paths.temporaryDirectory("debug")
        let result = try DistFixture.build(
            "app", .modern, into: work.appendingPathComponent("dist"), extra: ["--debug"])
        #expect(result.status == 0, "\(result.stderrText)")
        let wasmSize = { (dist: URL) throws -> Int in
            let names = try FileManager.default.contentsOfDirectory(atPath: dist.path)
            let name = try #require(names.first { $0.hasSuffix(".wasm") })
            return try Data(contentsOf: dist.appendingPathComponent(name)).count
        }
        let stripped = try wasmSize(DistFixture.shared("app", .modern).dist)
        let debug = try wasmSize(work.appendingPathComponent("dist"))
        #expect(debug > stripped, "--debug should keep the symbol and DWARF sections")
    }

    @Test func rebuildReplacesOldHashedFiles() throws {
        let work = try Paths.temporaryDirectory("rebuild")
        let dist = work.appendingPathComponent("dist")
        try FileManager.default.copyItem(at: DistFixture.shared("app", .modern).dist, to: dist)
        let before = try FileManager.default.contentsOfDirectory(atPath: dist.path).filter { $0.hasSuffix(".wasm") }
        let result = try DistFixture.build("ownpage", .modern, into: dist)
        #expect(result.status == 0, "\(result.stderrText)")
        let after = try FileManager.default.contentsOfDirectory(atPath: dist.path)
        #expect(after.filter { $0.hasPrefix("main.") }.count == 3, "one wasm and its two siblings: \(after)")
        for old in before { #expect(!(after.contains(old)), "\(old) from the earlier build is still there") }
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: work.path)
        #expect(leftovers == ["dist"], "staging or retired directories left behind")
    }

    /// The release binary carries its templates: a copy in an empty directory builds the same page.
    @Test func copiedBinaryStillHasItsTemplates() throws {
        let elsewhere = try Paths.temporaryDirectory("copied-binary")
        let binary = elsewhere.appendingPathComponent("gowasm-serve")
        try FileManager.default.copyItem(at: Paths.executable, to: binary)
        let dist = elsewhere.appendingPathComponent("dist")
        let result = try ProcessRunner.run(
            binary,
            ["build", DistFixture.package("app").path, "-o", dist.path, "--go", GoToolchain.modern.goBinary.path],
            currentDirectory: elsewhere, timeout: 300)
        #expect(result.status == 0, "\(result.stderrText)")
        let page = try Data(contentsOf: dist.appendingPathComponent("index.html"))
        let reference = try Data(
            contentsOf: DistFixture.shared("app", .modern).dist.appendingPathComponent("index.html"))
        #expect(page == reference)
    }
}
