import Foundation
import InputSafety
import JavaScript
import WasmInspection

/// Diagnosis of a Go wasm app as its runtime sees it, for any host that runs Go's glue in a JSContext.
///
/// ```swift
/// let diagnostics = GoDiagnostics(wasm: bytes)
/// try diagnostics.install(in: js)            // before wasm_exec.js is evaluated
/// ... run the program ...
/// let report = diagnostics.report(program: "app.wasm", engine: "interpreter", exitCode: code)
/// ```
/// Without `install` nothing is wrapped: diagnosis costs nothing unless asked for.
public final class GoDiagnostics {
    public let thresholds: DiagnosisThresholds
    /// What outlives the program's exit (`run` sets `.process`).
    public var host: ProgramHost = .page
    private var table: GoLineTable?
    private var walker: GoStackWalker?
    /// Makes `js.Func.Release` call the layer (see GoReleaseProbe); nil when the program never releases.
    private var probe: GoReleaseProbe?
    private var stripped: Bool
    /// Whether the wasm is still to come from the page (`host.module`, the first one it instantiates).
    private var awaitsModule: Bool
    /// Whether the program's module went through `host.module` (only the first one is the program).
    private var moduleSeen = false
    private var collect: JSObject?

    /// The JS layer (`diagnose.js`): `(host) => collect`, for hosts that evaluate it themselves (a page).
    public static var layerSource: String { String(decoding: PackageResources.diagnose_js, as: UTF8.self) }

    public init(wasm bytes: [UInt8], thresholds: DiagnosisThresholds = DiagnosisThresholds()) {
        self.thresholds = thresholds
        self.stripped = false
        self.awaitsModule = false
        use(wasm: bytes)
    }

    /// For a page, whose wasm is known only when it instantiates it: the layer hands the first module's
    /// bytes over (`WebAssembly.instantiate`, which `instantiateStreaming` goes through in both engines).
    public init(thresholds: DiagnosisThresholds = DiagnosisThresholds()) {
        self.thresholds = thresholds
        self.stripped = false
        self.awaitsModule = true
    }

    private func use(wasm bytes: [UInt8]) {
        table = GoLineTable(wasm: bytes)
        walker = table.map { GoStackWalker(table: $0) }
        probe = table.flatMap { GoReleaseProbe(wasm: bytes, table: $0) }
        stripped = !GoLineTable.hasCustomSection("name", in: bytes)
    }

    /// The script `dev` serves to its pages: the layer with the page as its host (`page.js`: a panel of live
    /// counts, the console and the facts sent to the dev server), and the frame table of `wasm` (the app
    /// the page loads) so the page can walk Go's stacks; without it, findings have no Go location.
    /// The page applies the release probe (`GoReleaseProbe.json`) to the module it instantiates.
    public static func pageScript(wasm: [UInt8]?) -> String {
        let table = wasm.flatMap(GoLineTable.init(wasm:))
        let frames = table.map { GoStackWalker(table: $0).frameTableJSON } ?? "null"
        let probe = wasm.flatMap { bytes in table.flatMap { GoReleaseProbe(wasm: bytes, table: $0) } }?.json ?? "null"
        return String(decoding: PackageResources.page_js, as: UTF8.self) + "(" + layerSource + ", " + frames + ", "
            + probe + ");\n"
    }

    /// The diagnosis of the facts a page sent (`page.js`), its PCs named through `wasm`'s line table;
    /// `program` names the page.
    public static func report(
        pageFacts json: String, wasm: [UInt8]?, program: String, thresholds: DiagnosisThresholds = DiagnosisThresholds()
    ) -> DiagnosisReport? {
        guard let facts = try? JSONDecoder().decode(DiagnosisFacts.self, from: Data(json.utf8)) else { return nil }
        let stripped = wasm.map { !GoLineTable.hasCustomSection("name", in: $0) } ?? false
        return DiagnosisAnalyzer(thresholds: thresholds, table: wasm.flatMap(GoLineTable.init(wasm:)))
            .report(of: facts, program: program, engine: "browser", stripped: stripped, exitCode: nil)
    }

    /// Evaluates the layer in `js`; every `Go` class the glue defines afterwards is diagnosed.
    public func install(in js: JSContext) throws(JavaScriptError) {
        let host = js.object()
        let origin = DispatchTime.now().uptimeNanoseconds
        host["now"] = js.function("now") { js, _, _ in
            js.number(Double(DispatchTime.now().uptimeNanoseconds - origin) / 1_000_000)
        }
        host["cpu"] = js.function("cpu") { js, _, _ in
            var time = timespec()
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
            return js.number(Double(time.tv_sec) * 1000 + Double(time.tv_nsec) / 1_000_000)
        }
        // (bytes, sp, base): `bytes` hold linear memory from address `base`; null when they cannot be read
        // (JavaScriptCore does not expose a WebAssembly.Memory's own buffer to the C API).
        host["stack"] = js.function("stack") { [weak self] js, _, args in
            guard let walker = self?.walker, let bytes = args[0].object else { return js.string("") }
            // Numbers from JavaScript: a page's script can call this too, with anything.
            guard let sp = Conversions.integer(truncating: args[1].number),
                let base = args[2].isNumber ? Conversions.integer(truncating: args[2].number) : 0,
                let expected = Conversions.integer(truncating: bytes["byteLength"].number)
            else { return js.null }
            let pcs = bytes.withBytes { memory -> [UInt64]? in
                guard memory.count == expected, expected > 0 else { return nil }
                return walker.pcs(memory: UnsafeRawBufferPointer(memory), base: base, sp: sp)
            }
            guard let pcs = pcs ?? nil else { return js.null }
            return js.string(pcs.map(String.init).joined(separator: ","))
        }
        // The program's module, as the glue instantiates it: read (a page's), and returned with the release
        // probe in when the program can release funcs.
        host["module"] = js.function("module") { [weak self] js, _, args in
            guard let self, !moduleSeen, let bytes = args[0].object?.withBytes({ Array($0) }), !bytes.isEmpty else {
                return js.undefined
            }
            moduleSeen = true
            if awaitsModule {
                awaitsModule = false
                use(wasm: bytes)
            }
            guard let patched = probe?.apply(to: bytes) else { return js.undefined }
            return try js.uint8Array(copying: patched)
        }
        host["options"] = js.object([
            "frozenMs": js.number(thresholds.frozenMilliseconds), "copyRun": js.number(thresholds.copyRun),
            "sampleEvery": js.number(thresholds.sampleEvery),
        ])
        let layer = try js.evaluate(Self.layerSource, sourceURL: "gowasm-serve:diagnose.js")
        collect = try layer.object?.call([host]).object
    }

    /// `install` as a host's prelude hook (GlueHost's `GoProgram.preludes`).
    public var prelude: (JSContext) throws(JavaScriptError) -> Void {
        { [self] js throws(JavaScriptError) in try install(in: js) }
    }

    /// The diagnosis of the first Go instance, or nil when none was made (the glue never ran).
    public func report(program: String, engine: String, exitCode: Int?) -> DiagnosisReport? {
        guard let collect, let json = try? collect.call().string,
            let instances = try? JSONDecoder().decode([DiagnosisFacts].self, from: Data(json.utf8)),
            let facts = instances.first
        else { return nil }
        return DiagnosisAnalyzer(thresholds: thresholds, table: table, host: host)
            .report(of: facts, program: program, engine: engine, stripped: stripped, exitCode: exitCode)
    }
}

extension DiagnosisReport {
    /// The JSON of `--diagnose-json`: keys sorted, pretty-printed.
    public func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(self)
    }
}
