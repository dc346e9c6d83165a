import Compression
import DeployCheck
import Foundation
import XCTest

/// The on-disk facts of a dist: hashed names, precompressed siblings, manifest.
final class DistFactsTests: XCTestCase {
    func testIntactDistPasses() throws {
        let dist = try DistFixture.make()
        defer { dist.remove() }
        let results = DistFacts.check(directory: dist.directory)
        XCTAssertEqual(results.filter { $0.status != .pass }, [])
        XCTAssertEqual(results.filter { $0.name == "hashed-name" }.count, 2)
        XCTAssertEqual(results.filter { $0.name == "precompressed-sibling" }.count, 4)
        XCTAssertEqual(results.filter { $0.name == "manifest" }.count, 1)
    }

    func testEditedDistIsCaught() throws {
        let dist = try DistFixture.make()
        defer { dist.remove() }
        // Someone "fixes" the glue in place after the build: its name, siblings and manifest go stale.
        let glue = dist.directory.appendingPathComponent(dist.glueName)
        var bytes = try Data(contentsOf: glue)
        bytes.append(contentsOf: Array("\n// patched\n".utf8))
        try bytes.write(to: glue)

        let failed = DistFacts.check(directory: dist.directory).filter { $0.status == .fail }
        XCTAssertEqual(Set(failed.map(\.name)), ["hashed-name", "precompressed-sibling", "manifest"])
        XCTAssertEqual(failed.first { $0.name == "hashed-name" }?.subject, dist.glueName)
        XCTAssertEqual(Set(failed.filter { $0.name == "precompressed-sibling" }.map(\.subject)), [dist.glueName + ".br", dist.glueName + ".gz"])
        let manifest = try XCTUnwrap(failed.first { $0.name == "manifest" })
        XCTAssertTrue(manifest.message.contains("\(dist.glueName): size"), manifest.message)
        XCTAssertTrue(manifest.message.contains("sha384 differs"), manifest.message)
    }

    func testMissingManifestIsAWarning() throws {
        let dist = try DistFixture.make(precompress: false)
        defer { dist.remove() }
        try FileManager.default.removeItem(at: dist.directory.appendingPathComponent("manifest.json"))
        let results = DistFacts.check(directory: dist.directory)
        XCTAssertEqual(results.first { $0.name == "manifest" }?.status, .warn)
        XCTAssertFalse(results.contains { $0.status == .fail })
    }
}
