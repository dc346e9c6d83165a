/// The standard prototypes of one runtime. Host objects link to them so that methods (`map`, `then`) and
/// `instanceof` work as in JavaScript.
public final class JSIntrinsics: @unchecked Sendable {
    public let objectPrototype = JSObject()
    public let functionPrototype: JSObject
    public let arrayPrototype: JSObject
    public let stringPrototype: JSObject
    public let errorPrototype: JSObject
    public let arrayBufferPrototype: JSObject
    public let promisePrototype: JSObject
    var typedArrayPrototypes: [JSTypedArray.Kind: JSObject] = [:]

    init() {
        functionPrototype = JSObject(prototype: objectPrototype)
        arrayPrototype = JSObject(prototype: objectPrototype)
        stringPrototype = JSObject(prototype: objectPrototype)
        errorPrototype = JSObject(prototype: objectPrototype)
        arrayBufferPrototype = JSObject(prototype: objectPrototype)
        promisePrototype = JSObject(prototype: objectPrototype)
        for kind in JSTypedArray.Kind.allCases { typedArrayPrototypes[kind] = JSObject(prototype: objectPrototype) }
    }

    func typedArrayPrototype(_ kind: JSTypedArray.Kind) -> JSObject { typedArrayPrototypes[kind] ?? objectPrototype }
}

extension GoJSRuntime {
    /// A plain object (`{}`), optionally with properties.
    public func makeObject(_ properties: KeyValuePairs<String, JSValue> = [:]) -> JSObject {
        JSObject(prototype: intrinsics.objectPrototype, properties: properties)
    }

    /// An array with `Array.prototype` methods.
    public func makeArray(_ elements: [JSValue] = []) -> JSArray {
        JSArray(elements, prototype: intrinsics.arrayPrototype)
    }

    /// A function backed by a Swift closure.
    public func makeFunction(_ name: String, _ body: @escaping JSNativeFunction) -> JSFunction {
        JSFunction(name: name, prototype: intrinsics.functionPrototype, body)
    }

    /// An `Error`/`TypeError`/... object, optionally with node's `code`.
    public func makeError(_ kind: JSError.Kind = .error, _ message: String, code: String? = nil) -> JSError {
        let error = JSError(kind: kind, message: message, prototype: intrinsics.errorPrototype)
        if let code { error.properties["code"] = .string(code) }
        return error
    }

    /// A `Uint8Array` holding a copy of `bytes`.
    public func makeUint8Array(_ bytes: [UInt8]) -> JSTypedArray {
        JSUint8Array(bytes: bytes, intrinsics: intrinsics)
    }
}

extension JSObject {
    /// Defines a method (a non-enumerable-in-spirit function property) on this object.
    @discardableResult
    func method(_ name: String, _ body: @escaping JSNativeFunction) -> JSFunction {
        let function = JSFunction(name: name, body)
        properties[name] = .object(function)
        return function
    }
}

/// Argument access with JavaScript's "missing is undefined".
extension Array where Element == JSValue {
    @inline(__always)
    subscript(argument index: Int) -> JSValue { index < count ? self[index] : .undefined }
}

/// The Go instance (`this` in wasm_exec.js, predefined id 6): `_pendingEvent`, `_makeFuncWrapper`, `exited`.
final class GoInstanceObject: JSObject, @unchecked Sendable {
    /// Cleared by the runtime's `deinit`, so it acts as a weak reference; a real `weak` would give the runtime a
    /// side table and make every retain and release of it take the slow path on each host call.
    unowned(unsafe) var runtime: GoJSRuntime?
    private lazy var makeFuncWrapper = JSFunction(name: "_makeFuncWrapper") { [unowned self] (_, arguments) throws(JSException) -> JSValue in
        guard let runtime else { throw .error("Go program has already exited") }
        return .object(GoFunctionWrapper(id: arguments[argument: 0], runtime: runtime))
    }

    init() {
        super.init()
        properties["_pendingEvent"] = .null
        properties["exited"] = .bool(false)
    }

    override var className: String { "Go" }

    override func get(_ key: String) throws(JSException) -> JSValue {
        if key == "_makeFuncWrapper" { return .object(makeFuncWrapper) }
        return try super.get(key)
    }
}

/// A `js.Func` as JS sees it: calling it hands Go an event and resumes Go until it has produced the result.
final class GoFunctionWrapper: JSFunction, @unchecked Sendable {
    init(id: JSValue, runtime: GoJSRuntime) {
        super.init(name: "", prototype: runtime.intrinsics.functionPrototype) { [unowned runtime] (this, arguments) throws(JSException) -> JSValue in
            let event = JSObject(prototype: runtime.intrinsics.objectPrototype)
            event.properties["id"] = id
            event.properties["this"] = this
            event.properties["args"] = .object(runtime.makeArray(arguments))
            runtime.goInstance.properties["_pendingEvent"] = .object(event)
            try runtime.resumeGo()
            return event.properties["result"] ?? .undefined
        }
    }
}
