/// Makes a host's platform functions look like a browser's built-ins, as WebIDL defines them (a page, a
/// framework or a test may look): `name` is the member's name (`queueMicrotask.name`), `length` is own,
/// `Function.prototype.toString` gives `function name() { [native code] }` (Chromium's and Firefox's form),
/// and the property attributes are WebIDL's: operations and attributes on an interface's prototype and
/// its static operations are enumerable; operations on the global object (Window is [Global]) are
/// enumerable; interface objects are not. Functions defined in JavaScript (web.js, dom.js) and in Swift get
/// the same treatment. Only the functions presented are affected: the page's own functions print their
/// source, JavaScriptCore's built-ins print as JavaScriptCore prints them.
extension JSContext {
    /// The global object's own property names (to tell what a platform added, by difference).
    public func globalPropertyNames() -> Set<String> {
        let names = (try? evaluate("Object.getOwnPropertyNames(globalThis)", sourceURL: "gowasm-serve:platform.js"))?
            .object
        let count = Int(exactly: names?["length"].number ?? 0) ?? 0
        return Set((0..<count).compactMap { index in names?[index].string })
    }

    /// Presents the globals `names` (installed by the platform) and their members as built-ins.
    public func presentAsPlatform(globals names: Set<String>) throws(JavaScriptError) {
        let present = try platformPresenter()
        _ = try present.call([array(names.sorted().map { string($0) })])
    }

    private func platformPresenter() throws(JavaScriptError) -> JSObject {
        if let cached = cachedPlatformPresenter { return cached }
        guard let presenter = try evaluate(Self.presenterSource, sourceURL: "gowasm-serve:platform.js").object else {
            throw JavaScriptError(message: "the platform presenter did not evaluate to a function")
        }
        cachedPlatformPresenter = presenter
        return presenter
    }

    static let presenterSource = #"""
        (() => {
          "use strict";
          const natives = new WeakSet();
          const sourceText = Function.prototype.toString;
          const toString = { toString() {
            if (natives.has(this)) return "function " + (typeof this.name === "string" ? this.name : "") + "() { [native code] }";
            return Reflect.apply(sourceText, this, []);
          } }.toString;
          natives.add(toString);
          Object.defineProperty(Function.prototype, "toString", { value: toString, writable: true, enumerable: false, configurable: true });
          const own = (fn, key, value) => {
            const current = Object.getOwnPropertyDescriptor(fn, key);
            if (current && !current.configurable) return;
            Object.defineProperty(fn, key, { value, writable: false, enumerable: false, configurable: true });
          };
          const mark = (fn, name) => {
            if (typeof fn !== "function" || natives.has(fn)) return;
            natives.add(fn);
            if (name !== undefined) own(fn, "name", name);
            own(fn, "length", typeof fn.length === "number" ? fn.length : 0);
          };
          const keyName = (key) => typeof key === "symbol" ? "[" + (key.description || "").replace(/^Symbol\./, "") + "]" : key;
          // An interface's prototype, its constructor (static members) or a namespace: every operation and
          // attribute presented; `enumerable` as WebIDL has it for string-named members.
          const members = (object, skip, enumerable) => {
            for (const key of Reflect.ownKeys(object)) {
              if (skip.includes(key)) continue;
              const descriptor = Object.getOwnPropertyDescriptor(object, key);
              const isOperation = "value" in descriptor && typeof descriptor.value === "function";
              const isAttribute = descriptor.get !== undefined || descriptor.set !== undefined;
              if (!isOperation && !isAttribute) continue;
              const name = keyName(key);
              if (isOperation) mark(descriptor.value, typeof key === "symbol" ? undefined : name);
              if (descriptor.get) mark(descriptor.get, "get " + name);
              if (descriptor.set) mark(descriptor.set, "set " + name);
              if (enumerable && typeof key === "string" && descriptor.configurable && !descriptor.enumerable) {
                Object.defineProperty(object, key, { enumerable: true });
              }
            }
          };
          return (names) => {
            for (const name of names) {
              const descriptor = Object.getOwnPropertyDescriptor(globalThis, name);
              if (!descriptor || !("value" in descriptor)) continue;
              const value = descriptor.value;
              if (typeof value === "function") {
                mark(value, name);
                const prototype = value.prototype;
                const isInterface = /^[A-Z]/.test(name) && prototype !== null && typeof prototype === "object";
                if (isInterface) {
                  members(prototype, ["constructor"], true);
                  members(value, ["length", "name", "prototype"], true);
                }
                // Interface objects are not enumerable; operations of the global object are.
                if (descriptor.configurable && descriptor.enumerable === isInterface) {
                  Object.defineProperty(globalThis, name, { enumerable: !isInterface });
                }
              } else if (value !== null && typeof value === "object" && value !== globalThis) {
                // A namespace (console, crypto, performance) or a platform object (location, navigator):
                // its own functions are presented; its attributes stay as they are.
                members(value, [], false);
              }
            }
          };
        })()
        """#
}
