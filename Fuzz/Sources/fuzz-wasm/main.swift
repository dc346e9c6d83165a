// WasmInspection on mutated wasm (seeded with a real Go build): sections, imports, features, Go build info
// and build id, then the pclntab (GoLineTable) and a walk of its lookups, and the report's text.
import FuzzSupport
import WasmInspection

runFuzzer { input in
    let bytes = Array(input)
    if let report = try? WasmInspector.inspect(bytes: bytes, top: 5) {
        _ = ReportText.render(report, file: "fuzz.wasm")
    }
    guard let table = GoLineTable(wasm: bytes) else { return }
    // A few PCs around each of the first functions' entries, and one past the last.
    for entry in table.entries.prefix(16) {
        for pc in [entry, entry &+ 1, entry &+ 0x1_0000, entry &- 1] {
            _ = table.location(pc: pc)
            _ = table.location(pc: pc, isReturnAddress: false)
            _ = table.functionEntry(pc: pc)
            _ = table.startLine(pc: pc)
            _ = table.frameSize(pc: pc)
        }
    }
    _ = table.location(pc: UInt64.max)
    _ = table.entry(of: "main.main")
}
