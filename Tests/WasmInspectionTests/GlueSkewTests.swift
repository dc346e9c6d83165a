import Foundation
import TestSupport
import Testing
import WasmInspection

/// The glue's import object read from the toolchains' own wasm_exec.js, and skew found both ways.
@Suite(.serialized) final class GlueSkewTests {
    @Test func parsesBothToolchainsGlue() throws {
        let modern = try GlueABI.parse(String(contentsOf: try Binaries.glue(.modern), encoding: .utf8))
        #expect(modern.hostModules == ["gojs"])
        #expect(Set(try #require(modern.names(in: "gojs"))) == InspectGoBinariesTests.hostFunctions.union(["debug"]))
        #expect(modern.modules.map(\.module) == ["_gotest", "gojs"])

        let old = try GlueABI.parse(String(contentsOf: try Binaries.glue(.go119), encoding: .utf8))
        #expect(old.hostModules == ["go"])
        #expect(Set(try #require(old.names(in: "go"))) == InspectGoBinariesTests.hostFunctions.union(["debug"]))
    }

    @Test func parsesMinifiedGlueAndRejectsOtherScripts() throws {
        let minified =
            #"class Go{constructor(){this.importObject={_gotest:{add:(a,b)=>a+b},gojs:{"runtime.wasmExit":e=>{const t=this.mem.getInt32(e+8,!0);this.exited=!0,delete this._inst},"syscall/js.valueGet":e=>{e>>>=0;const t=/}{"x":/g,n=`${e}:{"y":1}`;this._values[t]={"a":1}},'runtime.nanotime1':e=>{}}}}}"#
        let glue = try GlueABI.parse(minified)
        #expect(glue.modules.map(\.module) == ["_gotest", "gojs"])
        #expect(glue.names(in: "gojs") == ["runtime.wasmExit", "syscall/js.valueGet", "runtime.nanotime1"])
        #expect(glue.names(in: "_gotest") == ["add"])

        do {
            _ = try GlueABI.parse("console.log('hello')", path: "app.js")
            Issue.record("expected an error")
        } catch {
            #expect(error == .glueHasNoImportObject(path: "app.js"))
        }
    }

    @Test func skewBothWays() throws {
        let modern = try WasmInspector.inspect(path: try Binaries.modern().path)
        let old = try WasmInspector.inspect(path: try Binaries.go119().path)
        let modernGlue = try GlueABI.parse(String(contentsOf: try Binaries.glue(.modern), encoding: .utf8))
        let oldGlue = try GlueABI.parse(String(contentsOf: try Binaries.glue(.go119), encoding: .utf8))
        let modernVersion = try Binaries.version(of: .modern), oldVersion = try Binaries.version(of: .go119)

        let oldOnNew = GlueSkew(report: old, glue: modernGlue)
        #expect(oldOnNew.skew)
        #expect(oldOnNew.moduleMismatch)
        #expect(
            oldOnNew.diagnosis
                == "this wasm was built by \(oldVersion) (module go) but the glue provides gojs: copy wasm_exec.js from the toolchain that built it"
        )
        #expect(oldOnNew.missing.count == old.imports.count, "every import is missing when the module is")
        #expect(oldOnNew.missing.contains("go.debug"))
        #expect(oldOnNew.extra.count == 25)

        let newOnOld = GlueSkew(report: modern, glue: oldGlue)
        #expect(newOnOld.skew)
        #expect(
            newOnOld.diagnosis
                == "this wasm was built by \(modernVersion) (module gojs) but the glue provides go: copy wasm_exec.js from the toolchain that built it"
        )

        for (report, glue) in [(modern, modernGlue), (old, oldGlue)] {
            let match = GlueSkew(report: report, glue: glue)
            #expect(!match.skew)
            #expect(match.missing == [])
            #expect(!match.moduleMismatch)
            #expect(match.diagnosis == nil)
            // What the glue offers beyond the binary's imports is listed, and is not skew.
            #expect(match.extra.count + report.imports.count == (glue.names(in: report.goHostModule ?? "") ?? []).count)
        }
    }

    @Test func missingFunctionInSameModuleIsSkew() throws {
        let report = try WasmInspector.inspect(path: try Binaries.modern().path)
        let source = try String(contentsOf: try Binaries.glue(.modern), encoding: .utf8)
        let edited = source.replacingOccurrences(of: "\"syscall/js.valueGet\"", with: "\"syscall/js.valueGet2\"")
        #expect(edited != source)
        let skew = GlueSkew(report: report, glue: try GlueABI.parse(edited))
        #expect(skew.skew)
        #expect(!skew.moduleMismatch)
        #expect(skew.missing == ["gojs.syscall/js.valueGet"])
        #expect(skew.extra.contains("gojs.syscall/js.valueGet2"), "\(skew.extra)")
        #expect(skew.diagnosis?.contains("but the glue lacks gojs.syscall/js.valueGet:") ?? false, "\(skew)")
    }

    @Test func wasip1BinaryWithGlueIsSkew() throws {
        let report = try WasmInspector.inspect(path: try Binaries.wasip1Binary().path)
        let skew = GlueSkew(
            report: report, glue: try GlueABI.parse(String(contentsOf: try Binaries.glue(.modern), encoding: .utf8)))
        #expect(skew.skew)
        #expect(skew.diagnosis?.contains("for wasip1, which wasm_exec.js cannot host") ?? false)
    }

    @Test func commandLineExitCodesAndJSON() throws {
        let modern = try Binaries.modern().path, old = try Binaries.go119().path
        let modernGlue = try Binaries.glue(.modern).path, oldGlue = try Binaries.glue(.go119).path
        let oldVersion = try Binaries.version(of: .go119)

        let skewed = try ProcessRunner.gowasmServe(["inspect", old, "--glue", modernGlue])
        #expect(skewed.status == 1, "\(skewed.stderrText)")
        #expect(
            skewed.stdoutText.contains(
                "SKEW: this wasm was built by \(oldVersion) (module go) but the glue provides gojs: copy wasm_exec.js from the toolchain that built it"
            ), "\(skewed.stdoutText)")

        let matching = try ProcessRunner.gowasmServe(["inspect", old, "--glue", oldGlue, "--top", "3"])
        #expect(matching.status == 0, "\(matching.stderrText)")
        #expect(matching.stdoutText.contains("OK: the glue provides every import this binary needs"))
        #expect(matching.stdoutText.contains("Largest functions"))

        let json = try ProcessRunner.gowasmServe(["inspect", modern, "--glue", oldGlue, "--json", "--top", "5"])
        #expect(json.status == 1)
        #expect(json.stderrText.hasPrefix("gowasm-serve: this wasm was built by"), "\(json.stderrText)")
        let object = try #require(try JSONSerialization.jsonObject(with: json.stdout) as? [String: Any])
        #expect(object["file"] as? String == modern)
        #expect(object["kind"] as? String == "go-js")
        #expect((object["go"] as? [String: Any])?["abi"] as? String == "gojs")
        #expect(((object["sizes"] as? [String: Any])?["largestFunctions"] as? [Any])?.count == 5)
        let glue = try #require(object["glue"] as? [String: Any])
        #expect(glue["skew"] as? Bool == true)
        #expect(glue["moduleMismatch"] as? Bool == true)
        #expect(glue["file"] as? String == oldGlue)
        #expect(glue["glueModules"] as? [String] == ["go"])
    }
}
