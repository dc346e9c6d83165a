/// A value thrown in the JavaScript world (usually a `JSError`). Host objects throw it; the runtime hands
/// it to Go as the `ok=false` result of `Call`/`Invoke`/`New`, so Go panics with a `js.Error`.
public struct JSException: Error, Sendable {
    public let value: JSValue
    public init(_ value: JSValue) { self.value = value }

    public static func typeError(_ message: String) -> JSException {
        JSException(.object(JSError(kind: .typeError, message: message)))
    }
    public static func error(_ message: String, code: String? = nil) -> JSException {
        let error = JSError(kind: .error, message: message)
        if let code { error.properties["code"] = .string(code) }
        return JSException(.object(error))
    }

    /// The message of the thrown value, for reports outside the JS world.
    public var message: String { value.stringValue }
}

/// A host object: the one protocol every property access from Go goes through.
///
/// The runtime never looks inside an object except through these methods, so a new kind of object (a DOM
/// node, a fetch Response) is a subclass that overrides what it needs:
///
/// ```swift
/// final class Element: JSObject {
///     var tagName: String
///     override func get(_ key: String) throws(JSException) -> JSValue {
///         switch key {
///         case "tagName": .string(tagName)
///         case "appendChild": .object(appendChildFunction)   // a JSFunction, `this` is the element
///         default: try super.get(key)                        // own properties, then the prototype
///         }
///     }
/// }
/// runtime.global.properties["document"] = .object(Document(...))
/// ```
///
/// The defaults behave like an ordinary JS object: own data properties (in insertion order) with a
/// prototype chain; unknown properties read as `undefined`; calling or constructing a non-function throws a
/// `TypeError`. Everything runs on the runtime's single thread; objects are not shared between runtimes.
open class JSObject: @unchecked Sendable {
    /// Own data properties in insertion order (what `Object.keys` and `JSON.stringify` see).
    public var properties: JSPropertyStorage
    /// The object `get` falls back to for properties not found here (methods of a class live there).
    public var prototype: JSObject?

    public init(prototype: JSObject? = nil, properties: KeyValuePairs<String, JSValue> = [:]) {
        self.prototype = prototype
        self.properties = JSPropertyStorage()
        for (key, value) in properties { self.properties[key] = value }
    }

    /// `Object.prototype.toString`'s tag and the name used in error messages.
    open var className: String { "Object" }

    // MARK: The protocol

    /// `obj[key]`: own property, else the prototype's, else `undefined`.
    open func get(_ key: String) throws(JSException) -> JSValue {
        if let value = properties[key] { return value }
        if let prototype { return try prototype.get(key) }
        return .undefined
    }

    /// `obj[key] = value`.
    open func set(_ key: String, _ value: JSValue) throws(JSException) {
        properties[key] = value
    }

    /// `delete obj[key]`; returns whether the property is gone.
    @discardableResult
    open func delete(_ key: String) throws(JSException) -> Bool {
        properties[key] = nil
        return true
    }

    /// `obj[index]`.
    open func getIndex(_ index: Int) throws(JSException) -> JSValue { try get(String(index)) }

    /// `obj[index] = value`.
    open func setIndex(_ index: Int, _ value: JSValue) throws(JSException) { try set(String(index), value) }

    /// `obj.length` as an integer (Go's `Value.Length`).
    open func length() throws(JSException) -> Int {
        let n = try get("length").numberValue
        return n.isFinite ? Int(n) : 0
    }

    /// The own enumerable keys (`Object.keys`).
    open func ownKeys() -> [String] { properties.keys }

    /// `typeof obj === "function"`.
    open var isCallable: Bool { false }

    /// `obj.call(this, ...arguments)`.
    open func call(this: JSValue, arguments: [JSValue]) throws(JSException) -> JSValue {
        throw .typeError("\(className) is not a function")
    }

    /// `new obj(...arguments)`.
    open func construct(arguments: [JSValue]) throws(JSException) -> JSValue {
        throw .typeError("\(className) is not a constructor")
    }

    /// `value instanceof obj` (this object is the right-hand side). By default: `obj.prototype` is on the
    /// value's prototype chain.
    open func hasInstance(_ value: JSValue) throws(JSException) -> Bool {
        guard isCallable else { throw .typeError("Right-hand side of 'instanceof' is not callable") }
        guard case .object(let object) = value, case .object(let target) = try get("prototype") else {
            return false
        }
        var current = object.prototype
        while let candidate = current {
            if candidate === target { return true }
            current = candidate.prototype
        }
        return false
    }

    /// The primitive inside a wrapper (`Date`'s time value); `nil` for ordinary objects.
    open var primitiveValue: JSValue? { nil }

    /// `String(obj)`.
    open func toJSString() -> String { "[object \(className)]" }
}

/// Own properties of a `JSObject`: a dictionary that remembers insertion order.
public struct JSPropertyStorage: Sendable {
    private var values: [String: JSValue] = [:]
    public private(set) var keys: [String] = []

    public init() {}

