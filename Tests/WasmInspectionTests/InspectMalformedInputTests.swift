import Foundation
import TestSupport
import WasmInspection
import XCTest

/// Garbage, truncated and damaged files get a descriptive error, never a crash.
final class InspectMalformedInputTests: XCTestCase {
    func testGarbageIsNotWasm() {
        var generator = SystemRandomNumberGenerator()
        let garbage = (0..<4096).map { _ in UInt8.random(in: 1...255, using: &generator) }
        XCTAssertThrowsError(try WasmInspector.inspect(bytes: garbage)) { error in
            guard case .notWasm(let first)? = error as? InspectionError else { return XCTFail("\(error)") }
            XCTAssertEqual(first, Array(garbage.prefix(4)))
        }
        XCTAssertThrowsError(try WasmInspector.inspect(bytes: [])) {
            XCTAssertEqual($0 as? InspectionError, .notWasm(firstBytes: []))
        }
        XCTAssertThrowsError(try WasmInspector.inspect(bytes: Array("<!doctype html><html>".utf8))) {
            XCTAssertTrue("\($0)".hasPrefix("not a WebAssembly module (starts with 3c 21 64 6f"), "\($0)")
        }
        XCTAssertThrowsError(try WasmInspector.inspect(bytes: [0, 0x61, 0x73, 0x6D, 0x0D, 0, 1, 0])) {
            XCTAssertEqual($0 as? InspectionError, .unsupportedVersion([0x0D, 0, 1, 0]))
        }
    }

    func testTruncatedBinariesAreReportedAsTruncated() throws {
        // (8 bytes would be a valid empty module.)
        let bytes = [UInt8](try Data(contentsOf: try Binaries.modern()))
        for length in [5, 7, 9, 11, 200, bytes.count / 3, bytes.count / 2, bytes.count - 1] {
            XCTAssertThrowsError(try WasmInspector.inspect(bytes: Array(bytes.prefix(length))), "\(length) bytes") { error in
                guard let error = error as? InspectionError else { return XCTFail("\(error)") }
                guard case .truncated = error else { return XCTFail("\(length) bytes: \(error)") }
                XCTAssertTrue(error.description.hasPrefix("truncated WebAssembly module: "), error.description)
            }
        }
    }

    func testDamagedSectionsAreMalformed() {
        var badImport = WasmModuleBuilder()
        badImport.imports.append(WasmModuleBuilder.name("gojs") + WasmModuleBuilder.name("debug") + [0x09, 0x00])
        var badOpcode = WasmModuleBuilder()
        badOpcode.addFunction(type: badOpcode.addType([], []), code: [0xFF, 0x00])
        for (label, module) in [("import kind 9", badImport), ("opcode 0xff", badOpcode)] {
            XCTAssertThrowsError(try WasmInspector.inspect(bytes: module.build()), label) { error in
                guard let error = error as? InspectionError, case .malformed = error else { return XCTFail("\(label): \(error)") }
                XCTAssertTrue(error.description.hasPrefix("malformed WebAssembly module"), error.description)
            }
        }
    }

    func testCommandLineGivesOneLineErrorsAndExitCode2() throws {
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
            XCTAssertEqual(result.status, 2, result.stderrText)
            XCTAssertTrue(result.stderrText.hasPrefix(prefix), result.stderrText)
            XCTAssertEqual(result.stderrText.split(separator: "\n").count, 1, result.stderrText)
            XCTAssertEqual(result.stdoutText, "")
        }
    }
}
