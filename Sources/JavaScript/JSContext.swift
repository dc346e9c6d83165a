import CJavaScriptCore

/// One JavaScriptCore global context: every ECMAScript built-in (String, RegExp, Map, Intl, Promise,
/// WebAssembly…) is the engine's. This module is the only one that touches JavaScriptCore's C API.
///
/// ```swift
/// let js = JSContext()
/// js.global["hostAdd"] = js.function("hostAdd") { js, this, args in js.number(args[0].number + args[1].number) }
/// let three = try js.evaluate("hostAdd(1, 2)", sourceURL: "demo.js").number
/// ```
///
/// A context is used from the thread that created it (JavaScriptCore locks, but our callbacks and the GLib
/// main context are per thread). Values handed out keep their JavaScript value alive until released.
public final class JSContext {
    let ref: JSGlobalContextRef
    /// Interned property names (JSStringRef) for hot paths: `object["name"]` creates none after the first.
    private var names: [String: JSStringRef] = [:]
    var cachedFunctionPrototype: JSObject?
    /// The function `presentAsPlatform` calls (PlatformFunctions.swift), made on first use.
    var cachedPlatformPresenter: JSObject?
    /// Runs after each Swift function a script called returns or throws: the DOM's custom element
    /// reactions ([CEReactions]) run there, once the operation is complete. Nil unless a page sets it.
    public var afterHostCall: (() -> Void)?

    public init() {
        EngineTuning.applied
        ref = JSGlobalContextCreate(nil)
    }

    /// A new global context in `other`'s context group (one virtual machine): objects pass between the
    /// two as between a page and its iframe's window, each realm with its own built-ins.
    public init(sharingGroupWith other: JSContext) {
        EngineTuning.applied
        ref = JSGlobalContextCreateInGroup(JSContextGetGroup(other.ref), nil)
    }

    deinit {
        cachedFunctionPrototype = nil  // unprotect before the context goes
        cachedPlatformPresenter = nil
        for name in names.values { JSStringRelease(name) }
        JSGlobalContextRelease(ref)
    }

    /// `globalThis`.
    public var global: JSObject { JSObject(self, JSContextGetGlobalObject(ref)) }

    /// Evaluates a classic script. `sourceURL` names it in stack traces and error reports.
    @discardableResult
    public func evaluate(_ source: String, sourceURL: String? = nil) throws(JavaScriptError) -> JSValue {
        let script = makeJSString(source)
        defer { JSStringRelease(script) }
        let url = sourceURL.map { makeJSString($0) }
        defer { url.map(JSStringRelease) }
        var exception: JSValueRef?
        let result = JSEvaluateScript(ref, script, nil, url, 1, &exception)
        try check(exception)
        return result.map { JSValue(self, $0) } ?? undefined
    }

    /// Whether `source` parses as a script (without running it).
    public func checkSyntax(_ source: String, sourceURL: String? = nil) throws(JavaScriptError) {
        let script = makeJSString(source)
        defer { JSStringRelease(script) }
        let url = sourceURL.map { makeJSString($0) }
        defer { url.map(JSStringRelease) }
        var exception: JSValueRef?
        _ = JSCheckScriptSyntax(ref, script, url, 1, &exception)
        try check(exception)
    }

    /// Calls `handler` with the reason of each promise rejected with no handler attached, once the microtask
    /// queue has drained (what a browser reports as `unhandledrejection`). One handler per context.
    public func onUnhandledRejection(_ handler: @escaping (JSValue) -> Void) throws(JavaScriptError) {
        let callback = function("unhandledRejection") { js, _, args in
            handler(args[1])
            return js.undefined
        }
        var exception: JSValueRef?
        JSGlobalContextSetUnhandledRejectionCallback(ref, callback.objectRef, &exception)
        try check(exception)
    }

    /// Runs a garbage collection (tests, and after a run to release host payloads).
    public func collectGarbage() { JSGarbageCollect(ref) }

    // MARK: Making values

