import JavaScript
import WebHost

/// Which engine runs the wasm behind a context's `WebAssembly` object.
public enum WasmEngine: String, Sendable, CaseIterable {
    /// WasmKit, the built-in interpreter (the default): instruction and memory budgets apply.
    case interpreter
    /// JavaScriptCore's own `WebAssembly` (a JIT); only the wall clock bounds it.
    case jit
}

/// The budgets the interpreter enforces (the JIT has none of its own).
public struct InterpreterLimits: Sendable {
    /// The largest linear memory a module may grow to; growth past it fails (Go reports "out of memory").
    public var maxMemoryBytes: Int = 1 << 30
    /// Stop after roughly this many wasm instructions (turns on WasmKit's fuel metering, which costs speed).
    public var instructionLimit: UInt64? = nil
    /// The interpreter's stack (deep Go call chains and re-entrant callbacks need room).
    public var stackBytes: Int = 64 << 20
    /// Translate every function when a module is instantiated, as a browser compiles before it runs,
    /// instead of on first call. Costs the functions never called; gives turns that time the program alone
    /// (`--diagnose`: the first turn otherwise includes translating everything it reaches).
    public var translatesEagerly = false

    public init(maxMemoryBytes: Int = 1 << 30, instructionLimit: UInt64? = nil, stackBytes: Int = 64 << 20) {
        self.maxMemoryBytes = maxMemoryBytes
        self.instructionLimit = instructionLimit
        self.stackBytes = stackBytes
    }
}

/// Why wasm stopped, as the embedder sees it (typed; never read back from an error's text).
public enum WasmFault: Sendable, Equatable {
    /// The guest trapped (out-of-bounds access, unreachable, stack exhaustion…); the backtrace lists wasm frames.
    case trap(message: String, backtrace: String?)
    /// The interpreter's instruction budget ran out.
    case instructionLimit(UInt64)
}

/// The `WebAssembly` object of one JavaScript context, on the chosen engine.
///
/// ```swift
/// let wasm = WebAssemblyHost(engine: .interpreter, limits: InterpreterLimits(maxMemoryBytes: 256 << 20), in: js)
/// // scripts now call WebAssembly.instantiate(bytes, imports) as in a browser
/// while wasm.pendingOperations > 0 { MainContext.iterate(mayBlock: true) }   // (jit: async compiles)
/// ```
public final class WebAssemblyHost: PendingWork {
    public let engine: WasmEngine
    /// Asynchronous operations (`instantiate`, `compile`…) started and not yet settled: an event loop must
    /// keep running (and iterate the GLib main context, where the JIT delivers them) while this is above zero.
    public private(set) var pendingOperations = 0
    /// The last fault the interpreter raised into JavaScript (a trap, or the instruction budget).
    public internal(set) var lastFault: WasmFault?
    let interpreter: InterpreterWebAssembly?

    /// Whether the interpreter refused a memory growth past `InterpreterLimits.maxMemoryBytes` (Go then
    /// reports "out of memory"): the typed reason behind such an exit.
    public var refusedMemoryGrowth: Bool { interpreter?.limiters.contains { $0.refused } ?? false }

    public init(engine: WasmEngine, limits: InterpreterLimits = InterpreterLimits(), in context: JSContext)
        throws(JavaScriptError)
    {
        self.engine = engine
        switch engine {
        case .interpreter:
            let interpreter = InterpreterWebAssembly(limits: limits)
            self.interpreter = interpreter
            let webAssembly = try interpreter.makeWebAssemblyObject(in: context)
            try context.global.set("WebAssembly", webAssembly, attributes: .dontEnum)
            interpreter.host = self
        case .jit:
            interpreter = nil
            try capMemory(at: limits.maxMemoryBytes, in: context)
            try settleSynchronously(in: context)
        }
        try compileStreaming(in: context)
        try trackAsynchronousOperations(in: context)
    }

    /// `compileStreaming` and `instantiateStreaming` as the WebAssembly Web API defines them, on both engines:
    /// the source must (resolve to) a `Response` whose Content-Type is exactly `application/wasm` (tabs and
    /// spaces trimmed, case-insensitive, no parameters), same-origin (`basic`, `cors` or `default`), `ok`,
    /// and with a usable body, which is then read to its end (a streamed body included) and compiled.
    private func compileStreaming(in context: JSContext) throws(JavaScriptError) {
        try context.evaluate(
            """
            (function (WebAssembly) {
              "use strict";
              const define = (name, value) => Object.defineProperty(WebAssembly, name, { value, writable: true, configurable: true });
              const bytesOf = (source) => Promise.resolve(source).then((response) => {
                if (typeof Response !== "function" || !(response instanceof Response)) {
                  throw new TypeError("WebAssembly: Response is not a Response object");
                }
                const type = response.headers.get("Content-Type");
                if (type === null || type.replace(/^[\\t ]+|[\\t ]+$/g, "").toLowerCase() !== "application/wasm") {
                  throw new TypeError(`WebAssembly: Response has unsupported MIME type '${type ?? ""}' expected 'application/wasm'`);
                }
                if (!["basic", "cors", "default"].includes(response.type)) throw new TypeError("WebAssembly: Response is not CORS-same-origin");
                if (!response.ok) throw new TypeError(`WebAssembly: Response status ${response.status} is not ok`);
                if (response.bodyUsed) throw new TypeError("WebAssembly: Response body is already used");
                return response.arrayBuffer();
              });
              define("compileStreaming", function compileStreaming(source) {
                return bytesOf(source).then((bytes) => WebAssembly.compile(bytes));
              });
              define("instantiateStreaming", function instantiateStreaming(source, importObject) {
                return bytesOf(source).then((bytes) => WebAssembly.instantiate(bytes, importObject));
              });
            })(WebAssembly)
            """, sourceURL: "gowasm-serve:webassembly-streaming.js")
    }

