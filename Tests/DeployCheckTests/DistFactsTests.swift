import Compression
import DeployCheck
import Foundation
import Testing

/// The on-disk facts of a dist: hashed names, precompressed siblings, manifest.
@Suite(.serialized) final class DistFactsTests {
    @Test func intactDistPasses() throws {
        let dist = try DistFixture.make()
        defer { dist.remove() }
        let results = DistFacts.check(directory: dist.directory)
        #expect(results.filter { $0.status != .pass } == [])
        #expect(results.filter { $0.rule == .hashedName }.count == 2)
        #expect(results.filter { $0.rule == .precompressedSibling }.count == 4)
        #expect(results.filter { $0.rule == .manifest }.count == 1)
    }

    @Test func editedDistIsCaught() throws {
        let dist = try DistFixture.make()
        defer { dist.remove() }
        // Someone "fixes" the glue in place after the build: its name, siblings and manifest go stale.
        let glue = dist.directory.appendingPathComponent(dist.glueName)
        var bytes = try Data(contentsOf: glue)
        bytes.append(contentsOf: Array("\n// patched\n".utf8))
        try bytes.write(to: glue)

        let failed = DistFacts.check(directory: dist.directory).filter { $0.status == .fail }
        #expect(Set(failed.map(\.name)) == ["hashed-name", "precompressed-sibling", "manifest"])
        #expect(failed.first { $0.rule == .hashedName }?.subject == dist.glueName)
        #expect(
            Set(failed.filter { $0.rule == .precompressedSibling }.map(\.subject)) == [
                dist.glueName + ".br", dist.glueName + ".gz",
            ])
        let manifest = try #require(failed.first { $0.rule == .manifest })
        #expect(manifest.message.contains("\(dist.glueName): size"), "\(manifest.message)")
        #expect(manifest.message.contains("sha384 differs"), "\(manifest.message)")
    }

    @Test func missingManifestIsAWarning() throws {
        let dist = try DistFixture.make(precompress: false)
        defer { dist.remove() }
        try FileManager.default.removeItem(at: dist.directory.appendingPathComponent("manifest.json"))
        let results = DistFacts.check(directory: dist.directory)
        #expect(results.first { $0.rule == .manifest }?.status == .warn)
        #expect(!(results.contains { $0.status == .fail }))
    }
}
