import Foundation
import TestSupport
import WasmInspection
import XCTest

/// `inspect` on real binaries from both Go toolchains, stripped and not, and on a wasip1 program.
final class InspectGoBinariesTests: XCTestCase {
    /// The 24 sp-based host imports every Go 1.19–1.27 js/wasm binary links against (NOTES-runtime.md).
    static let hostFunctions: Set<String> = [
        "runtime.wasmExit", "runtime.wasmWrite", "runtime.resetMemoryDataView", "runtime.nanotime1", "runtime.walltime",
        "runtime.scheduleTimeoutEvent", "runtime.clearTimeoutEvent", "runtime.getRandomData", "syscall/js.finalizeRef",
        "syscall/js.stringVal", "syscall/js.valueGet", "syscall/js.valueSet", "syscall/js.valueDelete",
        "syscall/js.valueIndex", "syscall/js.valueSetIndex", "syscall/js.valueCall", "syscall/js.valueInvoke",
        "syscall/js.valueNew", "syscall/js.valueLength", "syscall/js.valuePrepareString", "syscall/js.valueLoadString",
        "syscall/js.valueInstanceOf", "syscall/js.copyBytesToGo", "syscall/js.copyBytesToJS",
    ]

    func testCurrentGoBinary() throws {
        let file = try Binaries.modern()
        let report = try WasmInspector.inspect(path: file.path, top: 7)
        let expectedVersion = try Binaries.version(of: .modern)

        XCTAssertEqual(report.kind, .goJS)
        XCTAssertEqual(report.go?.version, expectedVersion)
        XCTAssertEqual(report.go?.modulePath, "example.com/hello")
        XCTAssertEqual(report.go?.mainPackage, "example.com/hello")
        XCTAssertEqual(report.go?.abi, "gojs")
        XCTAssertTrue(report.go?.buildSettings.contains(InspectionReport.BuildSetting(key: "GOOS", value: "js")) ?? false)
        let buildID = try XCTUnwrap(report.go?.buildID, "go:buildid section")
        XCTAssertEqual(buildID.split(separator: "/").count, 4, buildID)  // actionID/.../contentID, no framing bytes
        XCTAssertEqual(report.go?.buildInfoSource, "modinfo+producers")

        // Go ≥ 1.26 emits bulk memory, sign-extension and saturating conversions; never SIMD by default.
        XCTAssertEqual(report.features, ["bulk-memory", "sign-extension", "saturating-conversions"])

        // The linker drops imports the program never calls, so a binary imports a subset of the glue's functions.
        let hostImports = report.imports.filter { $0.module == "gojs" }
        XCTAssertTrue(Set(hostImports.map(\.name)).isSubset(of: Self.hostFunctions), "\(hostImports)")
        XCTAssertTrue(Set(hostImports.map(\.name)).isSuperset(of: ["runtime.wasmExit", "runtime.wasmWrite", "syscall/js.valueGet"]))
        XCTAssertEqual(report.imports.count, hostImports.count)
        XCTAssertTrue(hostImports.allSatisfy { $0.kind == "function" && $0.type == "(i32) -> ()" }, "\(hostImports)")
        XCTAssertEqual(Set(report.exports.map(\.name)).intersection(["run", "resume", "getsp", "mem"]).count, 4)
        let memory = try XCTUnwrap(report.memory)
        XCTAssertGreaterThan(memory.initialPages, 0)
        XCTAssertFalse(memory.imported)

        // Sections add up to the file: 8 header bytes plus each section's header and payload.
        let fileSize = try FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int
        XCTAssertEqual(report.fileSize, fileSize)
        XCTAssertEqual(report.sections.map(\.name).filter { !$0.hasPrefix("custom") },
                       ["type", "import", "function", "table", "memory", "global", "export", "element", "code", "data"])
        XCTAssertEqual(report.sections.last.map { $0.offset + $0.size }, fileSize)
        XCTAssertTrue(report.customSections.map(\.name).contains("name"))

        XCTAssertFalse(report.stripped)
        let sizes = try XCTUnwrap(report.sizes)
        XCTAssertEqual(sizes.largestFunctions.count, 7)
        XCTAssertEqual(sizes.largestFunctions.map(\.size), sizes.largestFunctions.map(\.size).sorted(by: >))
        XCTAssertEqual(sizes.packages.reduce(0) { $0 + $1.size }, report.codeSize)
        XCTAssertEqual(sizes.packages.reduce(0) { $0 + $1.functions }, report.functionCount)
        // The wasm linker writes `/` in symbol names as `_` (syscall/js.valueGet → syscall_js.valueGet).
        let packages = Set(sizes.packages.map(\.package))
        XCTAssertTrue(packages.isSuperset(of: ["runtime", "main", "syscall_js", "fmt"]), "\(packages)")
        XCTAssertEqual(sizes.packages.first?.package, "runtime", "the runtime dominates a small Go binary")
        XCTAssertTrue(sizes.largestFunctions.allSatisfy { !$0.name.hasPrefix("function[") }, "names resolved")
    }