    public var undefined: JSValue { JSValue(self, JSValueMakeUndefined(ref), protect: false) }
    public var null: JSValue { JSValue(self, JSValueMakeNull(ref), protect: false) }
    public func number(_ value: Double) -> JSValue { JSValue(self, JSValueMakeNumber(ref, value), protect: false) }
    public func number(_ value: Int) -> JSValue { number(Double(value)) }
    public func boolean(_ value: Bool) -> JSValue { JSValue(self, JSValueMakeBoolean(ref, value), protect: false) }
    public func string(_ value: String) -> JSValue {
        let string = makeJSString(value)
        defer { JSStringRelease(string) }
        return JSValue(self, JSValueMakeString(ref, string))
    }

    /// A plain object (`{}`), optionally with properties.
    public func object(_ properties: KeyValuePairs<String, JSValue> = [:]) -> JSObject {
        let object = JSObject(self, JSObjectMake(ref, nil, nil))
        for (name, value) in properties { object[name] = value }
        return object
    }

    /// An array of the given values.
    public func array(_ elements: [JSValue]) -> JSObject {
        let refs: [JSValueRef?] = elements.map(\.ref)
        var exception: JSValueRef?
        let array = refs.withUnsafeBufferPointer { JSObjectMakeArray(ref, refs.count, $0.baseAddress, &exception) }
        // Only fails when out of memory; an empty array keeps the caller going.
        return JSObject(self, array ?? JSObjectMakeArray(ref, 0, nil, nil))
    }

    /// `new Error(message)` (or `TypeError`, `RangeError`…), with optional extra properties such as `code`.
    public func error(_ message: String, name: String = "Error", properties: KeyValuePairs<String, JSValue> = [:])
        -> JSObject
    {
        let constructor = global[name].object ?? global["Error"].object
        let error = (try? constructor?.construct([string(message)])) ?? object()
        for (key, value) in properties { error[key] = value }
        return error
    }

    /// A function whose body is a Swift closure. A thrown `JavaScriptError` is thrown as its value, any
    /// other error as an `Error` whose message is the error's description.
    public func function(_ name: String = "", _ body: @escaping JSFunctionBody) -> JSObject {
        JSObject(self, SwiftFunction.make(in: self, name: name, body: body))
    }

    /// A function returning a number computed in Swift, for the hottest callbacks: unlike `function`, a
    /// call allocates no Swift object (no `this`, no arguments, no result wrapper). The wasm interpreter's
    /// global readers (Go's `getsp`, called after most `js.Value` calls) are one.
    public func numberFunction(_ name: String = "", _ body: @escaping () -> Double) -> JSObject {
        JSObject(self, SwiftFunction.makeNumberFunction(in: self, name: name, body: body))
    }

    /// An `ArrayBuffer` over bytes the caller owns (no copy). `owner` is retained until JavaScript has
    /// collected the buffer, so keep the bytes alive (and unmoved) as long as `owner` lives.
    public func arrayBuffer(noCopy bytes: UnsafeMutableRawPointer, count: Int, owner: AnyObject) throws(JavaScriptError)
        -> JSObject
    {
        let keeper = Unmanaged.passRetained(owner).toOpaque()
        var exception: JSValueRef?
        let buffer = JSObjectMakeArrayBufferWithBytesNoCopy(
            ref, bytes, count, { _, context in context.map { Unmanaged<AnyObject>.fromOpaque($0).release() } }, keeper,
            &exception)
        try check(exception)
        guard let buffer else { throw JavaScriptError(message: "cannot make an ArrayBuffer") }
        return JSObject(self, buffer)
    }

    /// A `Uint8Array` holding a copy of `bytes`.
    public func uint8Array(copying bytes: UnsafeRawBufferPointer) throws(JavaScriptError) -> JSObject {
        var exception: JSValueRef?
        let array = JSObjectMakeTypedArray(ref, kJSTypedArrayTypeUint8Array, bytes.count, &exception)
        try check(exception)
        guard let array else { throw JavaScriptError(message: "cannot make a Uint8Array") }
        if bytes.count > 0, let target = JSObjectGetTypedArrayBytesPtr(ref, array, nil), let source = bytes.baseAddress
        {
            target.copyMemory(from: source, byteCount: bytes.count)
        }
        return JSObject(self, array)
    }

    public func uint8Array<Bytes: Collection>(copying bytes: Bytes) throws(JavaScriptError) -> JSObject
    where Bytes.Element == UInt8 {
        let array = Array(bytes)
        do {
            return try array.withUnsafeBytes { raw in try uint8Array(copying: raw) }
        } catch let error as JavaScriptError {
            throw error
        } catch {
            throw JavaScriptError(message: "\(error)")
        }
    }

