import Foundation
import WasmKit

/// The import object: Go's `runtime.*` and `syscall/js.*` functions, each reading its arguments from the
/// Go stack at `sp` (offsets as in wasm_exec.js, identical from Go 1.17 to today).
///
/// Every closure here captures the runtime `unowned(unsafe)`: the runtime owns the store that owns them and
/// they only run inside its own calls into Go, so it is alive. Keep the runtime free of `weak` references too:
/// one gives it a side table, which sent every retain and release of it down Swift's slow path (~14% of a
/// boundary-bound program).
extension GoJSRuntime {
    func hostFunction(module: String, name: String) -> Function? {
        guard module == abi.moduleName else { return nil }
        if name == "debug" {
            // Go ≤ 1.20 only: takes a plain i32, not sp.
            return Function(store: store, parameters: [.i32], results: []) { [unowned(unsafe) self] _, params, _ in
                self.writeOutput(fd: 1, text: "\(Int32(bitPattern: params[0].i32))\n")
            }
        }
        guard let body = spFunction(name) else { return nil }
        // The raw form: WasmKit passes the parameters in a stack buffer instead of a fresh array per call.
        return Function(store: store, parameters: [.i32], results: []) { _, params, _ in
            try body(params[0].i32)
        }
    }

    private typealias SPFunction = (UInt32) throws -> Void