    /// The memory limit under the JIT (see MemoryCap): every module is compiled from bytes whose memories
    /// declare the limit as their maximum. `Module` stays JSC's class (a subclass), so `instanceof`,
    /// `Module.exports` and `Instance` accept it as before.
    private func capMemory(at maxBytes: Int, in context: JSContext) throws(JavaScriptError) {
        let cap = context.function("cap") { js, _, args in
            let bytes = try InterpreterWebAssembly.bytes(of: args[0], in: js)
            do {
                return try js.uint8Array(copying: MemoryCap.apply(maxBytes: maxBytes, to: bytes))
            } catch let refusal as MemoryCap.InitialSizeOverLimit {
                // The interpreter's words for the same refusal (WasmKit's resource limiter).
                let message = "initial memory size exceeds the resource limit: \(refusal.initialBytes) bytes"
                guard
                    let linkError = try? js.global["WebAssembly"].object?["LinkError"].object?.construct([
                        js.string(message)
                    ])
                else {
                    throw JavaScriptError(message: "LinkError: " + message)
                }
                throw JavaScriptError(throwing: linkError)
            }
        }
        let install = try context.evaluate(
            """
            (function (cap) {
              "use strict";
              const Compiled = WebAssembly.Module;
              const Module = class Module extends Compiled { constructor(bytes) { super(cap(bytes)); } };
              Object.defineProperty(WebAssembly, "Module", { value: Module, writable: true, configurable: true });
            })
            """, sourceURL: "gowasm-serve:webassembly-memory-cap.js")
        try install.object?.call([cap])
    }

    /// JavaScriptCore's own asynchronous `compile`/`instantiate` (2.50, C API) never settle here: their
    /// completion waits on a WTF run loop that iterating the GLib main context (default or thread-default)
    /// did not drive, in Swift and in a plain C check alike. The synchronous `new WebAssembly.Module` and
    /// `new WebAssembly.Instance` work, so the promise-returning functions are rebuilt on them: the promise
    /// settles in a later microtask, as the asynchronous form does, and compile errors reject it.
    private func settleSynchronously(in context: JSContext) throws(JavaScriptError) {
        try context.evaluate(
            """
            (function (WebAssembly) {
              "use strict";
              const { Module, Instance } = WebAssembly;
              const settle = (work) => new Promise((resolve, reject) => { try { resolve(work()); } catch (e) { reject(e); } });
              const define = (name, value) => Object.defineProperty(WebAssembly, name, { value, writable: true, configurable: true });
              define("compile", function compile(bytes) { return settle(() => new Module(bytes)); });
              define("instantiate", function instantiate(source, imports) {
                return settle(() => {
                  if (source instanceof Module) return new Instance(source, imports);
                  const module = new Module(source);
                  return { module, instance: new Instance(module, imports) };
                });
              });
            })(WebAssembly)
            """, sourceURL: "gowasm-serve:webassembly-jit.js")
    }

    /// Wraps the promise-returning functions so the event loop knows when one is still in flight.
    private func trackAsynchronousOperations(in context: JSContext) throws(JavaScriptError) {
        let track = context.function("track") { [unowned self] js, _, args in
            pendingOperations += Int(args[0].number)
            return js.undefined
        }
        let wrap = try context.evaluate(
            """
            (function (track) {
              for (const name of ["compile", "instantiate", "compileStreaming", "instantiateStreaming"]) {
                const original = WebAssembly[name];
                if (typeof original !== "function") continue;
                const wrapped = { [name](...args) {
                  track(1);
                  const settled = () => track(-1);
                  const promise = original.apply(WebAssembly, args);
                  promise.then(settled, settled);
                  return promise;
                } }[name];
                Object.defineProperty(WebAssembly, name, { value: wrapped, writable: true, configurable: true });
              }
            })
            """, sourceURL: "gowasm-serve:webassembly-tracking.js")
        try wrap.object?.call([track])
    }
}