    // MARK: Internals

    func name(_ text: String) -> JSStringRef {
        if let interned = names[text] { return interned }
        let string = makeJSString(text)
        names[text] = string
        return string
    }

    /// Turns a pending exception into a Swift error.
    @inline(__always)
    func check(_ exception: JSValueRef?) throws(JavaScriptError) {
        if let exception { throw JavaScriptError(JSValue(self, exception)) }
    }
}

/// The body of a function made from Swift: the context, `this`, the arguments.
public typealias JSFunctionBody = (_ context: JSContext, _ this: JSValue, _ arguments: JSArguments) throws -> JSValue

/// The arguments of a call; reading past the end gives `undefined`, as in JavaScript.
public struct JSArguments: RandomAccessCollection {
    let context: JSContext
    let refs: UnsafeBufferPointer<JSValueRef?>

    public var startIndex: Int { 0 }
    public var endIndex: Int { refs.count }
    public subscript(position: Int) -> JSValue {
        guard position >= 0, position < refs.count, let ref = refs[position] else { return context.undefined }
        return JSValue(context, ref)
    }
}

/// Functions made from Swift closures: a JSClass whose private data is the closure. Constructors are a
/// second class whose `new` calls the closure too (with `this` undefined; the body returns the object).
enum SwiftFunction {
    final class Box {
        let body: JSFunctionBody
        /// The context the function was made in (the callee's, which a callback's JSContextRef names):
        /// held here rather than looked up per call. Unowned: no script runs once the context is gone.
        unowned(unsafe) let context: JSContext
        init(_ body: @escaping JSFunctionBody, in context: JSContext) {
            self.body = body
            self.context = context
        }
    }

    static func invoke(
        _ ctx: JSContextRef?, _ function: JSObjectRef?, _ this: JSObjectRef?, _ count: Int,
        _ arguments: UnsafePointer<JSValueRef?>?, _ exception: UnsafeMutablePointer<JSValueRef?>?
    ) -> JSValueRef? {
        guard let function, let data = JSObjectGetPrivate(function) else { return JSValueMakeUndefined(ctx) }
        let box = Unmanaged<Box>.fromOpaque(data).takeUnretainedValue()
        let context = box.context
        let args = JSArguments(context: context, refs: UnsafeBufferPointer(start: arguments, count: count))
        // `this` is the frame's until the body returns: it is protected only if the body keeps it.
        guard let this else { return call(box, context, context.undefined, args, exception) }
        var thisObject = JSObject(context, this, protect: false)
        defer { JSValue.protectIfEscaped(&thisObject) }
        return call(box, context, thisObject, args, exception)
    }

    private static func call(
        _ box: Box, _ context: JSContext, _ this: JSValue, _ args: JSArguments,
        _ exception: UnsafeMutablePointer<JSValueRef?>?
    ) -> JSValueRef? {
        do {
            let result = try box.body(context, this, args)
            // The result stays protected (held here) while the reactions run.
            if let after = context.afterHostCall { after() }
            return result.ref
        } catch {
            if let after = context.afterHostCall { after() }
            exception?.pointee = context.thrownValue(for: error).ref
            return nil
        }
    }

    nonisolated(unsafe) static let functionClass = makeClass(constructible: false)
    nonisolated(unsafe) static let constructorClass = makeClass(constructible: true)

