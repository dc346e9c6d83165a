import Glibc
import JavaScript
@_spi(Fuzzing) import WasmKit
import WasmParser

/// The `WebAssembly` JavaScript API on WasmKit: `Module`, `Instance` (with `exports`), `Memory` (with
/// `buffer`), `validate`, `compile`, `instantiate` and the streaming forms, and the three error classes.
/// Exported wasm functions are JavaScript functions; JavaScript functions in the import object are WasmKit
/// host functions. The promise-returning functions are written in JavaScript over the synchronous ones.
final class InterpreterWebAssembly {
    let limits: InterpreterLimits
    /// The memory limiters of the instances made so far (one store each).
    var limiters: [MemoryLimiter] = []
    let engine: Engine
    /// Interpreter stacks for calls into wasm, one per nesting level (JS → wasm → JS → wasm …).
    let stacks: ExecutionStackPool
    unowned(unsafe) var host: WebAssemblyHost!
    private var errorConstructors: (compile: JSObject, link: JSObject, runtime: JSObject)?
    /// The prelude's `forgetBuffers`: drops the `buffer` it caches, called whenever a memory may grow.
    private var forgetBuffers: JSObject?
    private var moduleClass: JSHostClass!
    private var instanceClass: JSHostClass!
    private var memoryClass: JSHostClass!

    init(limits: InterpreterLimits) {
        self.limits = limits
        var configuration = EngineConfiguration(
            stackSize: limits.stackBytes, fuelMetering: limits.instructionLimit != nil)
        configuration.compilationMode = limits.translatesEagerly ? .eager : .lazy
        // The fixed-base linear memory the JS `buffer` relies on (see LinearMemoryBuffer).
        configuration.memoryBoundsChecking = .mprotect
        engine = Engine(configuration: configuration)
        stacks = ExecutionStackPool(engine: engine)
    }

    func makeWebAssemblyObject(in js: JSContext) throws(JavaScriptError) -> JSObject {
        moduleClass = JSHostClass(in: js, name: "Module") { [unowned self] js, _, args in
            try makeModule(args[0], in: js)
        }
        instanceClass = JSHostClass(in: js, name: "Instance") { [unowned self] js, _, args in
            try makeInstance(args[0], imports: args[1], in: js)
        }
        memoryClass = JSHostClass(in: js, name: "Memory")
        memoryClass.defineProperty("buffer") { js, this, _ in
            guard let memory = this.object?.payload(as: LinearMemoryBuffer.self) else {
                throw JavaScriptError(throwing: js.error("Illegal invocation", name: "TypeError"))
            }
            return try memory.buffer(in: js)
        }
        memoryClass.defineMethod("grow") { js, _, _ in
            // Go grows memory from inside wasm (memory.grow); growing from JavaScript is not offered.
            throw JavaScriptError(
                throwing: js.error("WebAssembly.Memory.grow is not supported by the interpreter", name: "RangeError"))
        }
        let native = js.object([
            "Module": moduleClass.constructor, "Instance": instanceClass.constructor, "Memory": memoryClass.constructor,
            "maxMemoryBytes": js.number(Double(limits.maxMemoryBytes)),
            "validate": js.function("validate") { js, _, args in
                let bytes = try Self.bytes(of: args[0], in: js)
                return js.boolean((try? parseWasm(bytes: bytes)) != nil)
            },
        ])
        let build = try js.evaluate(Self.prelude, sourceURL: "gowasm-serve:webassembly-interpreter.js")
        guard let webAssembly = try build.object?.call([native]).object else {
            throw JavaScriptError(message: "the WebAssembly prelude returned no object")
        }
        guard let compile = webAssembly["CompileError"].object, let link = webAssembly["LinkError"].object,
            let runtime = webAssembly["RuntimeError"].object
        else { throw JavaScriptError(message: "the WebAssembly prelude defined no error classes") }
        errorConstructors = (compile, link, runtime)
        forgetBuffers = native["forgetBuffers"].object
        return webAssembly
    }

    // MARK: Module

    final class ModuleBox {
        let module: Module
        /// Exported function name → the export of the global it only reads (see GlobalReaderExports).
        let globalReaders: [String: String]
        init(_ module: Module, globalReaders: [String: String]) {
            self.module = module
            self.globalReaders = globalReaders
        }
    }