    public subscript(key: String) -> JSValue? {
        get { values[key] }
        set {
            if let newValue {
                if values.updateValue(newValue, forKey: key) == nil { keys.append(key) }
            } else if values.removeValue(forKey: key) != nil {
                keys.removeAll { $0 == key }
            }
        }
    }

    public var count: Int { keys.count }
}

/// A function implemented in Swift: `this` and the arguments in, a value out, or a thrown `JSException`.
public typealias JSNativeFunction = (_ this: JSValue, _ arguments: [JSValue]) throws(JSException) -> JSValue

/// A callable host object. Give it a `constructor` body to make `new F(...)` work too.
open class JSFunction: JSObject, @unchecked Sendable {
    public let name: String
    private let body: JSNativeFunction
    private let constructorBody: ((_ arguments: [JSValue]) throws(JSException) -> JSValue)?

    public init(
        name: String, prototype: JSObject? = nil,
        constructor: ((_ arguments: [JSValue]) throws(JSException) -> JSValue)? = nil,
        _ body: @escaping JSNativeFunction
    ) {
        self.name = name
        self.body = body
        self.constructorBody = constructor
        super.init(prototype: prototype)
    }

    open override var className: String { "Function" }
    open override var isCallable: Bool { true }

    open override func get(_ key: String) throws(JSException) -> JSValue {
        if key == "name", properties["name"] == nil { return .string(name) }
        return try super.get(key)
    }

    open override func call(this: JSValue, arguments: [JSValue]) throws(JSException) -> JSValue {
        try body(this, arguments)
    }

    open override func construct(arguments: [JSValue]) throws(JSException) -> JSValue {
        guard let constructorBody else { throw .typeError("\(name) is not a constructor") }
        return try constructorBody(arguments)
    }

    open override func toJSString() -> String { "function \(name)() { [native code] }" }
}

/// A JavaScript array: dense elements plus ordinary properties.
open class JSArray: JSObject, @unchecked Sendable {
    public var elements: [JSValue]

    public init(_ elements: [JSValue] = [], prototype: JSObject? = nil) {
        self.elements = elements
        super.init(prototype: prototype)
    }

    open override var className: String { "Array" }

    open override func get(_ key: String) throws(JSException) -> JSValue {
        if key == "length" { return .number(Double(elements.count)) }
        if let index = Self.arrayIndex(key) { return try getIndex(index) }
        return try super.get(key)
    }

    /// The index a key names ("0", "17"), or nil; method names ("push") are rejected without parsing.
    @inline(__always)
    static func arrayIndex(_ key: String) -> Int? {
        guard let first = key.utf8.first, first >= UInt8(ascii: "0"), first <= UInt8(ascii: "9") else { return nil }
        return Int(key)
    }

    open override func set(_ key: String, _ value: JSValue) throws(JSException) {
        if key == "length" {
            let n = value.numberValue
            guard n >= 0, n == n.rounded(), n < 4_294_967_296 else { throw .typeError("Invalid array length") }
            resize(to: Int(n))
        } else if let index = Self.arrayIndex(key) {
            try setIndex(index, value)
        } else {
            try super.set(key, value)
        }
    }

    open override func getIndex(_ index: Int) throws(JSException) -> JSValue {
        index >= 0 && index < elements.count ? elements[index] : .undefined
    }

    open override func setIndex(_ index: Int, _ value: JSValue) throws(JSException) {
        guard index >= 0 else { return try super.set(String(index), value) }
        if index >= elements.count { resize(to: index + 1) }
        elements[index] = value
    }

    open override func length() throws(JSException) -> Int { elements.count }

    open override func ownKeys() -> [String] { elements.indices.map(String.init) + properties.keys }

    private func resize(to count: Int) {
        if count < elements.count {
            elements.removeLast(elements.count - count)
        } else {
            elements.append(contentsOf: repeatElement(.undefined, count: count - elements.count))
        }
    }

    open override func toJSString() -> String {
        elements.map { $0.isNullish ? "" : $0.stringValue }.joined(separator: ",")
    }
}

/// An `Error` (or one of its subclasses): `name`, `message`, optionally `code` (node's errno name).
open class JSError: JSObject, @unchecked Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        case error = "Error", typeError = "TypeError", rangeError = "RangeError", syntaxError = "SyntaxError"
        case referenceError = "ReferenceError"
    }
    public let kind: Kind

    public init(kind: Kind, message: String, prototype: JSObject? = nil) {
        self.kind = kind
        super.init(prototype: prototype)
        properties["message"] = .string(message)
    }

    open override var className: String { "Error" }

    open override func get(_ key: String) throws(JSException) -> JSValue {
        if key == "name", properties["name"] == nil { return .string(kind.rawValue) }
        if key == "stack", properties["stack"] == nil { return .string(toJSString()) }
        return try super.get(key)
    }

    open override func ownKeys() -> [String] { properties.keys.filter { $0 != "message" } }

    open override func toJSString() -> String {
        let name = (try? get("name").stringValue) ?? kind.rawValue
        let message = (try? get("message").stringValue) ?? ""
        return message.isEmpty ? name : "\(name): \(message)"
    }
}