    private static func makeClass(constructible: Bool) -> JSClassRef {
        var definition = kJSClassDefinitionEmpty
        definition.className = UnsafePointer(strdup("Function"))
        definition.finalize = { object in
            if let data = JSObjectGetPrivate(object) { Unmanaged<Box>.fromOpaque(data).release() }
        }
        definition.callAsFunction = { ctx, function, this, count, arguments, exception in
            SwiftFunction.invoke(ctx, function, this, count, arguments, exception)
        }
        guard constructible else { return JSClassCreate(&definition) }
        definition.callAsConstructor = { ctx, constructor, count, arguments, exception in
            let result = SwiftFunction.invoke(ctx, constructor, nil, count, arguments, exception)
            guard let result, JSValueIsObject(ctx, result) else { return nil }
            return JSValueToObject(ctx, result, nil)
        }
        definition.hasInstance = { ctx, constructor, instance, exception in
            // `x instanceof C`: C.prototype on x's prototype chain, as for ordinary functions.
            guard let ctx, let constructor, let instance, JSValueIsObject(ctx, instance) else { return false }
            let key = JSStringCreateWithUTF8CString("prototype")
            defer { JSStringRelease(key) }
            let prototype = JSObjectGetProperty(ctx, constructor, key, nil)
            var current = JSObjectGetPrototype(ctx, JSValueToObject(ctx, instance, nil))
            while let link = current, JSValueIsObject(ctx, link) {
                if JSValueIsStrictEqual(ctx, link, prototype) { return true }
                current = JSObjectGetPrototype(ctx, JSValueToObject(ctx, link, nil))
            }
            return false
        }
        return JSClassCreate(&definition)
    }

    static func make(in context: JSContext, name: String, constructor: Bool = false, body: @escaping JSFunctionBody)
        -> JSObjectRef
    {
        let data = Unmanaged.passRetained(Box(body, in: context)).toOpaque()
        return named(
            JSObjectMake(context.ref, constructor ? constructorClass : functionClass, data)!, name, in: context)
    }

    final class NumberBox {
        let body: () -> Double
        init(_ body: @escaping () -> Double) { self.body = body }
    }

    nonisolated(unsafe) static let numberFunctionClass: JSClassRef = {
        var definition = kJSClassDefinitionEmpty
        definition.className = UnsafePointer(strdup("Function"))
        definition.finalize = { object in
            if let data = JSObjectGetPrivate(object) { Unmanaged<NumberBox>.fromOpaque(data).release() }
        }
        definition.callAsFunction = { ctx, function, _, _, _, _ in
            guard let function, let data = JSObjectGetPrivate(function) else { return JSValueMakeUndefined(ctx) }
            return JSValueMakeNumber(ctx, Unmanaged<NumberBox>.fromOpaque(data).takeUnretainedValue().body())
        }
        return JSClassCreate(&definition)
    }()

    static func makeNumberFunction(in context: JSContext, name: String, body: @escaping () -> Double) -> JSObjectRef {
        let data = Unmanaged.passRetained(NumberBox(body)).toOpaque()
        return named(JSObjectMake(context.ref, numberFunctionClass, data)!, name, in: context)
    }

    private static func named(_ object: JSObjectRef, _ name: String, in context: JSContext) -> JSObjectRef {
        // A real function as far as scripts can tell: a name, and Function.prototype (call, apply, bind).
        // The name first: Function.prototype's own read-only `name` would block defining it afterwards.
        if !name.isEmpty {
            JSObjectSetProperty(
                context.ref, object, context.name("name"), JSValueMakeString(context.ref, context.name(name)),
                JSPropertyAttributes(kJSPropertyAttributeReadOnly | kJSPropertyAttributeDontEnum), nil)
        }
        if let prototype = context.functionPrototype { JSObjectSetPrototype(context.ref, object, prototype) }
        return object
    }
}

extension JSContext {
    /// `Function.prototype`, looked up once.
    var functionPrototype: JSValueRef? {
        if let cached = cachedFunctionPrototype { return cached.ref }
        guard let prototype = global["Function"].object?["prototype"].object else { return nil }
        cachedFunctionPrototype = prototype
        return prototype.ref
    }

    /// The JavaScript value a Swift error is thrown as.
    func thrownValue(for error: Error) -> JSValue {
        if let error = error as? JavaScriptError { return error.value ?? string(error.message) }
        if let error = error as? JSThrowable { return error.javaScriptValue(in: self) }
        return self.error(String(describing: error))
    }
}

/// An error a Swift function body can throw to raise a specific JavaScript value.
public protocol JSThrowable: Error {
    func javaScriptValue(in context: JSContext) -> JSValue
}

/// A JSStringRef with the string's UTF-16 code units (NUL characters included); the caller releases it.
func makeJSString(_ text: String) -> JSStringRef {
    let units = Array(text.utf16)
    return units.withUnsafeBufferPointer { JSStringCreateWithCharacters($0.baseAddress, units.count) }
}
