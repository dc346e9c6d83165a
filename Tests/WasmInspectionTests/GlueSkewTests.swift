import Foundation
import TestSupport
import WasmInspection
import XCTest

/// The glue's import object read from the toolchains' own wasm_exec.js, and skew found both ways.
final class GlueSkewTests: XCTestCase {
    func testParsesBothToolchainsGlue() throws {
        let modern = try GlueABI.parse(String(contentsOf: try Binaries.glue(.modern), encoding: .utf8))
        XCTAssertEqual(modern.hostModules, ["gojs"])
        XCTAssertEqual(Set(try XCTUnwrap(modern.names(in: "gojs"))), InspectGoBinariesTests.hostFunctions.union(["debug"]))
        XCTAssertEqual(modern.modules.map(\.module), ["_gotest", "gojs"])

        let old = try GlueABI.parse(String(contentsOf: try Binaries.glue(.go119), encoding: .utf8))
        XCTAssertEqual(old.hostModules, ["go"])
        XCTAssertEqual(Set(try XCTUnwrap(old.names(in: "go"))), InspectGoBinariesTests.hostFunctions.union(["debug"]))
    }

    func testParsesMinifiedGlueAndRejectsOtherScripts() throws {
        let minified = #"class Go{constructor(){this.importObject={_gotest:{add:(a,b)=>a+b},gojs:{"runtime.wasmExit":e=>{const t=this.mem.getInt32(e+8,!0);this.exited=!0,delete this._inst},"syscall/js.valueGet":e=>{e>>>=0;const t=/}{"x":/g,n=`${e}:{"y":1}`;this._values[t]={"a":1}},'runtime.nanotime1':e=>{}}}}}"#
        let glue = try GlueABI.parse(minified)
        XCTAssertEqual(glue.modules.map(\.module), ["_gotest", "gojs"])
        XCTAssertEqual(glue.names(in: "gojs"), ["runtime.wasmExit", "syscall/js.valueGet", "runtime.nanotime1"])
        XCTAssertEqual(glue.names(in: "_gotest"), ["add"])

        XCTAssertThrowsError(try GlueABI.parse("console.log('hello')", path: "app.js")) {
            XCTAssertEqual($0 as? InspectionError, .glueHasNoImportObject(path: "app.js"))
        }
    }

    func testSkewBothWays() throws {
        let modern = try WasmInspector.inspect(path: try Binaries.modern().path)
        let old = try WasmInspector.inspect(path: try Binaries.go119().path)
        let modernGlue = try GlueABI.parse(String(contentsOf: try Binaries.glue(.modern), encoding: .utf8))
        let oldGlue = try GlueABI.parse(String(contentsOf: try Binaries.glue(.go119), encoding: .utf8))
        let modernVersion = try Binaries.version(of: .modern), oldVersion = try Binaries.version(of: .go119)

        let oldOnNew = GlueSkew(report: old, glue: modernGlue)
        XCTAssertTrue(oldOnNew.skew)
        XCTAssertTrue(oldOnNew.moduleMismatch)
        XCTAssertEqual(oldOnNew.diagnosis,
            "this wasm was built by \(oldVersion) (module go) but the glue provides gojs: copy wasm_exec.js from the toolchain that built it")
        XCTAssertEqual(oldOnNew.missing.count, old.imports.count, "every import is missing when the module is")
        XCTAssertTrue(oldOnNew.missing.contains("go.debug"))
        XCTAssertEqual(oldOnNew.extra.count, 25)

        let newOnOld = GlueSkew(report: modern, glue: oldGlue)
        XCTAssertTrue(newOnOld.skew)
        XCTAssertEqual(newOnOld.diagnosis,
            "this wasm was built by \(modernVersion) (module gojs) but the glue provides go: copy wasm_exec.js from the toolchain that built it")

        for (report, glue) in [(modern, modernGlue), (old, oldGlue)] {
            let match = GlueSkew(report: report, glue: glue)
            XCTAssertFalse(match.skew)
            XCTAssertEqual(match.missing, [])
            XCTAssertFalse(match.moduleMismatch)
            XCTAssertNil(match.diagnosis)
            // What the glue offers beyond the binary's imports is listed, and is not skew.
            XCTAssertEqual(match.extra.count + report.imports.count, (glue.names(in: report.goHostModule ?? "") ?? []).count)
        }
    }

