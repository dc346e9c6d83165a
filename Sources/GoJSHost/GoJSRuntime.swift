import Foundation
@_spi(Fuzzing) import WasmKit
import WasmParser
import WasmEngines

/// Runs one Go `GOOS=js GOARCH=wasm` program on WasmKit with the host side of Go's `wasm_exec.js`.
///
/// ```swift
/// let runtime = try GoJSRuntime(module: bytes, configuration: config)
/// runtime.global.properties["document"] = .object(myDocument)   // extra globals before the run
/// let outcome = try runtime.run()                                // .exited(code:), .idle, .budgetExhausted
/// ```
///
/// Everything happens on the calling thread: Go runs until it parks, then the event loop fires timers,
/// microtasks and I/O callbacks, each by resuming Go, until Go exits or nothing is pending.
public final class GoJSRuntime {
    public let configuration: GoJSConfiguration
    /// `globalThis`: add host objects here before `run()`.
    public let global: JSObject
    /// The standard objects (prototypes and constructors) host objects can link to.
    public let intrinsics: JSIntrinsics
    /// The exit code once Go has called `runtime.wasmExit`.
    public internal(set) var exitCode: Int32?

    let abi: GoABI
    let engine: Engine
    let store: Store
    let module: Module
    var instance: Instance?
    var memory: WasmKit.Memory?
    var exports: GoExports?
    var values: GoValueTable
    let goInstance: GoInstanceObject
    var eventLoop: EventLoop
    let clock: HostClock
    /// Incremented whenever Go code runs; a host call re-reads `sp` only if it changed.
    var goEntryCount = 0
    /// A fatal condition (exit, guest fault) raised inside a nested call; unwinds through JS frames.
    var pendingUnwind: Unwind?
    var started = false
    /// Reused for the arguments of `valueCall`/`valueInvoke`/`valueNew` (no allocation per call).
    var argumentScratch: [JSValue] = []
    /// Interpreter stacks for calls into Go, reused across calls.
    let stacks: ExecutionStackPool
    /// Go's timeout events (`scheduleTimeoutEvent` ids) and the event-loop timers behind them.
    var goTimeouts: [Int: Int] = [:]
    var nextGoTimeoutID = 0
    private let memoryLimiter: MemoryLimiter
    /// Whether the guest asked to grow its linear memory beyond `maxMemoryBytes` and was refused (Go then
    /// dies with "out of memory"): a typed way to tell that exit from others.
    public var wasRefusedMemory: Bool { memoryLimiter.refused }

    public init(module bytes: [UInt8], configuration: GoJSConfiguration = GoJSConfiguration()) throws(GoJSError) {
        self.configuration = configuration
        let parsed: Module
        do {
            parsed = try parseWasm(bytes: bytes)
        } catch {
            throw .invalidModule("\(error)")
        }
        module = parsed
        abi = try GoABI(imports: parsed.imports)
        var engineConfiguration = EngineConfiguration(
            stackSize: configuration.interpreterStackBytes, fuelMetering: configuration.instructionLimit != nil)
        engineConfiguration.compilationMode = .lazy
        engine = Engine(configuration: engineConfiguration)
        store = Store(engine: engine)
        stacks = ExecutionStackPool(engine: engine)
        memoryLimiter = MemoryLimiter(maxBytes: configuration.maxMemoryBytes)
        store.resourceLimiter = memoryLimiter
        if let limit = configuration.instructionLimit { store.fuel = Fuel(remaining: limit) }
        clock = HostClock(mode: configuration.clock)
        intrinsics = JSIntrinsics()
        global = JSObject(prototype: intrinsics.objectPrototype)
        goInstance = GoInstanceObject()
        values = GoValueTable(global: global, goInstance: goInstance)
        eventLoop = EventLoop()
        goInstance.runtime = self
        installBuiltins()
    }

    deinit { goInstance.runtime = nil }

    // MARK: Running

    /// Starts Go (`run(argc, argv)`) and drives the event loop until Go exits, goes idle, or a budget ends.
    public func run() throws(GoJSError) -> GoJSOutcome {
        guard !started else { throw .notRunnable("the program was already started") }
        started = true
        let exports = try instantiate()
        let (argc, argv) = try layOutArguments()
        do {
            goEntryCount &+= 1
            _ = try stacks.withStack { stack in try exports.run.invoke([.i32(argc), .i32(argv)], on: &stack) }
        } catch {
            if let outcome = try finish(after: error) { return outcome }
        }
        if let exitCode { return .exited(code: exitCode) }
        return try drivingEventLoop()
    }