    private func makeModule(_ source: JSValue, in js: JSContext) throws -> JSObject {
        let prepared = GlobalReaderExports(module: try Self.bytes(of: source, in: js))
        do {
            let module = try parseWasm(bytes: prepared.bytes)
            return moduleClass.instance(payload: ModuleBox(module, globalReaders: prepared.readers))
        } catch {
            throw raise(.compile, "\(error)", in: js)
        }
    }

    // MARK: Instance

    /// What an instance keeps alive: its store (host functions, fuel, limiter) and the WasmKit instance.
    final class InstanceBox {
        let store: Store
        let instance: Instance
        init(store: Store, instance: Instance) {
            self.store = store
            self.instance = instance
        }
    }

    private func makeInstance(_ moduleValue: JSValue, imports importValue: JSValue, in js: JSContext) throws -> JSObject
    {
        guard let moduleObject = moduleValue.object, let moduleBox = moduleObject.payload(as: ModuleBox.self) else {
            throw JavaScriptError(
                throwing: js.error("WebAssembly.Instance(): Argument 0 must be a WebAssembly.Module", name: "TypeError")
            )
        }
        let module = moduleBox.module
        let store = Store(engine: engine)
        let limiter = MemoryLimiter(maxBytes: limits.maxMemoryBytes)
        limiter.willGrowMemory = { [unowned self] in _ = try? forgetBuffers?.call() }
        store.resourceLimiter = limiter
        limiters.append(limiter)
        if let limit = limits.instructionLimit { store.fuel = Fuel(remaining: limit) }
        var imports = Imports()
        for item in module.imports {
            guard case .function(let typeIndex) = item.descriptor else {
                throw raise(.link, "import \(item.module).\(item.name): only function imports are supported", in: js)
            }
            guard let namespace = importValue.object?[item.module].object,
                let function = namespace[item.name].object, function.isFunction
            else {
                throw raise(.link, "import \(item.module).\(item.name) must be a callable function", in: js)
            }
            guard let type = module.functionType(at: typeIndex) else {
                throw raise(.link, "import \(item.module).\(item.name) has no function type", in: js)
            }
            imports.define(
                module: item.module, name: item.name, hostFunction(calling: function, type: type, store: store))
        }
        let instance: Instance
        do {
            instance = try module.instantiate(store: store, imports: imports)
        } catch {
            throw raise(.link, Self.withoutTrapPrefix("\(error)"), in: js)
        }
        let box = InstanceBox(store: store, instance: instance)
        let exports = js.object()
        for (name, export) in instance.exports where !name.hasPrefix(GlobalReaderExports.namePrefix) {
            switch export {
            case .function(let function):
                if let globalName = moduleBox.globalReaders[name], let global = instance.export(globalName),
                    case .global(let global) = global, Self.number(global.value) != nil  // (a global's type is fixed)
                {
                    exports[name] = js.numberFunction(name) { Self.number(global.value) ?? .nan }
                } else {
                    exports[name] = exportedFunction(function, name: name, owner: box, in: js)
                }
            case .memory(let memory):
                exports[name] = memoryClass.instance(payload: try LinearMemoryBuffer(memory: memory, owner: box))
            default: continue  // tables and globals: Go exports none
            }
        }
        _ = try? js.global["Object"].object?.invoke("freeze", [exports])
        let object = instanceClass.instance(payload: box)
        try object.set("exports", exports, attributes: [.readOnly])
        return object
    }

    /// A JavaScript function of the import object as a WasmKit host function. Its exception unwinds the
    /// wasm frames as a Swift error and is thrown again, unchanged, where JavaScript called into wasm.
    private func hostFunction(calling function: JSObject, type: FunctionType, store: Store) -> Function {
        // Go's imports are all (i32 sp) -> (): a path with no value objects.
        if type.parameters == [.i32], type.results.isEmpty {
            return Function(store: store, parameters: type.parameters, results: type.results) { _, params, _ in
                try function.callDiscardingResult(Double(Int32(bitPattern: params[0].i32)))
            }
        }
        return Function(store: store, parameters: type.parameters, results: type.results) { _, params, results in
            let js = function.context
            let arguments = params.map { Self.javaScriptValue($0, in: js) }
            let result = try function.call(arguments)
            if let type = type.results.first { results[0] = try Self.wasmValue(result, as: type) }
        }
    }

