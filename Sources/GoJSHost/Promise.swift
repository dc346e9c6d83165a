/// A `Promise`: settles once; reactions run as microtasks in registration order.
public final class JSPromise: JSObject, @unchecked Sendable {
    public enum State { case pending, fulfilled(JSValue), rejected(JSValue) }
    public private(set) var state: State = .pending
    private var reactions: [(State) -> Void] = []
    unowned let runtime: GoJSRuntime

    init(runtime: GoJSRuntime) {
        self.runtime = runtime
        super.init(prototype: runtime.intrinsics.promisePrototype)
    }

    public override var className: String { "Promise" }

    /// Resolves with `value`, adopting it if it is itself a promise or thenable.
    public func resolve(_ value: JSValue) {
        guard case .pending = state else { return }
        if case .object(let o) = value {
            if o === self { return reject(.object(runtime.makeError(.typeError, "Chaining cycle detected for promise"))) }
            if let then = try? o.get("then"), case .object(let thenFunction) = then, thenFunction.isCallable {
                var settled = false
                runtime.enqueueMicrotask { [self] () throws(JSException) in
                    let resolveFunction = runtime.makeFunction("") { (_: JSValue, args: [JSValue]) throws(JSException) -> JSValue in
                        if !settled { settled = true; self.resolve(args[argument: 0]) }
                        return .undefined
                    }
                    let rejectFunction = runtime.makeFunction("") { (_: JSValue, args: [JSValue]) throws(JSException) -> JSValue in
                        if !settled { settled = true; self.reject(args[argument: 0]) }
                        return .undefined
                    }
                    do throws(JSException) {
                        _ = try thenFunction.call(this: value, arguments: [.object(resolveFunction), .object(rejectFunction)])
                    } catch {
                        if !settled { settled = true; self.reject(error.value) }
                    }
                }
                return
            }
        }
        settle(.fulfilled(value))
    }

    public func reject(_ reason: JSValue) {
        guard case .pending = state else { return }
        settle(.rejected(reason))
    }

    private func settle(_ newState: State) {
        state = newState
        let pending = reactions
        reactions = []
        for reaction in pending { schedule(reaction) }
    }

    private func schedule(_ reaction: @escaping (State) -> Void) {
        let state = self.state
        runtime.enqueueMicrotask { () throws(JSException) in reaction(state) }
    }

    /// `then(onFulfilled, onRejected)`: returns the derived promise.
    func then(_ onFulfilled: JSValue, _ onRejected: JSValue) -> JSPromise {
        let derived = JSPromise(runtime: runtime)
        let reaction: (State) -> Void = { state in
            let handler: JSValue
            let argument: JSValue
            let passThroughRejects: Bool
            switch state {
            case .pending: return
            case .fulfilled(let v): handler = onFulfilled; argument = v; passThroughRejects = false
            case .rejected(let r): handler = onRejected; argument = r; passThroughRejects = true
            }
            guard case .object(let f) = handler, f.isCallable else {
                if passThroughRejects { derived.reject(argument) } else { derived.resolve(argument) }
                return
            }
            do throws(JSException) {
                derived.resolve(try f.call(this: .undefined, arguments: [argument]))
            } catch {
                derived.reject(error.value)
            }
        }
        if case .pending = state { reactions.append(reaction) } else { schedule(reaction) }
        return derived
    }
}

extension GoJSRuntime {
    /// A new pending promise (settle it with `resolve`/`reject`).
    public func makePromise() -> JSPromise { JSPromise(runtime: self) }

    func installPromise() {
        let prototype = intrinsics.promisePrototype
        let constructor = defineConstructor("Promise", prototype: prototype) { [unowned self] arguments throws(JSException) in
            guard case .object(let executor) = arguments[argument: 0], executor.isCallable else {
                throw .typeError("Promise resolver \(arguments[argument: 0].stringValue) is not a function")
            }
            let promise = makePromise()
            let resolve = makeFunction("resolve") { (_: JSValue, args: [JSValue]) throws(JSException) -> JSValue in promise.resolve(args[argument: 0]); return .undefined }
            let reject = makeFunction("reject") { (_: JSValue, args: [JSValue]) throws(JSException) -> JSValue in promise.reject(args[argument: 0]); return .undefined }
            do throws(JSException) {
                _ = try executor.call(this: .undefined, arguments: [.object(resolve), .object(reject)])
            } catch {
                if pendingUnwind != nil { throw error }
                promise.reject(error.value)
            }
            return .object(promise)
        }
        func promise(_ this: JSValue) throws(JSException) -> JSPromise {
            guard case .object(let o) = this, let p = o as? JSPromise else { throw .typeError("receiver is not a Promise") }
            return p
        }
        prototype.method("then") { this, args throws(JSException) in
            .object(try promise(this).then(args[argument: 0], args[argument: 1]))
        }
        prototype.method("catch") { this, args throws(JSException) in
            .object(try promise(this).then(.undefined, args[argument: 0]))
        }
        prototype.method("finally") { [unowned self] this, args throws(JSException) in
            let handler = args[argument: 0]
            let p = try promise(this)
            let onFulfilled = makeFunction("") { (_: JSValue, a: [JSValue]) throws(JSException) -> JSValue in
                if case .object(let f) = handler, f.isCallable { _ = try f.call(this: .undefined, arguments: []) }
                return a[argument: 0]
            }
            let onRejected = makeFunction("") { (_: JSValue, a: [JSValue]) throws(JSException) -> JSValue in
                if case .object(let f) = handler, f.isCallable { _ = try f.call(this: .undefined, arguments: []) }
                throw JSException(a[argument: 0])
            }
            return .object(p.then(.object(onFulfilled), .object(onRejected)))
        }
        constructor.method("resolve") { [unowned self] _, args throws(JSException) in
            if case .object(let o) = args[argument: 0], o is JSPromise { return args[0] }
            let p = makePromise()
            p.resolve(args[argument: 0])
            return .object(p)
        }
        constructor.method("reject") { [unowned self] _, args throws(JSException) in
            let p = makePromise()
            p.reject(args[argument: 0])
            return .object(p)
        }
        constructor.method("all") { [unowned self] _, args throws(JSException) in
            let items = try listFromIterable(args[argument: 0])
            let result = makePromise()
            var values = Array(repeating: JSValue.undefined, count: items.count)
            var remaining = items.count
            if remaining == 0 { result.resolve(.object(makeArray([]))) }
            for (index, item) in items.enumerated() {
                let p: JSPromise
                if case .object(let o) = item, let existing = o as? JSPromise { p = existing } else { p = makePromise(); p.resolve(item) }
                let onFulfilled = makeFunction("") { [unowned self] (_: JSValue, a: [JSValue]) throws(JSException) -> JSValue in
                    values[index] = a[argument: 0]
                    remaining -= 1
                    if remaining == 0 { result.resolve(.object(makeArray(values))) }
                    return .undefined
                }
                let onRejected = makeFunction("") { (_: JSValue, a: [JSValue]) throws(JSException) -> JSValue in
                    result.reject(a[argument: 0])
                    return .undefined
                }
                _ = p.then(.object(onFulfilled), .object(onRejected))
            }
            return .object(result)
        }
    }
}