    func testGo119Binary() throws {
        let report = try WasmInspector.inspect(path: try Binaries.go119().path)
        XCTAssertEqual(report.kind, .goJS)
        XCTAssertEqual(report.go?.version, try Binaries.version(of: .go119))
        XCTAssertEqual(report.go?.modulePath, "example.com/hello")
        XCTAssertEqual(report.go?.abi, "go")
        XCTAssertEqual(report.features, [], "Go 1.19 emits MVP wasm only")
        let host = Set(report.imports.filter { $0.module == "go" }.map(\.name))
        XCTAssertTrue(host.isSubset(of: Self.hostFunctions.union(["debug"])), "\(host)")
        XCTAssertTrue(host.contains("debug"), "Go 1.17–1.20 import go.debug")
        XCTAssertFalse(report.stripped)
        XCTAssertNotNil(report.sizes)
    }

    func testStrippedBinariesKeepTheirBuildFacts() throws {
        for (toolchain, file) in [(GoToolchain.modern, try Binaries.modern(stripped: true)), (.go119, try Binaries.go119(stripped: true))] {
            let report = try WasmInspector.inspect(path: file.path)
            XCTAssertTrue(report.stripped, "\(toolchain)")
            XCTAssertNil(report.sizes, "no names, no forensics")
            XCTAssertFalse(report.customSections.map(\.name).contains("name"))
            XCTAssertEqual(report.go?.version, try Binaries.version(of: toolchain))
            XCTAssertEqual(report.go?.modulePath, "example.com/hello")
            XCTAssertEqual(report.kind, .goJS)
            XCTAssertGreaterThan(report.functionCount, 1000)
        }
        let modernStripped = try WasmInspector.inspect(path: try Binaries.modern(stripped: true).path)
        XCTAssertEqual(modernStripped.go?.buildSettings.first { $0.key == "-ldflags" }?.value, "\"-s -w\"")
    }

    func testWasip1BinaryIsRecognised() throws {
        let report = try WasmInspector.inspect(path: try Binaries.wasip1Binary().path)
        XCTAssertEqual(report.kind, .goWASIP1)
        XCTAssertTrue(report.imports.contains { $0.module == "wasi_snapshot_preview1" && $0.name == "fd_write" })
        XCTAssertTrue(report.exports.contains { $0.name == "_start" })
        XCTAssertEqual(report.go?.version, try Binaries.version(of: .modern))
        XCTAssertEqual(report.go?.modulePath, "example.com/wasip1hello")
        XCTAssertNil(report.go?.abi, "no go/gojs host module")
        XCTAssertTrue(report.go?.buildSettings.contains(InspectionReport.BuildSetting(key: "GOOS", value: "wasip1")) ?? false)
    }
}