    /// Continues the event loop after `.idle` (e.g. after an embedder dispatched an event into Go).
    public func runUntilIdle() throws(GoJSError) -> GoJSOutcome {
        guard started else { throw .notRunnable("run() has not been called") }
        if let exitCode { return .exited(code: exitCode) }
        return try drivingEventLoop()
    }

    /// The event loop, with a fault that is the instruction budget running out (inside a callback, a
    /// timer or a promise job) reported as that budget, as it is when it happens in `run(argc, argv)`.
    private func drivingEventLoop() throws(GoJSError) -> GoJSOutcome {
        do {
            return try driveEventLoop()
        } catch {
            if let budget = budgetExhaustion(for: error) { return budget }
            throw error
        }
    }

    /// Calls a JS function (a Go `js.Func` or a host function) from outside Go, as an event would.
    public func call(_ function: JSValue, this: JSValue = .undefined, arguments: [JSValue]) throws(GoJSError) -> JSValue {
        guard case .object(let object) = function else { throw .uncaughtException("TypeError: not a function") }
        do {
            let result = try object.call(this: this, arguments: arguments)
            try rethrowUnwind()
            return result
        } catch let error as JSException {
            try rethrowUnwindAsError()
            throw .uncaughtException(error.message)
        } catch {
            try rethrowUnwindAsError()
            throw .uncaughtException("\(error)")
        }
    }

    /// Queues `job` to run after the current task (a JS microtask, as promise reactions are).
    public func enqueueMicrotask(_ job: @escaping () throws(JSException) -> Void) {
        eventLoop.microtasks.append(job)
    }

    /// Queues `job` as a task of its own (as node delivers I/O callbacks).
    public func enqueueTask(_ job: @escaping () throws(JSException) -> Void) {
        eventLoop.tasks.append(job)
    }

    /// `setTimeout`: runs `job` after `milliseconds` on the runtime's clock; returns an id for `clearTimer`.
    @discardableResult
    public func setTimer(milliseconds: Double, repeating: Bool = false, _ job: @escaping () throws(JSException) -> Void)
        -> Int
    {
        eventLoop.addTimer(at: clock.now() + max(milliseconds, 1), interval: repeating ? max(milliseconds, 1) : nil, job)
    }

    public func clearTimer(_ id: Int) { eventLoop.removeTimer(id) }

    /// Current number of JS values Go holds references to (diagnostics; should not grow without bound).
    public var liveReferenceCount: Int { values.liveCount }

    // MARK: Internals

    struct GoExports {
        let run: Function
        let resume: Function
        let getsp: Function
    }

    enum Unwind: Error {
        case exited(Int32)
        case fault(GoJSError)
    }

    private func instantiate() throws(GoJSError) -> GoExports {
        var imports = Imports()
        for item in module.imports {
            guard case .function = item.descriptor else {
                throw .unsupportedImport(module: item.module, name: item.name)
            }
            guard let function = hostFunction(module: item.module, name: item.name) else {
                throw .unsupportedImport(module: item.module, name: item.name)
            }
            imports.define(module: item.module, name: item.name, function)
        }
        let instance: Instance
        do {
            instance = try module.instantiate(store: store, imports: imports)
        } catch {
            throw .invalidModule("instantiation failed: \(error)")
        }
        guard let memory = instance.exports[memory: "mem"] else { throw .missingExport("mem") }
        guard let run = instance.exports[function: "run"] else { throw .missingExport("run") }
        guard let resume = instance.exports[function: "resume"] else { throw .missingExport("resume") }
        guard let getsp = instance.exports[function: "getsp"] else { throw .missingExport("getsp") }
        self.instance = instance
        self.memory = memory
        let exports = GoExports(run: run, resume: resume, getsp: getsp)
        self.exports = exports
        return exports
    }

