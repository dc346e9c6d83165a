import CLinux
import Foundation
import JavaScript
import Prerender
import WasmEngines
import WebHost

/// One Go `GOOS=js GOARCH=wasm` program run as node runs it: JavaScriptCore with the node surface, the
/// toolchain's own `wasm_exec_node.js` (or the same set-up when only a `wasm_exec.js` is given) and its
/// `wasm_exec.js`, wasm on the chosen engine, then the event loop until the program exits or nothing is
/// pending (the glue's own deadlock report). stdout, stderr and the exit code are node's.
///
/// ```swift
/// let glue = try GlueLocator.glue(for: bytes, wasmPath: path, explicit: nil, environment: env)
/// GoProgram(wasm: path, arguments: args, environment: env, glue: glue).run()   // never returns
/// ```
public struct GoProgram {
    /// The globals the program starts in.
    public enum Surface: Sendable {
        /// node's, as `go_js_wasm_exec` gives them.
        case node
        /// A blank page at `http://localhost/` (window, document, the web platform) whose `fetch` answers
        /// from `files` under `serve`'s rules, plus node's `fs` and `process` so `os` works as under node
        /// (`run --browser`, for tests of DOM code). The glue is the browser's `wasm_exec.js`.
        case browser(files: URL)
    }

    public var wasm: String
    public var arguments: [String]
    public var environment: [String: String]
    public var glue: Glue
    public var engine: WasmEngine = .interpreter
    public var surface: Surface = .node
    public var limits = InterpreterLimits()
    /// Ends the process with the program's exit code (node's `process.reallyExit`).
    public var terminate: (Int32) -> Never = { Foundation.exit($0) }
    /// Set-up evaluated in the context after the host surface and before the glue (diagnosis hooks in here).
    public var preludes: [(JSContext) throws(JavaScriptError) -> Void] = []

    public init(wasm: String, arguments: [String], environment: [String: String], glue: Glue) {
        self.wasm = wasm
        self.arguments = arguments
        self.environment = environment
        self.glue = glue
    }

    /// Runs the program to its end and leaves with its exit code; a host failure before the program
    /// starts is reported on stderr with exit 1, as node reports an error of its wrapper.
    public func run() -> Never {
        Self.returnLargeAllocationsToTheSystem()
        let output = OutputStreams()
        let js = JSContext()
        do {
            let webAssembly = try WebAssemblyHost(engine: engine, limits: limits, in: js)
            let loop = EventLoop(pendingWork: webAssembly)
            let native: JSObject
            var window: BrowserWindow?
            switch surface {
            case .node:
                native = try WebPlatform.install(in: js, loop: loop, output: output)
            case .browser(let files):
                let page = try BrowserWindow(
                    blankAt: "http://localhost/", files: files, in: js, loop: loop, output: output)
                window = page
                native = page.native
            }
            let entry =
                glue.nodeEntry?.path
                ?? glue.script.deletingLastPathComponent().appendingPathComponent("wasm_exec_node.js").path
            var setup = NodeSurface.Setup(
                argv: ["node", entry, wasm] + arguments, environment: environment, terminate: terminate)
            setup.inPage = window != nil
            _ = try NodeSurface.install(in: js, native: native, setup: setup, output: output)
            for prelude in preludes { try prelude(js) }
            let emitUncaught = native["emitUncaught"].object
            loop.onUncaughtException = { error in
                do {
                    try emitUncaught?.call([error.value ?? js.string(error.message)])
                } catch {
                    output.write(fd: 2, text: "Uncaught \(error)\n")
                }
                terminate(1)
            }
            do {
                if window != nil {
                    try startInPage(js, native: native)
                } else {
                    let source: JSValue =
                        glue.nodeEntry == nil
                        ? js.string(String(decoding: PackageResources.node_entry_js, as: UTF8.self)) : js.undefined
                    try native["runMain"].object?.call([js.string(entry), source, js.string(glue.script.path)])
                }
            } catch {
                loop.onUncaughtException(error)
            }
            _ = withExtendedLifetime((webAssembly, window)) { loop.run() }
            try native["processEnded"].object?.call()
        } catch {
            output.write(fd: 2, text: "gowasm-serve: \(wasm): \(error)\n")
            terminate(1)
        }
        terminate(0)
    }

    /// The browser's glue as the page's classic script, then the start `wasm_exec_node.js` would make.
    private func startInPage(_ js: JSContext, native: JSObject) throws(JavaScriptError) {
        let glueSource: String
        do {
            glueSource = try String(contentsOf: glue.script, encoding: .utf8)
        } catch {
            throw JavaScriptError(
                message: "cannot read \(glue.script.path): \((error as NSError).localizedDescription)")
        }
        try js.evaluate(glueSource, sourceURL: glue.script.absoluteString)
        let start = try js.evaluate(
            String(decoding: PackageResources.browser_entry_js, as: UTF8.self),
            sourceURL: "gowasm-serve:browser-entry.js")
        try start.object?.call([native, js.string(wasm), js.array(arguments.map(js.string))])
    }

    /// glibc serves an allocation above its mmap threshold from its own mapping, unmapped again on free,
    /// but it raises that threshold to the size of each such block freed, after which blocks of the module's
    /// size (its bytes, parsed and patched copies, 2.5 MB for hello world) come from the heap and stay
    /// resident after they are freed. A fixed threshold (which also turns the raising off) keeps the
    /// run's peak RSS lower at no measurable CPU cost (docs/benchmarks.md, "Engine tuning").
    private static func returnLargeAllocationsToTheSystem() {
        _ = mallopt(M_MMAP_THRESHOLD, 128 << 10)
    }
}
