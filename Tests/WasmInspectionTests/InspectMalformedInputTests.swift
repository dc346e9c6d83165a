import Foundation
import TestSupport
import Testing
import WasmInspection

/// Garbage, truncated and damaged files get a descriptive error, never a crash.
@Suite(.serialized) final class InspectMalformedInputTests {
    @Test func garbageIsNotWasm() {
        var generator = SystemRandomNumberGenerator()
        let garbage = (0..<4096).map { _ in UInt8.random(in: 1...255, using: &generator) }
        do {
            _ = try WasmInspector.inspect(bytes: garbage)
            Issue.record("expected an error")
        } catch {
            if case .notWasm(let first) = error {
                #expect(first == Array(garbage.prefix(4)))
            } else {
                Issue.record("\(error)")
            }
        }
        do {
            _ = try WasmInspector.inspect(bytes: [])
            Issue.record("expected an error")
        } catch {
            #expect(error == .notWasm(firstBytes: []))
        }
        do {
            _ = try WasmInspector.inspect(bytes: Array("<!doctype html><html>".utf8))
            Issue.record("expected an error")
        } catch {
            #expect("\(error)".hasPrefix("not a WebAssembly module (starts with 3c 21 64 6f"), "\(error)")
        }
        do {
            _ = try WasmInspector.inspect(bytes: [0, 0x61, 0x73, 0x6D, 0x0D, 0, 1, 0])
            Issue.record("expected an error")
        } catch {
            #expect(error == .unsupportedVersion([0x0D, 0, 1, 0]))
        }
    }

    @Test func truncatedBinariesAreReportedAsTruncated() throws {
        // (8 bytes would be a valid empty module.)
        let bytes = [UInt8](try Data(contentsOf: try Binaries.modern()))
        for length in [5, 7, 9, 11, 200, bytes.count / 3, bytes.count / 2, bytes.count - 1] {
            do {
                _ = try WasmInspector.inspect(bytes: Array(bytes.prefix(length)))
                Issue.record("\(length) bytes")
            } catch {
                guard case .truncated = error else {
                    Issue.record("\(length) bytes: \(error)")
                    continue
                }
                #expect(error.description.hasPrefix("truncated WebAssembly module: "), "\(error.description)")
            }
        }
    }

    @Test func damagedSectionsAreMalformed() {
        var badImport = WasmModuleBuilder()
        badImport.imports.append(WasmModuleBuilder.name("gojs") + WasmModuleBuilder.name("debug") + [0x09, 0x00])
        var badOpcode = WasmModuleBuilder()
        badOpcode.addFunction(type: badOpcode.addType([], []), code: [0xFF, 0x00])
        for (label, module) in [("import kind 9", badImport), ("opcode 0xff", badOpcode)] {
            do {
                _ = try WasmInspector.inspect(bytes: module.build())
                Issue.record("\(label)")
            } catch {
                guard case .malformed = error else {
                    Issue.record("\(label): \(error)")
                    continue
                }
                #expect(error.description.hasPrefix("malformed WebAssembly module"), "\(error.description)")
            }
        }
    }

    @Test func commandLineGivesOneLineErrorsAndExitCode2() throws {
        let dir = try Paths.temporaryDirectory("inspect-bad")
        defer { try? FileManager.default.removeItem(at: dir) }
        let truncated = dir.appendingPathComponent("truncated.wasm")
        let bytes = try Data(contentsOf: try Binaries.modern())
        try bytes.prefix(bytes.count / 2).write(to: truncated)
        let garbage = dir.appendingPathComponent("garbage.wasm")
        try Data("this is not wasm at all\n".utf8).write(to: garbage)

        let cases: [(String, String)] = [
            (truncated.path, "gowasm-serve: truncated WebAssembly module: "),
            (garbage.path, "gowasm-serve: not a WebAssembly module (starts with 74 68 69 73"),
            (dir.appendingPathComponent("missing.wasm").path, "gowasm-serve: cannot read "),
        ]
        for (path, prefix) in cases {
            let result = try ProcessRunner.gowasmServe(["inspect", path])
            #expect(result.status == 2, "\(result.stderrText)")
            #expect(result.stderrText.hasPrefix(prefix), "\(result.stderrText)")
            #expect(result.stderrText.split(separator: "\n").count == 1, "\(result.stderrText)")
            #expect(result.stdoutText == "")
        }
    }
}