    // swiftlint:disable:next cyclomatic_complexity function_body_length
    private func spFunction(_ name: String) -> SPFunction? {
        switch name {
        case "runtime.wasmExit":
            return { [unowned(unsafe) self] sp in
                let code = Int32(bitPattern: try view().uint32(sp &+ 8))
                markExited(code)
                throw Unwind.exited(code)
            }
        case "runtime.wasmWrite":
            return { [unowned(unsafe) self] sp in
                let v = try view()
                let fd = try v.int64(sp &+ 8)
                let pointer = try v.uint64(sp &+ 16)
                let count = Int(Int32(bitPattern: try v.uint32(sp &+ 24)))
                let bytes = try v.bytes(at: pointer, count: max(count, 0))
                writeOutput(fd: Int32(truncatingIfNeeded: fd), bytes: UnsafeRawBufferPointer(bytes))
            }
        case "runtime.resetMemoryDataView":
            return { _ in }  // views are taken fresh for every call
        case "runtime.nanotime1":
            return { [unowned(unsafe) self] sp in
                try view().setInt64(sp &+ 8, Int64(clock.now() * 1_000_000))
            }
        case "runtime.walltime", "runtime.walltime1":
            return { [unowned(unsafe) self] sp in
                let msec = clock.now().rounded(.down)
                let v = try view()
                try v.setInt64(sp &+ 8, Int64((msec / 1000).rounded(.down)))
                try v.setUInt32(sp &+ 16, UInt32(Int32(msec.truncatingRemainder(dividingBy: 1000) * 1_000_000)))
            }
        case "runtime.scheduleTimeoutEvent":
            return { [unowned(unsafe) self] sp in
                let v = try view()
                let ms = Double(try v.int64(sp &+ 8))
                let id = scheduleGoTimeout(milliseconds: ms)
                try v.setUInt32(sp &+ 16, UInt32(truncatingIfNeeded: id))
            }
        case "runtime.clearTimeoutEvent":
            return { [unowned(unsafe) self] sp in
                let id = Int(Int32(bitPattern: try view().uint32(sp &+ 8)))
                if let timer = goTimeouts.removeValue(forKey: id) { eventLoop.removeTimer(timer) }
            }
        case "runtime.getRandomData":
            return { [unowned(unsafe) self] sp in
                let bytes = try view().bytes(header: sp &+ 8)
                fillRandom(bytes)
            }
        case "syscall/js.finalizeRef":
            return { [unowned(unsafe) self] sp in
                values.finalize(id: try view().uint32(sp &+ 8))
            }
        case "syscall/js.stringVal":
            return { [unowned(unsafe) self] sp in
                let v = try view()
                let string = try v.string(header: sp &+ 8)
                try v.setUInt64(sp &+ 24, values.encode(.string(string)))
            }
        case "syscall/js.valueGet":
            return { [unowned(unsafe) self] sp in
                let v = try view()
                let target = values.decode(try v.uint64(sp &+ 8))
                let key = try v.string(header: sp &+ 16)
                let entry = goEntryCount
                let result = try hostGet(target, key)
                let (v2, sp2) = try refreshed(v, sp, since: entry)
                try v2.setUInt64(sp2 &+ 32, values.encode(result))
            }
        case "syscall/js.valueSet":
            return { [unowned(unsafe) self] sp in
                let v = try view()
                let target = values.decode(try v.uint64(sp &+ 8))
                let key = try v.string(header: sp &+ 16)
                let value = values.decode(try v.uint64(sp &+ 32))
                try hostSet(target, key, value)
            }
        case "syscall/js.valueDelete":
            return { [unowned(unsafe) self] sp in
                let v = try view()
                let target = values.decode(try v.uint64(sp &+ 8))
                let key = try v.string(header: sp &+ 16)
                try uncaught { () throws(JSException) in
                    guard case .object(let object) = target else {
                        throw .typeError("Cannot convert undefined or null to object")
                    }
                    try object.delete(key)
                }
            }
        case "syscall/js.valueIndex":
            return { [unowned(unsafe) self] sp in
                let v = try view()
                let target = values.decode(try v.uint64(sp &+ 8))
                let index = Int(try v.int64(sp &+ 16))
                let result = try uncaught { () throws(JSException) in try self.index(target, index) }
                try v.setUInt64(sp &+ 24, values.encode(result))
            }
        case "syscall/js.valueSetIndex":
            return { [unowned(unsafe) self] sp in
                let v = try view()
                let target = values.decode(try v.uint64(sp &+ 8))
                let index = Int(try v.int64(sp &+ 16))
                let value = values.decode(try v.uint64(sp &+ 24))
                try uncaught { () throws(JSException) in
                    guard case .object(let object) = target else {
                        throw .typeError("Cannot set properties of \(target.stringValue)")
                    }
                    try object.setIndex(index, value)
                }
            }
        case "syscall/js.valueCall":
            return { [unowned(unsafe) self] sp in
                let v = try view()
                let target = values.decode(try v.uint64(sp &+ 8))
                let method = try v.string(header: sp &+ 16)
                try loadArguments(v, header: sp &+ 32)
                try callIntoJS(v, sp: sp, resultAt: 56) { () throws(JSException) in
                    let function = try property(of: target, method)
                    guard case .object(let callee) = function, callee.isCallable else {
                        throw JSException.typeError("\(describe(target)).\(method) is not a function")
                    }
                    return try callee.call(this: target, arguments: argumentScratch)
                }
            }
        case "syscall/js.valueInvoke":
            return { [unowned(unsafe) self] sp in
                let v = try view()
                let target = values.decode(try v.uint64(sp &+ 8))
                try loadArguments(v, header: sp &+ 16)
                try callIntoJS(v, sp: sp, resultAt: 40) { () throws(JSException) in
                    guard case .object(let callee) = target, callee.isCallable else {
                        throw JSException.typeError("\(describe(target)) is not a function")
                    }
                    return try callee.call(this: .undefined, arguments: argumentScratch)
                }
            }
        case "syscall/js.valueNew":
            return { [unowned(unsafe) self] sp in
                let v = try view()
                let target = values.decode(try v.uint64(sp &+ 8))
                try loadArguments(v, header: sp &+ 16)
                try callIntoJS(v, sp: sp, resultAt: 40) { () throws(JSException) in
                    guard case .object(let callee) = target, callee.isCallable else {
                        throw JSException.typeError("\(describe(target)) is not a constructor")
                    }
                    return try callee.construct(arguments: argumentScratch)
                }
            }
        case "syscall/js.valueLength":
            return { [unowned(unsafe) self] sp in
                let v = try view()
                let target = values.decode(try v.uint64(sp &+ 8))
                let length: Int = try uncaught { () throws(JSException) in
                    switch target {
                    case .object(let object): return try object.length()
                    case .string(let s): return s.utf16.count
                    default: throw .typeError("Cannot read properties of \(target.stringValue) (reading 'length')")
                    }
                }
                try v.setInt64(sp &+ 16, Int64(length))
            }
        case "syscall/js.valuePrepareString":
            return { [unowned(unsafe) self] sp in
                let v = try view()
                let target = values.decode(try v.uint64(sp &+ 8))
                let bytes = JSUint8Array(bytes: Array(target.stringValue.utf8), intrinsics: intrinsics)
                try v.setUInt64(sp &+ 16, values.encode(.object(bytes)))
                try v.setInt64(sp &+ 24, Int64(bytes.count))
            }
        case "syscall/js.valueLoadString":
            return { [unowned(unsafe) self] sp in
                let v = try view()
                let source = values.decode(try v.uint64(sp &+ 8))
                let destination = try v.bytes(header: sp &+ 16)
                if case .object(let object) = source, let array = object as? JSTypedArray {
                    array.withBytes { bytes in
                        destination.copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes.prefix(destination.count)))
                    }
                }
            }
        case "syscall/js.valueInstanceOf":
            return { [unowned(unsafe) self] sp in
                let v = try view()
                let value = values.decode(try v.uint64(sp &+ 8))
                let type = values.decode(try v.uint64(sp &+ 16))
                let isInstance = try uncaught { () throws(JSException) in
                    guard case .object(let constructor) = type else {
                        throw .typeError("Right-hand side of 'instanceof' is not an object")
                    }
                    return try constructor.hasInstance(value)
                }
                try v.setUInt8(sp &+ 24, isInstance ? 1 : 0)
            }
        case "syscall/js.copyBytesToGo":
            return { [unowned(unsafe) self] sp in
                let v = try view()
                let destination = try v.bytes(header: sp &+ 8)
                let source = values.decode(try v.uint64(sp &+ 32))
                guard case .object(let object) = source, let array = object as? JSTypedArray, array.isByteArray else {
                    return try v.setUInt8(sp &+ 48, 0)
                }
                let n = array.withBytes { bytes in
                    let n = min(bytes.count, destination.count)
                    destination.baseAddress?.copyMemory(from: bytes.baseAddress!, byteCount: n)
                    return n
                }
                try v.setInt64(sp &+ 40, Int64(n))
                try v.setUInt8(sp &+ 48, 1)
            }
        case "syscall/js.copyBytesToJS":
            return { [unowned(unsafe) self] sp in
                let v = try view()
                let target = values.decode(try v.uint64(sp &+ 8))
                let source = try v.bytes(header: sp &+ 16)
                guard case .object(let object) = target, let array = object as? JSTypedArray, array.isByteArray else {
                    return try v.setUInt8(sp &+ 48, 0)
                }
                let n = array.withMutableBytes { bytes in
                    let n = min(bytes.count, source.count)
                    if n > 0 { bytes.baseAddress!.copyMemory(from: source.baseAddress!, byteCount: n) }
                    return n
                }
                try v.setInt64(sp &+ 40, Int64(n))
                try v.setUInt8(sp &+ 48, 1)
            }
        default:
            return nil
        }
    }

    // MARK: Helpers for the host calls

    @inline(__always)
    func view() throws(GoJSError) -> GuestView {
        guard let memory else { throw .notRunnable("not instantiated") }
        return GuestView(memory)
    }

    /// After a call that may have run Go code: a fresh memory view and `sp` from `getsp()`.
    @inline(__always)
    private func refreshed(_ v: GuestView, _ sp: UInt32, since entry: Int) throws -> (GuestView, UInt32) {
        guard entry != goEntryCount, let exports else { return (v, sp) }
        let result = try stacks.withStack { stack in try exports.getsp.invoke([], on: &stack) }
        return (try view(), result.first?.i32 ?? sp)
    }

    /// The shared tail of valueCall, valueInvoke and valueNew: runs the JS side, then stores its value with
    /// ok=1, or the thrown value with ok=0 (Go panics with a js.Error), at `sp + resultAt` and the byte after
    /// it, re-reading `sp` first if Go ran meanwhile. An exit or fault inside keeps unwinding instead.
    @inline(__always)
    private func callIntoJS(
        _ v: GuestView, sp: UInt32, resultAt offset: UInt32, _ operation: () throws(JSException) -> JSValue
    ) throws {
        let entry = goEntryCount
        let result: Result<JSValue, JSException>
        do throws(JSException) {
            result = .success(try operation())
        } catch {
            result = .failure(error)
        }
        try rethrowUnwind()
        let (v2, sp2) = try refreshed(v, sp, since: entry)
        try store(result, in: v2, value: sp2 &+ offset, ok: sp2 &+ offset &+ 8)
    }

    private func loadArguments(_ v: GuestView, header: UInt32) throws {
        let pointer = try v.uint64(header)
        let count = try v.uint64(header &+ 8)
        _ = try v.check(pointer, count &* 8)
        argumentScratch.removeAll(keepingCapacity: true)
        var address = UInt32(pointer)
        for _ in 0..<count {
            argumentScratch.append(values.decode(try v.uint64(address)))
            address &+= 8
        }
    }

    private func store(_ result: Result<JSValue, JSException>, in v: GuestView, value: UInt32, ok: UInt32) throws {
        switch result {
        case .success(let value_):
            try v.setUInt64(value, values.encode(value_))
            try v.setUInt8(ok, 1)
        case .failure(let error):
            try v.setUInt64(value, values.encode(error.value))
            try v.setUInt8(ok, 0)
        }
    }

    /// For host calls where JS would throw out of the import (not the ok=false path): the exception
    /// becomes a guest fault, as an uncaught exception ends node's run.
    private func uncaught<T>(_ body: () throws(JSException) -> T) throws -> T {
        do {
            return try body()
        } catch {
            try rethrowUnwind()
            throw Unwind.fault(.uncaughtException(describeException(error)))
        }
    }

    private func hostGet(_ target: JSValue, _ key: String) throws -> JSValue {
        do {
            return try property(of: target, key)
        } catch {
            try rethrowUnwind()
            throw Unwind.fault(.uncaughtException(describeException(error)))
        }
    }

    private func hostSet(_ target: JSValue, _ key: String, _ value: JSValue) throws {
        try uncaught { () throws(JSException) in
            guard case .object(let object) = target else {
                if target.isNullish { throw .typeError("Cannot set properties of \(target.stringValue) (setting '\(key)')") }
                return
            }
            try object.set(key, value)
        }
    }

    /// `Reflect.get` including primitives (strings have `length`; other primitives have no own properties).
    func property(of target: JSValue, _ key: String) throws(JSException) -> JSValue {
        switch target {
        case .object(let object): return try object.get(key)
        case .string(let s):
            if key == "length" { return .number(Double(s.utf16.count)) }
            return try intrinsics.stringPrototype.get(key)
        case .undefined, .null:
            throw .typeError("Cannot read properties of \(target.stringValue) (reading '\(key)')")
        default: return .undefined
        }
    }

    func index(_ target: JSValue, _ index: Int) throws(JSException) -> JSValue {
        switch target {
        case .object(let object): return try object.getIndex(index)
        case .string(let s):
            let units = Array(s.utf16)
            return index >= 0 && index < units.count ? .string(String(utf16CodeUnits: [units[index]], count: 1)) : .undefined
        case .undefined, .null:
            throw .typeError("Cannot read properties of \(target.stringValue) (reading '\(index)')")
        default: return .undefined
        }
    }

    func describe(_ value: JSValue) -> String {
        switch value {
        case .object(let o): o.className.lowercased() == "object" ? "object" : o.className
        case .string(let s): "\"\(s)\""
        default: value.stringValue
        }
    }

    func describeException(_ error: JSException) -> String {
        if case .object(let object) = error.value, object is JSError { return object.toJSString() }
        return error.value.stringValue
    }

    // MARK: Output, timers, randomness

    func writeOutput(fd: Int32, text: String) {
        var text = text
        text.withUTF8 { writeOutput(fd: fd, bytes: UnsafeRawBufferPointer($0)) }
    }

    /// fd 1 and 2 go to the configured sinks; other descriptors are real files opened through `fs`.
    func writeOutput(fd: Int32, bytes: UnsafeRawBufferPointer) {
        let sink: OutputSink
        switch fd {
        case 1: sink = configuration.standardOutput
        case 2: sink = configuration.standardError
        // A browser has no descriptors: wasm_exec.js logs whatever fd Go names.
        default: sink = configuration.surface == .browser ? configuration.standardOutput : .fileDescriptor(fd)
        }
        switch sink {
        case .fileDescriptor(let descriptor): writeAll(descriptor, bytes)
        case .collect(let handler): handler(bytes)
        case .discard: break
        }
    }

    /// Go's own timer events: resume Go when due; if Go did not clear it, it missed it (as the glue warns).
    func scheduleGoTimeout(milliseconds: Double) -> Int {
        nextGoTimeoutID += 1
        let id = nextGoTimeoutID
        let timer = setTimer(milliseconds: milliseconds) { [unowned self] () throws(JSException) in
            try resumeGo()
            while goTimeouts[id] != nil, exitCode == nil {
                writeOutput(fd: 2, text: "scheduleTimeoutEvent: missed timeout event\n")
                try resumeGo()
            }
        }
        goTimeouts[id] = timer
        return id
    }

    func fillRandom(_ bytes: UnsafeMutableRawBufferPointer) {
        var generator = SystemRandomNumberGenerator()
        var offset = 0
        while offset < bytes.count {
            let word = generator.next()
            withUnsafeBytes(of: word) { raw in
                for byte in raw where offset < bytes.count {
                    bytes[offset] = byte
                    offset += 1
                }
            }
        }
    }
}

/// Writes every byte, retrying on short writes and EINTR (a pipe may take less than asked).
func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) {
    guard var pointer = bytes.baseAddress else { return }
    var remaining = bytes.count
    while remaining > 0 {
        let n = write(fd, pointer, remaining)
        if n < 0 {
            if errno == EINTR { continue }
            return
        }
        pointer += n
        remaining -= n
    }
}
