import CJavaScriptCore

/// A JavaScript object (functions, arrays, typed arrays, host objects included).
public final class JSObject: JSValue {
    var objectRef: JSObjectRef { ref }  // both are OpaquePointer in Swift

    /// `object[name]`; reading gives `undefined` when the getter throws, writing ignores a throwing setter.
    /// Use `get`/`set` to see the exception.
    public subscript(name: String) -> JSValue {
        get { (try? get(name)) ?? context.undefined }
        set { try? set(name, newValue) }
    }

    public func get(_ name: String) throws(JavaScriptError) -> JSValue {
        var exception: JSValueRef?
        let value = JSObjectGetProperty(context.ref, objectRef, context.name(name), &exception)
        try context.check(exception)
        return value.map { JSValue(context, $0) } ?? context.undefined
    }

    /// `object[name] = value`; with attributes, an own property is defined (as `Object.defineProperty`
    /// would), even where the prototype chain has one of that name.
    public func set(_ name: String, _ value: JSValue, attributes: JSPropertyFlags = []) throws(JavaScriptError) {
        var exception: JSValueRef?
        if !attributes.isEmpty, JSObjectHasProperty(context.ref, objectRef, context.name(name)) {
            // JSObjectSetProperty would assign through the inherited property and drop the attributes.
            let descriptor = context.object([
                "value": value, "writable": context.boolean(!attributes.contains(.readOnly)),
                "enumerable": context.boolean(!attributes.contains(.dontEnum)),
                "configurable": context.boolean(!attributes.contains(.dontDelete)),
            ])
            try context.global["Object"].object?.invoke("defineProperty", [self, context.string(name), descriptor])
            return
        }
        JSObjectSetProperty(
            context.ref, objectRef, context.name(name), value.ref, JSPropertyAttributes(attributes.rawValue), &exception
        )
        try context.check(exception)
    }

    /// `object[index]`.
    public subscript(index: Int) -> JSValue {
        get {
            let value = JSObjectGetPropertyAtIndex(context.ref, objectRef, UInt32(truncatingIfNeeded: index), nil)
            return value.map { JSValue(context, $0) } ?? context.undefined
        }
        set { JSObjectSetPropertyAtIndex(context.ref, objectRef, UInt32(truncatingIfNeeded: index), newValue.ref, nil) }
    }

    /// `name in object`.
    public func has(_ name: String) -> Bool { JSObjectHasProperty(context.ref, objectRef, context.name(name)) }

    /// The object's own enumerable property names (`Object.keys`).
    public var keys: [String] {
        let names = JSObjectCopyPropertyNames(context.ref, objectRef)
        defer { JSPropertyNameArrayRelease(names) }
        return (0..<JSPropertyNameArrayGetCount(names)).map { String(JSPropertyNameArrayGetNameAtIndex(names, $0)) }
    }

    /// The prototype (`Object.getPrototypeOf`).
    public var prototype: JSValue {
        get { JSValue(context, JSObjectGetPrototype(context.ref, objectRef)) }
        set { JSObjectSetPrototype(context.ref, objectRef, newValue.ref) }
    }

    /// Calls the object as a function.
    @discardableResult
    public func call(this: JSValue? = nil, _ arguments: [JSValue] = []) throws(JavaScriptError) -> JSValue {
        var exception: JSValueRef?
        let refs: [JSValueRef?] = arguments.map(\.ref)
        let thisObject = this.flatMap { JSValueToObject(context.ref, $0.ref, nil) }
        let result = refs.withUnsafeBufferPointer {
            JSObjectCallAsFunction(context.ref, objectRef, thisObject, refs.count, $0.baseAddress, &exception)
        }
        try context.check(exception)
        return result.map { JSValue(context, $0) } ?? context.undefined
    }

    /// Calls the object as a function with one number argument, discarding the result: the path Go's
    /// imports take on every call into the host, so it allocates nothing.
    public func callDiscardingResult(_ number: Double) throws(JavaScriptError) {
        var exception: JSValueRef?
        var argument: JSValueRef? = JSValueMakeNumber(context.ref, number)
        _ = JSObjectCallAsFunction(context.ref, objectRef, nil, 1, &argument, &exception)
        try context.check(exception)
    }

    /// Calls `object.name(arguments...)`.
    @discardableResult
    public func invoke(_ name: String, _ arguments: [JSValue] = []) throws(JavaScriptError) -> JSValue {
        guard let method = try get(name).object else {
            throw JavaScriptError(message: "TypeError: \(name) is not a function")
        }
        return try method.call(this: self, arguments)
    }

    /// `new object(arguments...)`.
    public func construct(_ arguments: [JSValue] = []) throws(JavaScriptError) -> JSObject {
        var exception: JSValueRef?
        let refs: [JSValueRef?] = arguments.map(\.ref)
        let result = refs.withUnsafeBufferPointer {
            JSObjectCallAsConstructor(context.ref, objectRef, refs.count, $0.baseAddress, &exception)
        }
        try context.check(exception)
        guard let result else { throw JavaScriptError(message: "TypeError: not a constructor") }
        return JSObject(context, result)
    }

