import Foundation
import TestSupport
import Testing
import WasmInspection

/// `inspect`'s static half of diagnosis: call sites of each import and of syscall/js's API.
@Suite struct InspectCallSitesTests {
    private func report(_ fixture: String, _ toolchain: GoToolchain) throws -> InspectionReport {
        let wasm = try toolchain.buildWasm(package: Paths.fixtures.appendingPathComponent("diagnostics/\(fixture)"))
        return try WasmInspector.inspect(path: wasm.path, top: 0)
    }

    /// A program that makes js.Funcs and never releases one is suspect before it runs; one that releases
    /// is not. Each host import is called from the code (its stub), and the count is given per import.
    @Test(arguments: GoToolchain.allCases)
    func funcOfWithoutReleaseIsSuspect(_ toolchain: GoToolchain) throws {
        let leaking = try report("funcleak", toolchain)
        let api = try #require(leaking.jsAPICalls)
        #expect((api.callSites["syscall/js.FuncOf"] ?? 0) >= 1)
        #expect(api.callSites["syscall/js.Func.Release"] == nil || api.callSites["syscall/js.Func.Release"] == 0)
        #expect(api.suspicion != nil)
        let valueCall = leaking.imports.first { $0.name == "syscall/js.valueCall" }
        #expect((valueCall?.callSites ?? 0) >= 1)
        #expect(leaking.imports.filter { $0.kind == "function" }.allSatisfy { $0.callSites != nil })

        let releasing = try report("releasedcall", toolchain)
        #expect((releasing.jsAPICalls?.callSites["syscall/js.Func.Release"] ?? 0) >= 1)
        #expect(releasing.jsAPICalls?.suspicion == nil)
    }

    @Test func textListsCallSites() throws {
        let text = ReportText.render(try report("funcleak", .modern), file: "app.wasm", skew: nil, glueFile: nil)
        #expect(text.contains("syscall/js call sites"), "\(text)")
        #expect(text.contains("SUSPECT: js.FuncOf is called from"), "\(text)")
        #expect(text.contains("gojs.syscall/js.valueCall"), "\(text)")
    }
}