    func testMissingFunctionInSameModuleIsSkew() throws {
        let report = try WasmInspector.inspect(path: try Binaries.modern().path)
        let source = try String(contentsOf: try Binaries.glue(.modern), encoding: .utf8)
        let edited = source.replacingOccurrences(of: "\"syscall/js.valueGet\"", with: "\"syscall/js.valueGet2\"")
        XCTAssertNotEqual(edited, source)
        let skew = GlueSkew(report: report, glue: try GlueABI.parse(edited))
        XCTAssertTrue(skew.skew)
        XCTAssertFalse(skew.moduleMismatch)
        XCTAssertEqual(skew.missing, ["gojs.syscall/js.valueGet"])
        XCTAssertTrue(skew.extra.contains("gojs.syscall/js.valueGet2"), "\(skew.extra)")
        XCTAssertTrue(skew.diagnosis?.contains("but the glue lacks gojs.syscall/js.valueGet:") ?? false, "\(skew)")
    }

    func testWasip1BinaryWithGlueIsSkew() throws {
        let report = try WasmInspector.inspect(path: try Binaries.wasip1Binary().path)
        let skew = GlueSkew(report: report, glue: try GlueABI.parse(String(contentsOf: try Binaries.glue(.modern), encoding: .utf8)))
        XCTAssertTrue(skew.skew)
        XCTAssertTrue(skew.diagnosis?.contains("for wasip1, which wasm_exec.js cannot host") ?? false)
    }

    func testCommandLineExitCodesAndJSON() throws {
        let modern = try Binaries.modern().path, old = try Binaries.go119().path
        let modernGlue = try Binaries.glue(.modern).path, oldGlue = try Binaries.glue(.go119).path
        let oldVersion = try Binaries.version(of: .go119)

        let skewed = try ProcessRunner.gowasmServe(["inspect", old, "--glue", modernGlue])
        XCTAssertEqual(skewed.status, 1, skewed.stderrText)
        XCTAssertTrue(skewed.stdoutText.contains(
            "SKEW: this wasm was built by \(oldVersion) (module go) but the glue provides gojs: copy wasm_exec.js from the toolchain that built it"),
            skewed.stdoutText)

        let matching = try ProcessRunner.gowasmServe(["inspect", old, "--glue", oldGlue, "--top", "3"])
        XCTAssertEqual(matching.status, 0, matching.stderrText)
        XCTAssertTrue(matching.stdoutText.contains("OK: the glue provides every import this binary needs"))
        XCTAssertTrue(matching.stdoutText.contains("Largest functions"))

        let json = try ProcessRunner.gowasmServe(["inspect", modern, "--glue", oldGlue, "--json", "--top", "5"])
        XCTAssertEqual(json.status, 1)
        XCTAssertTrue(json.stderrText.hasPrefix("gowasm-serve: this wasm was built by"), json.stderrText)
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: json.stdout) as? [String: Any])
        XCTAssertEqual(object["file"] as? String, modern)
        XCTAssertEqual(object["kind"] as? String, "go-js")
        XCTAssertEqual((object["go"] as? [String: Any])?["abi"] as? String, "gojs")
        XCTAssertEqual(((object["sizes"] as? [String: Any])?["largestFunctions"] as? [Any])?.count, 5)
        let glue = try XCTUnwrap(object["glue"] as? [String: Any])
        XCTAssertEqual(glue["skew"] as? Bool, true)
        XCTAssertEqual(glue["moduleMismatch"] as? Bool, true)
        XCTAssertEqual(glue["file"] as? String, oldGlue)
        XCTAssertEqual(glue["glueModules"] as? [String], ["go"])
    }
}
