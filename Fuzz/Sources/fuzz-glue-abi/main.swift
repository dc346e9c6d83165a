// The glue ABI detector: the import object of a wasm_exec.js (seeded with the toolchains' own), and the skew
// check of what it provides against what a binary imports.
import FuzzSupport
import WasmInspection

// A binary importing some of Go's js/wasm functions (module gojs, Go >= 1.21), for the skew check: a minimal
// module of one function type and its imports, inspected as any binary is.
func wasmName(_ text: String) -> [UInt8] { [UInt8(text.utf8.count)] + Array(text.utf8) }
func section(_ id: UInt8, _ payload: [UInt8]) -> [UInt8] { [id, UInt8(payload.count)] + payload }
let imported = ["runtime.wasmExit", "syscall/js.valueGet", "syscall/js.finalizeRef"]
let importEntries: [UInt8] = imported.flatMap { name -> [UInt8] in wasmName("gojs") + wasmName(name) + [0x00, 0x00] }
let module: [UInt8] =
    [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00]
    + section(1, [0x01, 0x60, 0x01, 0x7F, 0x00])
    + section(2, [UInt8(imported.count)] + importEntries)
let binary = try! WasmInspector.inspect(bytes: module)

runFuzzer { input in
    let source = String(decoding: input, as: UTF8.self)
    guard let abi = try? GlueABI.parse(source) else { return }
    precondition(!abi.hostModules.isEmpty, "an ABI without a host module")
    for module in abi.modules.map(\.module) { _ = abi.names(in: module) }
    _ = GlueSkew(report: binary, glue: abi)
}
