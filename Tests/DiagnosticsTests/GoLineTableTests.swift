import Foundation
import TestSupport
import Testing
import WasmInspection

/// Go's pclntab read out of real binaries of both formats (Go 1.19: 0xfffffff0; current: 0xfffffff1).
@Suite struct GoLineTableTests {
    /// Every wasm function of a Go binary sits at PC (0x1000 + index) << 16; main.main's is found, with its
    /// file, and (from Go 1.20) the line of its `func` keyword.
    @Test(arguments: GoToolchain.allCases)
    func findsMainWithFileAndLine(_ toolchain: GoToolchain) throws {
        let package = Paths.fixtures.appendingPathComponent("diagnostics/wellbehaved")
        let bytes = Array(try Data(contentsOf: try toolchain.buildWasm(package: package)))
        let table = try #require(GoLineTable(wasm: bytes))
        #expect(table.functionCount > 1000)
        var main: (pc: UInt64, location: GoLineTable.Location)?
        for index in 0..<UInt64(table.functionCount * 2) {
            let pc = GoLineTable.textStart + index << 16
            if let location = table.location(pc: pc, isReturnAddress: false), location.function == "main.main" {
                main = (pc, location)
                break
            }
        }
        let found = try #require(main)
        #expect(found.location.file.hasSuffix("diagnostics/wellbehaved/main.go"))
        let source = try String(contentsOf: package.appendingPathComponent("main.go"), encoding: .utf8)
        let funcLine = (source.components(separatedBy: "\n").firstIndex { $0.hasPrefix("func main()") } ?? -1) + 1
        // The entry's line is the function's first line (the `func` line).
        #expect(found.location.line == funcLine)
        if toolchain == .modern { #expect(table.startLine(pc: found.pc) == funcLine) }
        // main.main has a frame (it calls functions) and a PC outside every function is nobody's.
        #expect((table.frameSize(pc: found.pc + 1) ?? 0) > 0)
        #expect(table.location(pc: 0x42) == nil)
    }

    /// `dev`'s page walks Go's stacks with one frame size per function (`GoStackWalker.frameTableJSON`): on
    /// wasm, SP moves once, in the prologue, so every resume point (PC_B ≥ 1) has the size of the first.
    @Test(arguments: GoToolchain.allCases)
    func oneFrameSizePerFunctionAtResumePoints(_ toolchain: GoToolchain) throws {
        let package = Paths.fixtures.appendingPathComponent("diagnostics/funcleak")
        let table = try #require(
            GoLineTable(wasm: Array(try Data(contentsOf: try toolchain.buildWasm(package: package)))))
        var checked = 0
        var differing: [String] = []
        for entry in table.entries {
            guard let first = table.frameSize(pc: entry + 1) else { continue }
            var block: UInt64 = 2
            while block < 1 << 16, let size = table.frameSize(pc: entry + block) {
                checked += 1
                if size != first {
                    differing.append(
                        "\(table.location(pc: entry, isReturnAddress: false)?.function ?? "?") PC_B \(block): \(size), not \(first)"
                    )
                    break
                }
                block += 1
            }
        }
        #expect(checked > 10_000)
        #expect(differing.isEmpty, "\(differing.count) functions: \(differing.prefix(10))")
    }

    @Test func notGoHasNoTable() {
        // A minimal valid wasm module: no data section.
        #expect(GoLineTable(wasm: [0x00, 0x61, 0x73, 0x6D, 0x01, 0, 0, 0]) == nil)
    }
}
