import CJavaScriptCore

/// A JavaScript value, kept alive (protected from garbage collection) while this object lives.
public class JSValue: CustomStringConvertible {
    public let context: JSContext
    let ref: JSValueRef

    /// Whether this object holds a protection (numbers, booleans, undefined and null are no GC cells and
    /// need none: making them skips two locked calls into JavaScriptCore, which hot callbacks feel).
    private var isProtected: Bool

    init(_ context: JSContext, _ ref: JSValueRef, protect: Bool = true) {
        self.context = context
        self.ref = ref
        isProtected = protect
        if protect { JSValueProtect(context.ref, ref) }
    }

    deinit { if isProtected { JSValueUnprotect(context.ref, ref) } }

    /// Protects a value made unprotected because a callback's frame keeps it alive, once the callback is
    /// over, if the value outlives it (the body kept or returned it); the common case never protects.
    static func protectIfEscaped<Value: JSValue>(_ value: inout Value) {
        guard !value.isProtected, !isKnownUniquelyReferenced(&value) else { return }
        JSValueProtect(value.context.ref, value.ref)
        value.isProtected = true
    }

    public var isUndefined: Bool { JSValueIsUndefined(context.ref, ref) }
    public var isNull: Bool { JSValueIsNull(context.ref, ref) }
    /// `undefined` or `null`.
    public var isNullish: Bool { isUndefined || isNull }
    public var isNumber: Bool { JSValueIsNumber(context.ref, ref) }
    public var isString: Bool { JSValueIsString(context.ref, ref) }
    public var isBoolean: Bool { JSValueIsBoolean(context.ref, ref) }
    public var isObject: Bool { JSValueIsObject(context.ref, ref) }
    public var isFunction: Bool {
        guard let object = JSValueToObject(context.ref, ref, nil) else { return false }
        return JSObjectIsFunction(context.ref, object)
    }

    /// `ToNumber` (NaN when conversion throws).
    public var number: Double { JSValueToNumber(context.ref, ref, nil) }
    /// `ToBoolean`.
    public var boolean: Bool { JSValueToBoolean(context.ref, ref) }
    /// `ToString` (an exception during conversion gives "").
    public var string: String {
        guard let string = JSValueToStringCopy(context.ref, ref, nil) else { return "" }
        defer { JSStringRelease(string) }
        return String(string)
    }

    /// The value as an object, when it is one.
    public var object: JSObject? {
        if let object = self as? JSObject { return object }
        guard JSValueIsObject(context.ref, ref), let object = JSValueToObject(context.ref, ref, nil) else { return nil }
        return JSObject(context, object)
    }

    /// `typeof value`.
    public var typeOf: String {
        switch JSValueGetType(context.ref, ref) {
        case kJSTypeUndefined: "undefined"
        case kJSTypeNull: "object"
        case kJSTypeBoolean: "boolean"
        case kJSTypeNumber: "number"
        case kJSTypeString: "string"
        case kJSTypeSymbol: "symbol"
        case kJSTypeBigInt: "bigint"
        default: isFunction ? "function" : "object"
        }
    }

    /// `value instanceof constructor`.
    public func isInstance(of constructor: JSObject) -> Bool {
        JSValueIsInstanceOfConstructor(context.ref, ref, constructor.objectRef, nil)
    }

    /// `a === b`.
    public func strictlyEquals(_ other: JSValue) -> Bool { JSValueIsStrictEqual(context.ref, ref, other.ref) }

    /// `JSON.stringify(value)`, or nil when the value has no JSON form.
    public func json() throws(JavaScriptError) -> String? {
        var exception: JSValueRef?
        let string = JSValueCreateJSONString(context.ref, ref, 0, &exception)
        try context.check(exception)
        guard let string else { return nil }
        defer { JSStringRelease(string) }
        return String(string)
    }

    public var description: String { string }
}

extension String {
    init(_ string: JSStringRef) {
        let count = JSStringGetLength(string)
        guard count > 0, let characters = JSStringGetCharactersPtr(string) else {
            self = ""
            return
        }
        self = String(decoding: UnsafeBufferPointer(start: characters, count: count), as: UTF16.self)
    }
}