    /// Defines `object.name` as a function whose body is a Swift closure (non-enumerable, like built-ins).
    public func defineMethod(_ name: String, _ body: @escaping JSFunctionBody) {
        try? set(name, context.function(name, body), attributes: .dontEnum)
    }

    // MARK: Typed arrays and ArrayBuffers

    /// The kind of typed array this is, or nil for other objects (`ArrayBuffer` included).
    public var typedArrayKind: JSTypedArrayKind? {
        JSTypedArrayKind(JSValueGetTypedArrayType(context.ref, ref, nil))
    }

    /// Whether this is an `ArrayBuffer`.
    public var isArrayBuffer: Bool {
        JSValueGetTypedArrayType(context.ref, ref, nil) == kJSTypedArrayTypeArrayBuffer
    }

    /// The bytes a typed array, `DataView` or `ArrayBuffer` views, or nil for other objects.
    /// The pointer is valid only during `body`: a script may detach or resize the buffer afterwards.
    public func withBytes<R>(_ body: (UnsafeMutableRawBufferPointer) throws -> R) rethrows -> R? {
        let kind = JSValueGetTypedArrayType(context.ref, ref, nil)
        if kind == kJSTypedArrayTypeArrayBuffer {
            let count = JSObjectGetArrayBufferByteLength(context.ref, objectRef, nil)
            let base = JSObjectGetArrayBufferBytesPtr(context.ref, objectRef, nil)
            return try body(UnsafeMutableRawBufferPointer(start: count > 0 ? base : nil, count: count))
        }
        if kind != kJSTypedArrayTypeNone {
            let count = JSObjectGetTypedArrayByteLength(context.ref, objectRef, nil)
            let base = JSObjectGetTypedArrayBytesPtr(context.ref, objectRef, nil)
            let offset = JSObjectGetTypedArrayByteOffset(context.ref, objectRef, nil)
            // GetTypedArrayBytesPtr already points at the view's first byte? No: it points at the buffer's
            // start for views made with an offset, so the offset is added here.
            return try body(
                UnsafeMutableRawBufferPointer(start: count > 0 ? base.map { $0 + offset } : nil, count: count))
        }
        // A DataView is no typed array for the C API: read it through its buffer, offset and length.
        if let dataView = context.global["DataView"].object, isInstance(of: dataView),
            let buffer = self["buffer"].object, buffer.isArrayBuffer
        {
            let offset = Int(self["byteOffset"].number)
            let count = Int(self["byteLength"].number)
            return try buffer.withBytes { whole -> R? in
                guard offset >= 0, count >= 0, offset + count <= whole.count else { return nil }
                return try body(UnsafeMutableRawBufferPointer(rebasing: whole[offset..<(offset + count)]))
            } ?? nil
        }
        return nil
    }
}

/// The element types of typed arrays.
public enum JSTypedArrayKind: Sendable {
    case int8, uint8, uint8Clamped, int16, uint16, int32, uint32, float32, float64, bigInt64, bigUint64

    init?(_ type: JSTypedArrayType) {
        switch type {
        case kJSTypedArrayTypeInt8Array: self = .int8
        case kJSTypedArrayTypeUint8Array: self = .uint8
        case kJSTypedArrayTypeUint8ClampedArray: self = .uint8Clamped
        case kJSTypedArrayTypeInt16Array: self = .int16
        case kJSTypedArrayTypeUint16Array: self = .uint16
        case kJSTypedArrayTypeInt32Array: self = .int32
        case kJSTypedArrayTypeUint32Array: self = .uint32
        case kJSTypedArrayTypeFloat32Array: self = .float32
        case kJSTypedArrayTypeFloat64Array: self = .float64
        case kJSTypedArrayTypeBigInt64Array: self = .bigInt64
        case kJSTypedArrayTypeBigUint64Array: self = .bigUint64
        default: return nil
        }
    }
}

/// Property attributes for `JSObject.set`.
public struct JSPropertyFlags: OptionSet, Sendable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    public static let readOnly = JSPropertyFlags(rawValue: UInt32(kJSPropertyAttributeReadOnly))
    public static let dontEnum = JSPropertyFlags(rawValue: UInt32(kJSPropertyAttributeDontEnum))
    public static let dontDelete = JSPropertyFlags(rawValue: UInt32(kJSPropertyAttributeDontDelete))
}

/// An exception thrown by JavaScript (or raised by a Swift function body to throw a specific value).
/// Unchecked Sendable (Error requires it): its `value` belongs to its context, used on that context's thread.
public struct JavaScriptError: Error, CustomStringConvertible, @unchecked Sendable {
    /// The thrown value, when it came from JavaScript.
    public let value: JSValue?
    /// `String(value)`: for an Error, "Name: message".
    public let message: String
    /// The `stack` property of a thrown Error, if any.
    public let stack: String?

    init(_ value: JSValue) {
        self.value = value
        message = value.string
        let stack = value.object?["stack"]
        self.stack = stack.flatMap { $0.isString ? $0.string : nil }
    }

    /// An error thrown as `value` from a Swift function body.
    public init(throwing value: JSValue) { self.init(value) }

    /// An error thrown as a plain `Error` with this message.
    public init(message: String) {
        value = nil
        self.message = message
        stack = nil
    }

    public var description: String { message }
}
