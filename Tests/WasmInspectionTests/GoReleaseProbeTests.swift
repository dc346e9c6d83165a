import Foundation
import TestSupport
import Testing
import WasmInspection

/// The release probe on real Go binaries of both generations: found through the pclntab, applied only to
/// the module it was made for, and the result still a module the inspector reads through. (That both
/// engines run it and the layer sees every release is DiagnosticsTests' DiagnoseReleaseTests.)
@Suite struct GoReleaseProbeTests {
    static let releasing = Paths.fixtures.appendingPathComponent("diagnostics/releasing")

    @Test(arguments: GoToolchain.allCases)
    func probeGoesIntoReleaseOnly(_ toolchain: GoToolchain) throws {
        let bytes = Array(try Data(contentsOf: try toolchain.buildWasm(package: Self.releasing)))
        let table = try #require(GoLineTable(wasm: bytes))
        let probe = try #require(GoReleaseProbe(wasm: bytes, table: table))
        #expect(probe.moduleSize == bytes.count)
        // The code section's size, the body's size, the inserted call; sizes keep their width.
        #expect(probe.splices.count == 3)
        #expect(probe.splices.map(\.offset) == probe.splices.map(\.offset).sorted())
        let inserted = try #require(probe.splices.last)
        #expect(inserted.original.isEmpty)
        #expect(Array(inserted.bytes.prefix(11)) == [0x20, 0x00, 0x45, 0x04, 0x40, 0x23, 0x00, 0x41, 0x01, 0x72, 0x10])
        #expect(probe.splices.dropLast().allSatisfy { $0.bytes.count == $0.original.count })

        let patched = try #require(probe.apply(to: bytes))
        #expect(patched.count == bytes.count + inserted.bytes.count)
        // The inspector decodes every instruction: one more call of the marker import, nothing else changed.
        let before = try WasmInspector.inspect(bytes: bytes)
        let after = try WasmInspector.inspect(bytes: patched)
        let calls = { (report: InspectionReport) in
            report.imports.first { $0.name == GoReleaseProbe.markerImport }?.callSites
        }
        #expect(calls(after) == calls(before).map { $0 + 1 })
        #expect(after.functionCount == before.functionCount)
        #expect(
            after.imports
                == before.imports.map { row in
                    var row = row
                    if row.name == GoReleaseProbe.markerImport { row.callSites = row.callSites.map { $0 + 1 } }
                    return row
                })

        // Bytes that are not the module it was made for are left alone.
        #expect(probe.apply(to: Array(bytes.dropLast())) == nil)
        var resized = bytes
        resized[probe.splices[1].offset] ^= 0x01
        #expect(probe.apply(to: resized) == nil)
    }
}