    /// argv and env as C strings at 4096, then the pointer arrays, exactly as wasm_exec.js lays them out.
    private func layOutArguments() throws(GoJSError) -> (UInt32, UInt32) {
        guard let memory else { throw .notRunnable("not instantiated") }
        var strings = configuration.arguments
        let environment = configuration.environment.sorted { $0.key.utf16.lexicographicallyPrecedes($1.key.utf16) }
        var offset = 4096
        var image = [UInt8]()
        func place(_ string: String) -> Int {
            let pointer = offset
            image.append(contentsOf: Array(string.utf8) + [0])
            offset += string.utf8.count + 1
            let pad = (8 - offset % 8) % 8
            image.append(contentsOf: repeatElement(0, count: pad))
            offset += pad
            return pointer
        }
        var pointers: [Int] = strings.map(place)
        pointers.append(0)
        strings = environment.map { "\($0.key)=\($0.value)" }
        pointers.append(contentsOf: strings.map(place))
        pointers.append(0)
        let argv = offset
        for pointer in pointers {
            withUnsafeBytes(of: UInt64(pointer).littleEndian) { image.append(contentsOf: $0) }
            offset += 8
        }
        guard offset < 4096 + 8192, offset <= memory.byteCount else { throw .argumentsTooLong }
        memory.withUnsafeMutableBufferPointer(offset: 4096, count: image.count) { buffer in
            buffer.copyBytes(from: image)
        }
        return (UInt32(configuration.arguments.count), UInt32(argv))
    }

    /// Calls Go's `resume` export (for a js.Func call or an event). Nested calls are fine: Go handles the
    /// event and parks again before this returns.
    func resumeGo() throws(JSException) {
        guard exitCode == nil, pendingUnwind == nil, let exports else {
            throw .error("Go program has already exited")
        }
        do {
            goEntryCount &+= 1
            _ = try stacks.withStack { stack in try exports.resume.invoke([], on: &stack) }
        } catch {
            pendingUnwind = unwind(for: error)
            throw JSException(.string("<go runtime unwinding>"))
        }
    }

    /// Maps whatever escaped the guest to the unwind it means.
    func unwind(for error: Error) -> Unwind {
        if let unwind = error as? Unwind { return unwind }
        if let unwind = pendingUnwind { return unwind }
        if let fault = error as? GuestMemoryFault { return .fault(.guestFault(message: fault.description, backtrace: nil)) }
        if let trap = error as? Trap { return .fault(GuestFaultReport(trap: trap, store: store).error) }
        return .fault(.guestFault(message: "\(error)", backtrace: nil))
    }

    /// After the top-level entry threw: the outcome if the program is over, or rethrow a fault.
    private func finish(after error: Error) throws(GoJSError) -> GoJSOutcome? {
        switch unwind(for: error) {
        case .exited(let code): return .exited(code: code)
        case .fault(let fault):
            if let budget = budgetExhaustion(for: fault) { return budget }
            throw fault
        }
    }

    private func budgetExhaustion(for fault: GoJSError) -> GoJSOutcome? {
        if configuration.instructionLimit != nil, store.fuel?.remaining == 0 || "\(fault)".contains("fuel") {
            return .budgetExhausted(.instructions(configuration.instructionLimit ?? 0))
        }
        return nil
    }

    /// Inside a host call: if a nested call unwound (exit or fault), keep unwinding.
    @inline(__always)
    func rethrowUnwind() throws(Unwind) {
        if let pendingUnwind { throw pendingUnwind }
    }

    private func rethrowUnwindAsError() throws(GoJSError) {
        switch pendingUnwind {
        case .exited(let code)?: exitCode = code
        case .fault(let fault)?: throw fault
        case nil: break
        }
    }

    /// Marks the program exited (called from `runtime.wasmExit`).
    func markExited(_ code: Int32) {
        exitCode = code
        goInstance.properties["exited"] = .bool(true)
    }
}

/// Which generation of the host contract a module was built for.
enum GoABI {
    case legacy  // Go 1.17–1.20: import module "go", plus "debug"
    case gojs  // Go 1.21+

    var moduleName: String { self == .legacy ? "go" : "gojs" }

    init(imports: [Import]) throws(GoJSError) {
        let modules = Set(imports.map(\.module))
        if modules.contains("gojs") {
            self = .gojs
        } else if modules.contains("go") {
            self = .legacy
        } else {
            throw .invalidModule("it imports neither \"gojs\" nor \"go\"; not a GOOS=js GOARCH=wasm binary")
        }
    }
}

/// A trap turned into a report with the wasm backtrace.
struct GuestFaultReport {
    let error: GoJSError
    init(trap: Trap, store: Store) {
        let text = trap.description
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let head = lines.first.map(String.init) ?? text
        let backtrace = lines.dropFirst().joined(separator: "\n")
        error = .guestFault(
            message: "wasm trap: " + (head.hasPrefix("Trap: ") ? String(head.dropFirst(6)) : head),
            backtrace: backtrace.isEmpty ? nil : backtrace)
    }
}