    /// An exported wasm function as a JavaScript function (arguments converted per the wasm signature).
    private func exportedFunction(_ function: Function, name: String, owner: InstanceBox, in js: JSContext) -> JSObject
    {
        let type = function.type
        return js.function(name) { [unowned self] js, _, args in
            var parameters: [Value] = []
            if !type.parameters.isEmpty {
                parameters.reserveCapacity(type.parameters.count)
                for (index, parameterType) in type.parameters.enumerated() {
                    parameters.append(try Self.wasmValue(args[index], as: parameterType))
                }
            }
            let results: [Value]
            do {
                results = try stacks.withStack { stack in try function.invoke(parameters, on: &stack) }
            } catch let error as JavaScriptError {
                throw error  // a host function's exception, passing back out
            } catch {
                throw fault(error, store: owner.store, in: js)
            }
            withExtendedLifetime(owner) {}
            switch results.count {
            case 0: return js.undefined
            case 1: return Self.javaScriptValue(results[0], in: js)
            default: return js.array(results.map { Self.javaScriptValue($0, in: js) })
            }
        }
    }

    // MARK: Errors

    enum ErrorKind { case compile, link, runtime }

    private func raise(_ kind: ErrorKind, _ message: String, in js: JSContext) -> JavaScriptError {
        guard let constructors = errorConstructors else { return JavaScriptError(message: message) }
        let constructor =
            switch kind {
            case .compile: constructors.compile
            case .link: constructors.link
            case .runtime: constructors.runtime
            }
        guard let error = try? constructor.construct([js.string(message)]) else {
            return JavaScriptError(message: message)
        }
        return JavaScriptError(throwing: error)
    }

    /// A trap or an exhausted budget, recorded for the embedder and thrown into JavaScript as a RuntimeError.
    private func fault(_ error: Error, store: Store, in js: JSContext) -> JavaScriptError {
        let fault: WasmFault
        // WasmKit leaves the remaining fuel untouched by the charge that fails, and its trap reason is
        // package-internal: its out-of-fuel trap is recognised by its description, here at the one seam.
        if let limit = limits.instructionLimit, store.fuel?.remaining == 0 || "\(error)".contains("out of fuel") {
            fault = .instructionLimit(limit)
        } else {
            let text = (error as? Trap)?.description ?? "\(error)"
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            let head = Self.withoutTrapPrefix(lines.first.map(String.init) ?? text)
            let backtrace = lines.dropFirst().joined(separator: "\n")
            fault = .trap(message: head, backtrace: backtrace.isEmpty ? nil : backtrace)
        }
        host?.lastFault = fault
        switch fault {
        case .instructionLimit(let limit): return raise(.runtime, "instruction limit of \(limit) reached", in: js)
        case .trap(let message, let backtrace):
            return raise(
                .runtime, "wasm trap: " + message + (backtrace.map { "\nwasm backtrace:\n\($0)" } ?? ""), in: js)
        }
    }

    /// WasmKit's `Trap` describes itself as "Trap: reason"; the JS error's class already says what it is.
    private static func withoutTrapPrefix(_ text: String) -> String {
        text.hasPrefix("Trap: ") ? String(text.dropFirst(6)) : text
    }

    // MARK: Values

    static func bytes(of source: JSValue, in js: JSContext) throws -> [UInt8] {
        guard let object = source.object, let bytes = object.withBytes({ Array(UnsafeRawBufferPointer($0)) }) else {
            throw JavaScriptError(throwing: js.error("WebAssembly: argument must be a BufferSource", name: "TypeError"))
        }
        return bytes
    }

    static func javaScriptValue(_ value: Value, in js: JSContext) -> JSValue {
        guard let number = number(value) else { return js.undefined }
        return js.number(number)
    }

    /// A numeric wasm value as a JavaScript number (nil for references).
    static func number(_ value: Value) -> Double? {
        switch value {
        case .i32(let v): Double(Int32(bitPattern: v))
        case .i64(let v): Double(Int64(bitPattern: v))  // BigInt in the spec; Go passes none
        case .f32(let v): Double(Float32(bitPattern: v))
        case .f64(let v): Double(bitPattern: v)
        default: nil
        }
    }

    static func wasmValue(_ value: JSValue, as type: ValueType) throws -> Value {
        let number = value.number
        switch type {
        case .i32: return .i32(UInt32(bitPattern: Int32(truncatingIfNeeded: Self.toInt64(number))))
        case .i64: return .i64(UInt64(bitPattern: Self.toInt64(number)))
        case .f32: return .f32(Float32(number).bitPattern)
        case .f64: return .f64(number.bitPattern)
        default: throw JavaScriptError(message: "TypeError: unsupported wasm value type \(type)")
        }
    }

