import Foundation
import TestSupport
import Testing
import WasmInspection

/// `inspect` on real binaries from both Go toolchains, stripped and not, and on a wasip1 program.
@Suite(.serialized) final class InspectGoBinariesTests {
    /// The 24 sp-based host imports every Go 1.19–1.27 js/wasm binary links against (NOTES-runtime.md).
    static let hostFunctions: Set<String> = [
        "runtime.wasmExit", "runtime.wasmWrite", "runtime.resetMemoryDataView", "runtime.nanotime1", "runtime.walltime",
        "runtime.scheduleTimeoutEvent", "runtime.clearTimeoutEvent", "runtime.getRandomData", "syscall/js.finalizeRef",
        "syscall/js.stringVal", "syscall/js.valueGet", "syscall/js.valueSet", "syscall/js.valueDelete",
        "syscall/js.valueIndex", "syscall/js.valueSetIndex", "syscall/js.valueCall", "syscall/js.valueInvoke",
        "syscall/js.valueNew", "syscall/js.valueLength", "syscall/js.valuePrepareString", "syscall/js.valueLoadString",
        "syscall/js.valueInstanceOf", "syscall/js.copyBytesToGo", "syscall/js.copyBytesToJS",
    ]

    @Test func currentGoBinary() throws {
        let file = try Binaries.modern()
        let report = try WasmInspector.inspect(path: file.path, top: 7)
        let expectedVersion = try Binaries.version(of: .modern)

        #expect(report.kind == .goJS)
        #expect(report.go?.version == expectedVersion)
        #expect(report.go?.modulePath == "example.com/hello")
        #expect(report.go?.mainPackage == "example.com/hello")
        #expect(report.go?.abi == "gojs")
        #expect(report.go?.buildSettings.contains(InspectionReport.BuildSetting(key: "GOOS", value: "js")) ?? false)
        let buildID = try #require(report.go?.buildID, "go:buildid section")
        #expect(buildID.split(separator: "/").count == 4, "\(buildID)")  // actionID/.../contentID, no framing bytes
        #expect(report.go?.buildInfoSource == "modinfo+producers")

        // Go ≥ 1.26 emits bulk memory, sign-extension and saturating conversions; never SIMD by default.
        #expect(report.features == ["bulk-memory", "sign-extension", "saturating-conversions"])

        // The linker drops imports the program never calls, so a binary imports a subset of the glue's functions.
        let hostImports = report.imports.filter { $0.module == "gojs" }
        #expect(Set(hostImports.map(\.name)).isSubset(of: Self.hostFunctions), "\(hostImports)")
        #expect(
            Set(hostImports.map(\.name)).isSuperset(of: [
                "runtime.wasmExit", "runtime.wasmWrite", "syscall/js.valueGet",
            ]))
        #expect(report.imports.count == hostImports.count)
        #expect(hostImports.allSatisfy { $0.kind == "function" && $0.type == "(i32) -> ()" }, "\(hostImports)")
        #expect(Set(report.exports.map(\.name)).intersection(["run", "resume", "getsp", "mem"]).count == 4)
        let memory = try #require(report.memory)
        #expect(memory.initialPages > 0)
        #expect(!memory.imported)

        // Sections add up to the file: 8 header bytes plus each section's header and payload.
        let fileSize = try FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int
        #expect(report.fileSize == fileSize)
        #expect(
            report.sections.map(\.name).filter { !$0.hasPrefix("custom") } == [
                "type", "import", "function", "table", "memory", "global", "export", "element", "code", "data",
            ])
        #expect(report.sections.last.map { $0.offset + $0.size } == fileSize)
        #expect(report.customSections.map(\.name).contains("name"))

        #expect(!report.stripped)
        let sizes = try #require(report.sizes)
        #expect(sizes.largestFunctions.count == 7)
        #expect(sizes.largestFunctions.map(\.size) == sizes.largestFunctions.map(\.size).sorted(by: >))
        #expect(sizes.packages.reduce(0) { $0 + $1.size } == report.codeSize)
        #expect(sizes.packages.reduce(0) { $0 + $1.functions } == report.functionCount)
        // The wasm linker writes `/` in symbol names as `_` (syscall/js.valueGet → syscall_js.valueGet).
        let packages = Set(sizes.packages.map(\.package))
        #expect(packages.isSuperset(of: ["runtime", "main", "syscall_js", "fmt"]), "\(packages)")
        #expect(sizes.packages.first?.package == "runtime", "the runtime dominates a small Go binary")
        #expect(sizes.largestFunctions.allSatisfy { !$0.name.hasPrefix("function[") }, "names resolved")
    }

    @Test func go119Binary() throws {
        let report = try WasmInspector.inspect(path: try Binaries.go119().path)
        #expect(report.kind == .goJS)
        #expect(try report.go?.version == Binaries.version(of: .go119))
        #expect(report.go?.modulePath == "example.com/hello")
        #expect(report.go?.abi == "go")
        #expect(report.features == [], "Go 1.19 emits MVP wasm only")
        let host = Set(report.imports.filter { $0.module == "go" }.map(\.name))
        #expect(host.isSubset(of: Self.hostFunctions.union(["debug"])), "\(host)")
        #expect(host.contains("debug"), "Go 1.17–1.20 import go.debug")
        #expect(!report.stripped)
        #expect(report.sizes != nil)
    }

    @Test func strippedBinariesKeepTheirBuildFacts() throws {
        for (toolchain, file) in [
            (GoToolchain.modern, try Binaries.modern(stripped: true)), (.go119, try Binaries.go119(stripped: true)),
        ] {
            let report = try WasmInspector.inspect(path: file.path)
            #expect(report.stripped, "\(toolchain)")
            #expect(report.sizes == nil, "no names, no forensics")
            #expect(!(report.customSections.map(\.name).contains("name")))
            #expect(try report.go?.version == Binaries.version(of: toolchain))
            #expect(report.go?.modulePath == "example.com/hello")
            #expect(report.kind == .goJS)
            #expect(report.functionCount > 1000)
        }
        let modernStripped = try WasmInspector.inspect(path: try Binaries.modern(stripped: true).path)
        #expect(modernStripped.go?.buildSettings.first { $0.key == "-ldflags" }?.value == "\"-s -w\"")
    }

    @Test func wasip1BinaryIsRecognised() throws {
        let report = try WasmInspector.inspect(path: try Binaries.wasip1Binary().path)
        #expect(report.kind == .goWASIP1)
        #expect(report.imports.contains { $0.module == "wasi_snapshot_preview1" && $0.name == "fd_write" })
        #expect(report.exports.contains { $0.name == "_start" })
        #expect(try report.go?.version == Binaries.version(of: .modern))
        #expect(report.go?.modulePath == "example.com/wasip1hello")
        #expect(report.go?.abi == nil, "no go/gojs host module")
        #expect(report.go?.buildSettings.contains(InspectionReport.BuildSetting(key: "GOOS", value: "wasip1")) ?? false)
    }
}
