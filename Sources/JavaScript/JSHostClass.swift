import CJavaScriptCore

/// A class of host objects defined once: a constructor, a prototype holding the methods, and instances
/// carrying a Swift payload. `instanceof`, `Object.keys` and property enumeration behave as for classes
/// written in JavaScript.
///
/// ```swift
/// let encoder = JSHostClass(in: js, name: "TextEncoder") { js, _, _ in encoderClass.instance(payload: Encoder()) }
/// encoder.defineMethod("encode") { js, this, args in ... this.object?.payload(as: Encoder.self) ... }
/// js.global["TextEncoder"] = encoder.constructor
/// ```
public final class JSHostClass {
    public let name: String
    /// The constructor function (`new Name(...)` calls the body given at creation).
    public let constructor: JSObject
    /// `Name.prototype`: methods defined here are shared by every instance.
    public let prototype: JSObject

    /// `construct` runs for `new Name(...)` and for `Name(...)`; it returns the new object, usually
    /// `instance(payload:)`. Without it, `new Name()` throws a TypeError ("Illegal constructor").
    public init(in context: JSContext, name: String, construct: JSFunctionBody? = nil) {
        self.name = name
        let body: JSFunctionBody =
            construct ?? { js, _, _ in
                throw JavaScriptError(throwing: js.error("Illegal constructor", name: "TypeError"))
            }
        constructor = JSObject(context, SwiftFunction.make(in: context, name: name, constructor: true, body: body))
        prototype = context.object()
        try? constructor.set("prototype", prototype, attributes: [.dontEnum, .dontDelete])
        try? prototype.set("constructor", constructor, attributes: .dontEnum)
        if let tag = context.global["Symbol"].object?["toStringTag"] {
            _ = try? context.global["Reflect"].object?.invoke(
                "defineProperty", [prototype, tag, context.object(["value": context.string(name)])])
        }
    }

    /// Defines `Name.prototype.name` as a Swift function.
    public func defineMethod(_ name: String, _ body: @escaping JSFunctionBody) { prototype.defineMethod(name, body) }

    /// Defines an accessor `Name.prototype.name` (getter, optional setter).
    public func defineProperty(_ name: String, get: @escaping JSFunctionBody, set: JSFunctionBody? = nil) {
        let js = prototype.context
        let descriptor = js.object(["get": js.function("get " + name, get), "configurable": js.boolean(true)])
        if let set { descriptor["set"] = js.function("set " + name, set) }
        _ = try? js.global["Object"].object?.invoke("defineProperty", [prototype, js.string(name), descriptor])
    }

    /// A new instance carrying `payload` (retained until the object is collected).
    public func instance(payload: AnyObject) -> JSObject {
        let data = Unmanaged.passRetained(HostPayload(payload)).toOpaque()
        let object = JSObject(prototype.context, JSObjectMake(prototype.context.ref, instanceClass, data))
        object.prototype = prototype
        return object
    }

    /// The JSClass of the instances: JavaScriptCore takes an API object's `Symbol.toStringTag` from its
    /// class name (`Object.prototype.toString.call(x)` is "[object Name]"), so each host class has its own.
    private lazy var instanceClass: JSClassRef = {
        var definition = kJSClassDefinitionEmpty
        definition.className = UnsafePointer(strdup(name))  // lives as long as the class: never freed
        definition.finalize = { object in
            if let data = JSObjectGetPrivate(object) { Unmanaged<HostPayload>.fromOpaque(data).release() }
        }
        return JSClassCreate(&definition)
    }()
}

/// What a host object's private data points to (functions made from closures hold a different box).
final class HostPayload {
    let value: AnyObject
    init(_ value: AnyObject) { self.value = value }
}

extension JSObject {
    /// The payload of a host object made by `JSHostClass.instance(payload:)`, if it is one of type `T`.
    public func payload<T: AnyObject>(as type: T.Type) -> T? {
        // Only objects of our JSClasses have private data, and each is a Swift object.
        guard let data = JSObjectGetPrivate(objectRef) else { return nil }
        return (Unmanaged<AnyObject>.fromOpaque(data).takeUnretainedValue() as? HostPayload)?.value as? T
    }
}