    /// ToInt32-style wrapping (NaN and infinities become 0).
    private static func toInt64(_ number: Double) -> Int64 {
        guard number.isFinite else { return 0 }
        let truncated = number.rounded(.towardZero)
        if abs(truncated) < 9.2e18 { return Int64(truncated) }
        return Int64(
            bitPattern: UInt64(truncated.truncatingRemainder(dividingBy: 18_446_744_073_709_551_616).magnitude))
    }

    // MARK: The JavaScript half

    static let prelude = """
        (function (native) {
          "use strict";
          class CompileError extends Error { constructor(message) { super(message); this.name = "CompileError"; } }
          class LinkError extends Error { constructor(message) { super(message); this.name = "LinkError"; } }
          class RuntimeError extends Error { constructor(message) { super(message); this.name = "RuntimeError"; } }
          const { Module, Instance, Memory } = native;
          // The buffer of the memory read last, cached here: the glue reads it for every string and slice it
          // loads, and a call into Swift costs far more than this check. The size changes only when the
          // memory grows, and Swift calls forgetBuffers before every growth.
          const nativeBuffer = Object.getOwnPropertyDescriptor(Memory.prototype, "buffer").get;
          let cachedMemory, cachedBuffer;
          const cachingBuffer = Object.getOwnPropertyDescriptor({
            get buffer() {
              if (this === cachedMemory && cachedBuffer !== undefined) return cachedBuffer;
              const buffer = nativeBuffer.call(this);
              cachedMemory = this;
              cachedBuffer = buffer;
              return buffer;
            },
          }, "buffer").get;
          native.forgetBuffers = () => { cachedBuffer = undefined; };
          // A memory made by `new WebAssembly.Memory(descriptor)`: no module can import it (the interpreter
          // links function imports only), so its bytes live in a JavaScript buffer, a SharedArrayBuffer when
          // shared. JavaScriptCore keeps that constructor only while the option is on; the page's global may
          // have dropped it, as a browser without cross-origin isolation does (see EngineTuning).
          const SharedBuffer = typeof SharedArrayBuffer === "function" ? SharedArrayBuffer : undefined;
          const pageBytes = 65536;
          const scriptMemories = new WeakMap();
          const enforceRange = (value, what) => {
            const number = Number(value);
            if (!Number.isFinite(number)) throw new TypeError(`WebAssembly.Memory(): ${what} must be convertible to a valid number`);
            const integer = Math.trunc(number);
            if (integer < 0 || integer > 0xFFFFFFFF) throw new TypeError(`WebAssembly.Memory(): ${what} is outside the unsigned long range`);
            return integer;
          };
          const ConstructibleMemory = function Memory(descriptor) {
            if (new.target === undefined) throw new TypeError("WebAssembly.Memory must be invoked with 'new'");
            if (descriptor === null || (typeof descriptor !== "object" && typeof descriptor !== "function")) {
              throw new TypeError("WebAssembly.Memory(): Argument 0 must be a memory descriptor");
            }
            if (descriptor.initial === undefined) throw new TypeError("WebAssembly.Memory(): Property 'initial' is required");
            const initial = enforceRange(descriptor.initial, "Property 'initial'");
            const maximum = descriptor.maximum === undefined ? undefined : enforceRange(descriptor.maximum, "Property 'maximum'");
            const shared = Boolean(descriptor.shared);
            if (initial > 65536) throw new RangeError("WebAssembly.Memory(): Property 'initial': value " + initial + " is above the upper bound 65536");
            if (maximum !== undefined && maximum > 65536) throw new RangeError("WebAssembly.Memory(): Property 'maximum': value " + maximum + " is above the upper bound 65536");
            if (maximum !== undefined && maximum < initial) throw new RangeError("WebAssembly.Memory(): Property 'maximum': value " + maximum + " is below the lower bound " + initial);
            if (shared && maximum === undefined) throw new TypeError("WebAssembly.Memory(): If shared is true, maximum property should be defined.");
            if (initial * pageBytes > native.maxMemoryBytes) throw new RangeError("WebAssembly.Memory(): could not allocate memory");
            if (shared && SharedBuffer === undefined) throw new TypeError("WebAssembly.Memory(): shared memories need SharedArrayBuffer");
            const prototype = new.target.prototype !== null && typeof new.target.prototype === "object" ? new.target.prototype : Memory.prototype;
            const memory = Object.create(prototype);
            const buffer = shared ? new SharedBuffer(initial * pageBytes) : new ArrayBuffer(initial * pageBytes);
            scriptMemories.set(memory, { buffer, maximum, shared });
            return memory;
          };
          const nativeGrow = Memory.prototype.grow;
          const growScriptMemory = (state, delta) => {
            const pages = enforceRange(delta, "Argument 0");
            const current = state.buffer.byteLength / pageBytes;
            const limit = Math.min(state.maximum === undefined ? 65536 : state.maximum, Math.floor(native.maxMemoryBytes / pageBytes));
            if (current + pages > limit) throw new RangeError("WebAssembly.Memory.grow(): Maximum memory size exceeded");
            const bytes = (current + pages) * pageBytes;
            // A shared memory's grown buffer must share the old one's bytes, which a JavaScript buffer cannot.
            if (state.shared) throw new RangeError("WebAssembly.Memory.grow is not supported by the interpreter for shared memories");
            state.buffer = state.buffer.transfer(bytes);  // the old buffer is detached, as the standard has it
            return current;
          };
          Object.defineProperties(Memory.prototype, {
            buffer: { get: Object.getOwnPropertyDescriptor({ get buffer() {
              const state = scriptMemories.get(this);
              return state === undefined ? cachingBuffer.call(this) : state.buffer;
            } }, "buffer").get, configurable: true, enumerable: true },
            grow: { value: { grow(delta) {
              const state = scriptMemories.get(this);
              return state === undefined ? Reflect.apply(nativeGrow, this, [delta]) : growScriptMemory(state, delta);
            } }.grow, writable: true, configurable: true, enumerable: true },
            constructor: { value: ConstructibleMemory, writable: true, configurable: true },
          });
          Object.defineProperty(ConstructibleMemory, "prototype", { value: Memory.prototype, writable: false });
          const settle = (work) => new Promise((resolve, reject) => { try { resolve(work()); } catch (e) { reject(e); } });
          const WebAssembly = {
            Module, Instance, Memory: ConstructibleMemory, CompileError, LinkError, RuntimeError,
            validate: native.validate,
            compile: (bytes) => settle(() => new Module(bytes)),
            instantiate(source, imports) {
              return settle(() => {
                if (source instanceof Module) return new Instance(source, imports);
                const module = new Module(source);
                return { module, instance: new Instance(module, imports) };
              });
            },
          };
          Object.defineProperty(WebAssembly, Symbol.toStringTag, { value: "WebAssembly" });
          return WebAssembly;
        })
        """
}

