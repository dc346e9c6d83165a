import DeployExport
import DistLayout
import Foundation
import Testing

/// What `export` writes for a dist, without a server: the wasm's exact type, immutable caching for hashed
/// names only, the precompressed siblings, for each target. (DeployCheckTests runs nginx and Caddy on them.)
@Suite struct ExportRenderTests {
    /// A small dist: a page, a hashed wasm with a brotli sibling, an unhashed script.
    private func dist() throws -> DistInventory {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("export-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try Data("<!doctype html><title>t</title>".utf8).write(to: directory.appendingPathComponent("index.html"))
        try Data([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]).write(to: directory.appendingPathComponent("main.0123abcd.wasm"))
        try Data([1, 2, 3]).write(to: directory.appendingPathComponent("main.0123abcd.wasm.br"))
        try Data("console.log(1)".utf8).write(to: directory.appendingPathComponent("loader.js"))
        return try DistInventory(directory: directory.path)
    }

    @Test func theInventorySeesTypesHashesAndSiblings() throws {
        let inventory = try dist()
        let wasm = try #require(inventory.files.first { $0.path.hasSuffix(".wasm") })
        #expect(wasm.type.essence == "application/wasm")
        #expect(wasm.hasBrotli)
        #expect(!wasm.hasGzip)
        #expect(wasm.cache.headerValue.contains("immutable"))
        let loader = try #require(inventory.files.first { $0.path.hasSuffix("loader.js") })
        #expect(!loader.cache.headerValue.contains("immutable"))
        #expect(!inventory.files.contains { $0.path.hasSuffix(".br") }, "a sibling is not a file of its own")
    }

    @Test(arguments: ExportTarget.allCases)
    func everyTargetNamesTheWasmTypeAndTheImmutablePolicy(target: ExportTarget) throws {
        let text = DeployExport.render(target, try dist())
        #expect(text.contains("application/wasm"), "\(target):\n\(text)")
        #expect(text.contains("immutable"), "\(target):\n\(text)")
    }

    @Test func theHashedPatternMatchesHashedNamesOnly() throws {
        let pattern = try Regex(DeployExport.hashedPathPattern)
        #expect("/main.0123abcd.wasm".contains(pattern))
        #expect("/assets/app-89abcdef01.js".contains(pattern))
        #expect(!"/main.wasm".contains(pattern))
        #expect(!"/deadbeef/index.html".contains(pattern))
    }
}