/// Denies memory growth beyond the configured maximum; Go then reports "out of memory" and exits 2.
public final class MemoryLimiter: ResourceLimiter, @unchecked Sendable {
    public let maxBytes: Int
    /// Set once a growth was refused (only the runtime's thread runs the guest), so a caller can report
    /// "out of memory" as a typed outcome.
    public private(set) var refused = false
    /// Runs before every memory growth the limit allows (views of the memory's old size go stale).
    public var willGrowMemory: (() -> Void)?
    public init(maxBytes: Int) { self.maxBytes = maxBytes }
    public func limitMemoryGrowth(to desired: Int) throws -> Bool {
        guard desired <= maxBytes else {
            refused = true
            return false
        }
        willGrowMemory?()
        return true
    }
    public func limitTableGrowth(to desired: Int) throws -> Bool { true }
}

/// One interpreter stack per nesting level of calls into wasm: a host function that calls back into wasm
/// (Go's `js.Func` callbacks) runs while the outer call's stack is in use. `Function.invoke(_:)` alone
/// would allocate a whole stack (64 MiB by default) for every call.
public final class ExecutionStackPool {
    private final class Slot {
        var stack: ExecutionStack
        init(engine: Engine) { stack = ExecutionStack(engine: engine) }
    }

    private let engine: Engine
    private var slots: [Slot] = []
    private var depth = 0

    public init(engine: Engine) { self.engine = engine }

    /// Runs `body` on the stack for the current depth; a call nested inside it gets the next one.
    public func withStack<R>(_ body: (inout ExecutionStack) throws -> R) rethrows -> R {
        if depth == slots.count { slots.append(Slot(engine: engine)) }
        let slot = slots[depth]
        depth += 1
        defer { depth -= 1 }
        return try body(&slot.stack)
    }
}
