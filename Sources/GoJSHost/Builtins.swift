import Foundation

/// The JavaScript world Go's standard library and ordinary programs touch, as Swift host objects.
extension GoJSRuntime {
    func installBuiltins() {
        let g = global
        g.properties["globalThis"] = .object(g)
        g.properties["NaN"] = .number(.nan)
        g.properties["Infinity"] = .number(.infinity)
        g.properties["undefined"] = .undefined
        g.method("isNaN") { _, args throws(JSException) in .bool(args[argument: 0].numberValue.isNaN) }
        g.method("parseFloat") { _, args throws(JSException) in
            let text = args[argument: 0].stringValue.trimmingJSWhitespace()
            let prefix = text.prefix { "0123456789+-.eE".contains($0) }
            return .number(Double(prefix) ?? (text.hasPrefix("Infinity") ? .infinity : .nan))
        }
        g.method("parseInt") { _, args throws(JSException) in
            let text = args[argument: 0].stringValue.trimmingJSWhitespace()
            let radix = args[argument: 1].isUndefined ? 10 : args[argument: 1].integerValue
            let sign = text.hasPrefix("-") ? -1.0 : 1.0
            let body = text.drop { $0 == "-" || $0 == "+" }
            let digits = body.prefix { Int(String($0), radix: max(2, min(radix, 36))) != nil }
            return .number(Int(digits, radix: max(2, min(radix, 36))).map { sign * Double($0) } ?? .nan)
        }
        installObjectAndArray()
        installErrors()
        installTypedArrays()
        installConsole()
        installTimers()
        installCryptoAndPerformance()
        installDateAndMath()
        installText()
        installSymbol()
        installJSON()
        installPromise()
        switch configuration.surface {
        case .node:
            installProcess()
            installFileSystem()
        case .browser:
            installBrowserPolyfills()
        }
        installPath()
    }

    /// A constructor function: `F.prototype` is `prototype`, `prototype.constructor` is `F`.
    @discardableResult
    func defineConstructor(
        _ name: String, prototype: JSObject, call: JSNativeFunction? = nil,
        construct: @escaping (_ arguments: [JSValue]) throws(JSException) -> JSValue
    ) -> JSFunction {
        let body: JSNativeFunction
        if let call {
            body = call
        } else {
            body = { (_: JSValue, _: [JSValue]) throws(JSException) -> JSValue in
                throw JSException.typeError("Class constructor \(name) cannot be invoked without 'new'")
            }
        }
        let function = JSFunction(name: name, prototype: intrinsics.functionPrototype, constructor: construct, body)
        function.properties["prototype"] = .object(prototype)
        prototype.properties["constructor"] = .object(function)
        global.properties[name] = .object(function)
        return function
    }

    private func installObjectAndArray() {
        let objectConstructor = ObjectConstructor(intrinsics: intrinsics)
        objectConstructor.properties["prototype"] = .object(intrinsics.objectPrototype)
        intrinsics.objectPrototype.properties["constructor"] = .object(objectConstructor)
        global.properties["Object"] = .object(objectConstructor)
        objectConstructor.method("keys") { [unowned self] _, args throws(JSException) in
            guard case .object(let o) = args[argument: 0] else { throw .typeError("Cannot convert undefined or null to object") }
            return .object(makeArray(o.ownKeys().map(JSValue.string)))
        }
        objectConstructor.method("assign") { _, args throws(JSException) in
            guard case .object(let target) = args[argument: 0] else { throw .typeError("Cannot convert undefined or null to object") }
            for source in args.dropFirst() {
                guard case .object(let s) = source else { continue }
                for key in s.ownKeys() { try target.set(key, try s.get(key)) }
            }
            return .object(target)
        }
        intrinsics.objectPrototype.method("hasOwnProperty") { this, args throws(JSException) in
            guard case .object(let o) = this else { return false }
            return .bool(o.ownKeys().contains(args[argument: 0].stringValue))
        }
        intrinsics.objectPrototype.method("toString") { this, _ throws(JSException) in
            .string(this.object.map { "[object \($0.className)]" } ?? "[object \(this.typeOf)]")
        }

        let arrayConstructor = defineConstructor("Array", prototype: intrinsics.arrayPrototype) {
            [unowned self] arguments throws(JSException) in
            if arguments.count == 1, case .number(let n) = arguments[0] {
                guard n >= 0, n == n.rounded(), n < 4_294_967_296 else { throw JSException(.object(makeError(.rangeError, "Invalid array length"))) }
                return .object(makeArray(Array(repeating: .undefined, count: Int(n))))
            }
            return .object(makeArray(arguments))
        }
        arrayConstructor.method("isArray") { _, args throws(JSException) in .bool(args[argument: 0].object is JSArray) }
        arrayConstructor.method("of") { [unowned self] _, args throws(JSException) in .object(makeArray(args)) }
        arrayConstructor.method("from") { [unowned self] _, args throws(JSException) in
            var elements = try listFromIterable(args[argument: 0])
            if case .object(let mapper) = args[argument: 1], mapper.isCallable {
                for i in elements.indices { elements[i] = try mapper.call(this: .undefined, arguments: [elements[i], .number(Double(i))]) }
            }
            return .object(makeArray(elements))
        }
        let proto = intrinsics.arrayPrototype
        func elements(_ this: JSValue) throws(JSException) -> JSArray {
            guard case .object(let o) = this, let array = o as? JSArray else { throw .typeError("not an array") }
            return array
        }
        func callback(_ value: JSValue) throws(JSException) -> JSObject {
            guard case .object(let f) = value, f.isCallable else { throw .typeError("\(value.stringValue) is not a function") }
            return f
        }
        proto.method("push") { this, args throws(JSException) in
            let a = try elements(this)
            a.elements.append(contentsOf: args)
            return .number(Double(a.elements.count))
        }
        proto.method("pop") { this, _ throws(JSException) in try elements(this).elements.popLast() ?? .undefined }
        proto.method("shift") { this, _ throws(JSException) in
            let a = try elements(this)
            return a.elements.isEmpty ? .undefined : a.elements.removeFirst()
        }
        proto.method("unshift") { this, args throws(JSException) in
            let a = try elements(this)
            a.elements.insert(contentsOf: args, at: 0)
            return .number(Double(a.elements.count))
        }
        proto.method("indexOf") { this, args throws(JSException) in
            let a = try elements(this)
            let needle = args[argument: 0]
            return .number(Double(a.elements.firstIndex { $0.strictEquals(needle) } ?? -1))
        }
        proto.method("includes") { this, args throws(JSException) in
            let needle = args[argument: 0]
            return .bool(try elements(this).elements.contains { $0.strictEquals(needle) || ($0.numberValue.isNaN && needle.numberValue.isNaN && $0.typeOf == "number" && needle.typeOf == "number") })
        }
        proto.method("join") { this, args throws(JSException) in
            let separator = args[argument: 0].isUndefined ? "," : args[argument: 0].stringValue
            return .string(try elements(this).elements.map { $0.isNullish ? "" : $0.stringValue }.joined(separator: separator))
        }
        proto.method("toString") { this, _ throws(JSException) in .string(this.stringValue) }
        proto.method("slice") { [unowned self] this, args throws(JSException) in
            let a = try elements(this).elements
            let (start, end) = sliceBounds(count: a.count, args[argument: 0], args[argument: 1])
            return .object(makeArray(start < end ? Array(a[start..<end]) : []))
        }
        proto.method("concat") { [unowned self] this, args throws(JSException) in
            var result = try elements(this).elements
            for arg in args {
                if let other = arg.object as? JSArray { result += other.elements } else { result.append(arg) }
            }
            return .object(makeArray(result))
        }
        proto.method("reverse") { this, _ throws(JSException) in
            let a = try elements(this)
            a.elements.reverse()
            return this
        }
        proto.method("map") { [unowned self] this, args throws(JSException) in
            let a = try elements(this)
            let f = try callback(args[argument: 0])
            var result: [JSValue] = []
            result.reserveCapacity(a.elements.count)
            var i = 0
            while i < a.elements.count {
                result.append(try f.call(this: args[argument: 1], arguments: [a.elements[i], .number(Double(i)), this]))
                i += 1
            }
            return .object(makeArray(result))
        }
        proto.method("forEach") { this, args throws(JSException) in
            let a = try elements(this)
            let f = try callback(args[argument: 0])
            var i = 0
            while i < a.elements.count {
                _ = try f.call(this: args[argument: 1], arguments: [a.elements[i], .number(Double(i)), this])
                i += 1
            }
            return .undefined
        }
        proto.method("filter") { [unowned self] this, args throws(JSException) in
            let a = try elements(this)
            let f = try callback(args[argument: 0])
            var result: [JSValue] = []
            for (i, e) in a.elements.enumerated() where try f.call(this: .undefined, arguments: [e, .number(Double(i)), this]).truthy {
                result.append(e)
            }
            return .object(makeArray(result))
        }
        proto.method("reduce") { this, args throws(JSException) in
            let a = try elements(this)
            let f = try callback(args[argument: 0])
            var items = a.elements[...]
            var accumulator: JSValue
            if args.count > 1 {
                accumulator = args[1]
            } else {
                guard let first = items.first else { throw .typeError("Reduce of empty array with no initial value") }
                accumulator = first
                items = items.dropFirst()
            }
            for (i, e) in zip(items.indices, items) {
                accumulator = try f.call(this: .undefined, arguments: [accumulator, e, .number(Double(i)), this])
            }
            return accumulator
        }
        proto.method("sort") { this, args throws(JSException) in
            let a = try elements(this)
            let comparator = args[argument: 0].object
            var failure: JSException?
            a.elements.sort { x, y in
                if failure != nil { return false }
                if x.isUndefined { return false }
                if y.isUndefined { return true }
                if let comparator {
                    do throws(JSException) { return try comparator.call(this: .undefined, arguments: [x, y]).numberValue < 0 } catch {
                        failure = error
                        return false
                    }
                }
                return x.stringValue.utf16.lexicographicallyPrecedes(y.stringValue.utf16)
            }
            if let failure { throw failure }
            return this
        }
        intrinsics.functionPrototype.method("call") { this, args throws(JSException) in
            guard case .object(let f) = this, f.isCallable else { throw .typeError("not a function") }
            return try f.call(this: args[argument: 0], arguments: Array(args.dropFirst()))
        }
        intrinsics.functionPrototype.method("apply") { [unowned self] this, args throws(JSException) in
            guard case .object(let f) = this, f.isCallable else { throw .typeError("not a function") }
            return try f.call(this: args[argument: 0], arguments: try listFromIterable(args[argument: 1]))
        }
        intrinsics.functionPrototype.method("bind") { [unowned self] this, args throws(JSException) in
            guard case .object(let f) = this, f.isCallable else { throw .typeError("Bind must be called on a function") }
            let boundThis = args[argument: 0]
            let bound = Array(args.dropFirst())
            return .object(makeFunction("bound") { _, more throws(JSException) in try f.call(this: boundThis, arguments: bound + more) })
        }
    }

    /// The elements of an array-like or iterable we know (arrays, typed arrays, strings, `arguments`).
    func listFromIterable(_ value: JSValue) throws(JSException) -> [JSValue] {
        switch value {
        case .undefined, .null: return []
        case .string(let s): return s.map { .string(String($0)) }
        case .object(let o):
            if let array = o as? JSArray { return array.elements }
            let n = try o.length()
            var result: [JSValue] = []
            for i in 0..<max(n, 0) { result.append(try o.getIndex(i)) }
            return result
        default: return []
        }
    }

    func sliceBounds(count: Int, _ startValue: JSValue, _ endValue: JSValue) -> (Int, Int) {
        func clamp(_ v: JSValue, _ fallback: Int) -> Int {
            if v.isUndefined { return fallback }
            let n = v.integerValue
            return n < 0 ? max(count + n, 0) : min(n, count)
        }
        return (clamp(startValue, 0), clamp(endValue, count))
    }

    private func installErrors() {
        for kind in JSError.Kind.allCases {
            let prototype = kind == .error ? intrinsics.errorPrototype : JSObject(prototype: intrinsics.errorPrototype)
            prototype.properties["name"] = .string(kind.rawValue)
            let construct: (_ arguments: [JSValue]) throws(JSException) -> JSValue = { [unowned self] arguments throws(JSException) in
                let message = arguments[argument: 0].isUndefined ? "" : arguments[argument: 0].stringValue
                return .object(JSError(kind: kind, message: message, prototype: kind == .error ? intrinsics.errorPrototype : prototype))
            }
            let constructor = ErrorConstructor(kind: kind, construct: construct)
            constructor.properties["prototype"] = .object(prototype)
            prototype.properties["constructor"] = .object(constructor)
            global.properties[kind.rawValue] = .object(constructor)
        }
        intrinsics.errorPrototype.method("toString") { this, _ throws(JSException) in .string(this.stringValue) }
    }

    private func installTypedArrays() {
        defineConstructor("ArrayBuffer", prototype: intrinsics.arrayBufferPrototype) { [unowned self] arguments throws(JSException) in
            .object(JSArrayBuffer(count: max(arguments[argument: 0].integerValue, 0), prototype: intrinsics.arrayBufferPrototype))
        }
        for kind in JSTypedArray.Kind.allCases {
            let prototype = intrinsics.typedArrayPrototype(kind)
            let constructor = defineConstructor(kind.rawValue, prototype: prototype) { [unowned self] arguments throws(JSException) in
                let first = arguments[argument: 0]
                if case .object(let o) = first, let buffer = o as? JSArrayBuffer {
                    let offset = max(arguments[argument: 1].integerValue, 0)
                    guard offset % kind.elementSize == 0, offset <= buffer.bytes.count else {
                        throw JSException(.object(makeError(.rangeError, "start offset of \(kind.rawValue) should be a multiple of \(kind.elementSize)")))
                    }
                    let count = arguments[argument: 2].isUndefined
                        ? (buffer.bytes.count - offset) / kind.elementSize : max(arguments[argument: 2].integerValue, 0)
                    guard offset + count * kind.elementSize <= buffer.bytes.count else {
                        throw JSException(.object(makeError(.rangeError, "Invalid typed array length: \(count)")))
                    }
                    return .object(JSTypedArray(kind: kind, buffer: buffer, byteOffset: offset, count: count, prototype: prototype))
                }
                let source: [JSValue]? = first.object.map { _ in [] }
                let elements = source == nil ? nil : try listFromIterable(first)
                let count = elements?.count ?? max(first.integerValue, 0)
                let buffer = JSArrayBuffer(count: count * kind.elementSize, prototype: intrinsics.arrayBufferPrototype)
                let array = JSTypedArray(kind: kind, buffer: buffer, byteOffset: 0, count: count, prototype: prototype)
                if let elements { for (i, e) in elements.enumerated() { array.setElement(at: i, e.numberValue) } }
                return .object(array)
            }
            constructor.properties["BYTES_PER_ELEMENT"] = .number(Double(kind.elementSize))
            prototype.method("subarray") { this, args throws(JSException) in
                guard case .object(let o) = this, let a = o as? JSTypedArray else { throw .typeError("not a typed array") }
                let (start, end) = self.sliceBounds(count: a.count, args[argument: 0], args[argument: 1])
                return .object(JSTypedArray(kind: a.kind, buffer: a.buffer, byteOffset: a.byteOffset + start * kind.elementSize, count: max(end - start, 0), prototype: prototype))
            }
            prototype.method("slice") { this, args throws(JSException) in
                guard case .object(let o) = this, let a = o as? JSTypedArray else { throw .typeError("not a typed array") }
                let (start, end) = self.sliceBounds(count: a.count, args[argument: 0], args[argument: 1])
                let n = max(end - start, 0)
                let bytes = a.withBytes { Array($0[(start * kind.elementSize)..<((start + n) * kind.elementSize)]) }
                return .object(JSTypedArray(kind: kind, buffer: JSArrayBuffer(bytes: bytes, prototype: self.intrinsics.arrayBufferPrototype), byteOffset: 0, count: n, prototype: prototype))
            }
            prototype.method("set") { this, args throws(JSException) in
                guard case .object(let o) = this, let a = o as? JSTypedArray else { throw .typeError("not a typed array") }
                let offset = max(args[argument: 1].integerValue, 0)
                let source = try self.listFromIterable(args[argument: 0])
                guard offset + source.count <= a.count else { throw JSException(.object(self.makeError(.rangeError, "offset is out of bounds"))) }
                for (i, e) in source.enumerated() { a.setElement(at: offset + i, e.numberValue) }
                return .undefined
            }
            prototype.method("fill") { this, args throws(JSException) in
                guard case .object(let o) = this, let a = o as? JSTypedArray else { throw .typeError("not a typed array") }
                let (start, end) = self.sliceBounds(count: a.count, args[argument: 1], args[argument: 2])
                for i in start..<max(end, start) { a.setElement(at: i, args[argument: 0].numberValue) }
                return this
            }
        }
    }

    private func installConsole() {
        let console = makeObject()
        global.properties["console"] = .object(console)
        for (name, fd) in [("log", Int32(1)), ("info", 1), ("debug", 1), ("error", 2), ("warn", 2)] {
            console.method(name) { [unowned self] _, args throws(JSException) in
                writeOutput(fd: fd, text: args.map { consoleFormat($0) }.joined(separator: " ") + "\n")
                return .undefined
            }
        }
    }

    /// How `console.log` shows a value (strings bare, everything else roughly like node's inspect).
    func consoleFormat(_ value: JSValue) -> String {
        switch value {
        case .string(let s): s
        case .object(let o) where o is JSError: (try? o.get("stack").stringValue) ?? o.toJSString()
        case .object(let o) where o is JSArray:
            "[ " + (o as! JSArray).elements.map { $0.typeOf == "string" ? "'\($0.stringValue)'" : consoleFormat($0) }.joined(separator: ", ") + " ]"
        case .object(let o) where !o.isCallable && o.primitiveValue == nil:
            o.ownKeys().isEmpty ? "{}" : "{ " + o.ownKeys().map { k in
                let v = (try? o.get(k)) ?? .undefined
                return "\(k): " + (v.typeOf == "string" ? "'\(v.stringValue)'" : consoleFormat(v))
            }.joined(separator: ", ") + " }"
        case .object(let o) where o.isCallable: "[Function: \((o as? JSFunction)?.name ?? "")]"
        default: value.stringValue
        }
    }

    private func installTimers() {
        let setTimeout = makeFunction("setTimeout") { [unowned self] _, args throws(JSException) in
            guard case .object(let f) = args[argument: 0], f.isCallable else { throw .typeError("The \"callback\" argument must be of type function") }
            let extra = Array(args.dropFirst(2))
            return .number(Double(setTimer(milliseconds: args[argument: 1].numberValue.isNaN ? 1 : args[argument: 1].numberValue) { () throws(JSException) in
                _ = try f.call(this: .undefined, arguments: extra)
            }))
        }
        let setInterval = makeFunction("setInterval") { [unowned self] _, args throws(JSException) in
            guard case .object(let f) = args[argument: 0], f.isCallable else { throw .typeError("The \"callback\" argument must be of type function") }
            let extra = Array(args.dropFirst(2))
            return .number(Double(setTimer(milliseconds: args[argument: 1].numberValue.isNaN ? 1 : args[argument: 1].numberValue, repeating: true) { () throws(JSException) in
                _ = try f.call(this: .undefined, arguments: extra)
            }))
        }
        let clear = makeFunction("clearTimeout") { [unowned self] _, args throws(JSException) in
            if case .number(let id) = args[argument: 0], id.isFinite { clearTimer(Int(id)) }
            return .undefined
        }
        global.properties["setTimeout"] = .object(setTimeout)
        global.properties["setInterval"] = .object(setInterval)
        global.properties["clearTimeout"] = .object(clear)
        global.properties["clearInterval"] = .object(clear)
        global.properties["queueMicrotask"] = .object(makeFunction("queueMicrotask") { [unowned self] _, args throws(JSException) in
            guard case .object(let f) = args[argument: 0], f.isCallable else { throw .typeError("The \"callback\" argument must be of type function") }
            enqueueMicrotask { () throws(JSException) in _ = try f.call(this: .undefined, arguments: []) }
            return .undefined
        })
    }

    private func installCryptoAndPerformance() {
        let crypto = makeObject()
        crypto.method("getRandomValues") { [unowned self] _, args throws(JSException) in
            guard case .object(let o) = args[argument: 0], let array = o as? JSTypedArray else {
                throw .typeError("The \"typedArray\" argument must be an instance of Int8Array, Int16Array, Int32Array, Uint8Array, Uint16Array, Uint32Array, or Uint8ClampedArray.")
            }
            guard array.byteCount <= 65536 else {
                throw JSException(.object(makeError(.error, "The ArrayBufferView's byte length (\(array.byteCount)) exceeds the number of bytes of entropy available via this API (65536)", code: "QuotaExceededError")))
            }
            array.withMutableBytes { fillRandom($0) }
            return args[0]
        }
        crypto.method("randomUUID") { [unowned self] _, _ throws(JSException) in
            _ = self
            return .string(UUID().uuidString.lowercased())
        }
        global.properties["crypto"] = .object(crypto)
        let performance = makeObject()
        performance.method("now") { [unowned self] _, _ throws(JSException) in .number(clock.sinceStart()) }
        performance.properties["timeOrigin"] = .number(clock.now())
        global.properties["performance"] = .object(performance)
    }

    private func installDateAndMath() {
        let datePrototype = JSObject(prototype: intrinsics.objectPrototype)
        let date = defineConstructor("Date", prototype: datePrototype, call: { [unowned self] _, _ throws(JSException) in
            .string(JSDate(time: clock.now().rounded(.down), prototype: datePrototype).toJSString())
        }) { [unowned self] arguments throws(JSException) in
            let time: Double
            switch arguments.count {
            case 0: time = clock.now().rounded(.down)
            case 1:
                if case .string(let s) = arguments[0] {
                    time = JSDate.parse(s)
                } else {
                    time = arguments[0].numberValue
                }
            default:
                var parts = DateComponents()
                parts.year = arguments[0].integerValue
                parts.month = arguments[1].integerValue + 1
                parts.day = arguments.count > 2 ? arguments[2].integerValue : 1
                parts.hour = arguments.count > 3 ? arguments[3].integerValue : 0
                parts.minute = arguments.count > 4 ? arguments[4].integerValue : 0
                parts.second = arguments.count > 5 ? arguments[5].integerValue : 0
                time = (Calendar.current.date(from: parts)?.timeIntervalSince1970).map { $0 * 1000 + (arguments.count > 6 ? arguments[6].numberValue : 0) } ?? .nan
            }
            return .object(JSDate(time: time, prototype: datePrototype))
        }
        date.method("now") { [unowned self] _, _ throws(JSException) in .number(clock.now().rounded(.down)) }
        func time(_ this: JSValue) throws(JSException) -> Double {
            guard case .object(let o) = this, let d = o as? JSDate else { throw .typeError("this is not a Date object.") }
            return d.time
        }
        datePrototype.method("getTime") { this, _ throws(JSException) in .number(try time(this)) }
        datePrototype.method("valueOf") { this, _ throws(JSException) in .number(try time(this)) }
        datePrototype.method("getTimezoneOffset") { this, _ throws(JSException) in
            let t = try time(this)
            guard t.isFinite else { return .number(.nan) }
            let seconds = TimeZone.current.secondsFromGMT(for: Date(timeIntervalSince1970: t / 1000))
            return .number(Double(-seconds / 60))
        }
        datePrototype.method("toISOString") { this, _ throws(JSException) in
            let t = try time(this)
            guard t.isFinite else { throw JSException(.object(self.makeError(.rangeError, "Invalid time value"))) }
            return .string(JSDate.iso(t))
        }
        datePrototype.method("toJSON") { this, _ throws(JSException) in
            let t = try time(this)
            return t.isFinite ? .string(JSDate.iso(t)) : .null
        }
        datePrototype.method("toString") { this, _ throws(JSException) in .string(this.stringValue) }
        for (name, component) in [("getFullYear", Calendar.Component.year), ("getMonth", .month), ("getDate", .day), ("getHours", .hour), ("getMinutes", .minute), ("getSeconds", .second), ("getDay", .weekday)] {
            datePrototype.method(name) { this, _ throws(JSException) in
                let t = try time(this)
                guard t.isFinite else { return .number(.nan) }
                let value = Calendar.current.component(component, from: Date(timeIntervalSince1970: t / 1000))
                switch component {
                case .month, .weekday: return .number(Double(value - 1))
                default: return .number(Double(value))
                }
            }
        }

        let math = makeObject()
        global.properties["Math"] = .object(math)
        for (name, value) in [("PI", Double.pi), ("E", M_E), ("LN2", M_LN2), ("LN10", M_LN10), ("LOG2E", M_LOG2E), ("LOG10E", M_LOG10E), ("SQRT2", 2.0.squareRoot()), ("SQRT1_2", 0.5.squareRoot())] {
            math.properties[name] = .number(value)
        }
        let unary: [(String, (Double) -> Double)] = [
            ("abs", { abs($0) }), ("floor", { $0.rounded(.down) }), ("ceil", { $0.rounded(.up) }),
            ("round", { ($0 + 0.5).rounded(.down) }), ("trunc", { $0.rounded(.towardZero) }), ("sqrt", { $0.squareRoot() }),
            ("sin", sin), ("cos", cos), ("tan", tan), ("asin", asin), ("acos", acos), ("atan", atan),
            ("exp", exp), ("log", log), ("log2", log2), ("log10", log10), ("cbrt", cbrt), ("sign", { $0.isNaN ? .nan : ($0 > 0 ? 1 : ($0 < 0 ? -1 : $0)) }),
            ("sinh", sinh), ("cosh", cosh), ("tanh", tanh), ("expm1", expm1), ("log1p", log1p), ("fround", { Double(Float($0)) }),
        ]
        for (name, f) in unary {
            math.method(name) { _, args throws(JSException) in .number(f(args[argument: 0].numberValue)) }
        }
        math.method("pow") { _, args throws(JSException) in .number(pow(args[argument: 0].numberValue, args[argument: 1].numberValue)) }
        math.method("atan2") { _, args throws(JSException) in .number(atan2(args[argument: 0].numberValue, args[argument: 1].numberValue)) }
        math.method("random") { _, _ throws(JSException) in .number(Double.random(in: 0..<1)) }
        math.method("max") { _, args throws(JSException) in
            .number(args.reduce(-Double.infinity) { acc, v in let n = v.numberValue; return acc.isNaN || n.isNaN ? .nan : Swift.max(acc, n) })
        }
        math.method("min") { _, args throws(JSException) in
            .number(args.reduce(Double.infinity) { acc, v in let n = v.numberValue; return acc.isNaN || n.isNaN ? .nan : Swift.min(acc, n) })
        }
        math.method("hypot") { _, args throws(JSException) in .number(args.map { $0.numberValue * $0.numberValue }.reduce(0, +).squareRoot()) }
    }

    private func installText() {
        let encoderPrototype = JSObject(prototype: intrinsics.objectPrototype)
        defineConstructor("TextEncoder", prototype: encoderPrototype) { arguments throws(JSException) in
            let encoder = JSObject(prototype: encoderPrototype)
            encoder.properties["encoding"] = "utf-8"
            return .object(encoder)
        }
        encoderPrototype.method("encode") { [unowned self] _, args throws(JSException) in
            let text = args[argument: 0].isUndefined ? "" : args[argument: 0].stringValue
            return .object(makeUint8Array(Array(text.utf8)))
        }
        let decoderPrototype = JSObject(prototype: intrinsics.objectPrototype)
        defineConstructor("TextDecoder", prototype: decoderPrototype) { arguments throws(JSException) in
            let label = arguments[argument: 0].isUndefined ? "utf-8" : arguments[argument: 0].stringValue.lowercased()
            guard label == "utf-8" || label == "utf8" else {
                throw JSException(.object(JSError(kind: .rangeError, message: "The \"\(label)\" encoding is not supported")))
            }
            let decoder = JSObject(prototype: decoderPrototype)
            decoder.properties["encoding"] = "utf-8"
            return .object(decoder)
        }
        decoderPrototype.method("decode") { _, args throws(JSException) in
            switch args[argument: 0] {
            case .undefined: return ""
            case .object(let o as JSTypedArray): return .string(o.withBytes { String(decoding: $0, as: UTF8.self) })
            case .object(let o as JSArrayBuffer): return .string(String(decoding: o.bytes, as: UTF8.self))
            default: throw .typeError("The \"input\" argument must be an instance of ArrayBuffer or ArrayBufferView")
            }
        }
    }

    private func installSymbol() {
        let symbol = makeFunction("Symbol") { _, args throws(JSException) in
            .symbol(JSSymbol(args[argument: 0].isUndefined ? "" : args[argument: 0].stringValue))
        }
        for name in ["iterator", "asyncIterator", "hasInstance", "toPrimitive", "toStringTag"] {
            symbol.properties[name] = .symbol(JSSymbol("Symbol.\(name)"))
        }
        var registry: [String: JSSymbol] = [:]
        symbol.method("for") { _, args throws(JSException) in
            let key = args[argument: 0].stringValue
            if let existing = registry[key] { return .symbol(existing) }
            let created = JSSymbol(key)
            registry[key] = created
            return .symbol(created)
        }
        global.properties["Symbol"] = .object(symbol)
    }

    private func installPath() {
        let path = makeObject()
        path.properties["sep"] = "/"
        path.method("resolve") { _, args throws(JSException) in
            var resolved = ""
            for segment in args.reversed() {
                let s = segment.stringValue
                guard !s.isEmpty else { continue }
                resolved = resolved.isEmpty ? s : s + "/" + resolved
                if s.hasPrefix("/") { break }
            }
            if !resolved.hasPrefix("/") {
                resolved = FileManager.default.currentDirectoryPath + (resolved.isEmpty ? "" : "/" + resolved)
            }
            return .string(PathNormalizer.normalize(resolved))
        }
        path.method("join") { _, args throws(JSException) in
            let joined = args.map(\.stringValue).filter { !$0.isEmpty }.joined(separator: "/")
            return .string(joined.isEmpty ? "." : PathNormalizer.normalize(joined))
        }
        global.properties["path"] = .object(path)
    }
}

/// `Object`: callable, constructible, and `x instanceof Object` holds for every object.
final class ObjectConstructor: JSFunction, @unchecked Sendable {
    init(intrinsics: JSIntrinsics) {
        let make: JSNativeFunction = { _, args throws(JSException) in
            if case .object = args[argument: 0] { return args[0] }
            return .object(JSObject(prototype: intrinsics.objectPrototype))
        }
        super.init(name: "Object", prototype: intrinsics.functionPrototype, constructor: { arguments throws(JSException) in
            try make(.undefined, arguments)
        }, make)
    }
    override func hasInstance(_ value: JSValue) throws(JSException) -> Bool { value.object != nil }
}

/// `Error` and its subclasses: `instanceof` matches by kind (every error is an `Error`).
final class ErrorConstructor: JSFunction, @unchecked Sendable {
    let kind: JSError.Kind
    init(kind: JSError.Kind, construct: @escaping (_ arguments: [JSValue]) throws(JSException) -> JSValue) {
        self.kind = kind
        super.init(name: kind.rawValue, constructor: construct) { _, arguments throws(JSException) in try construct(arguments) }
    }
    override func hasInstance(_ value: JSValue) throws(JSException) -> Bool {
        guard case .object(let o) = value, let error = o as? JSError else { return false }
        return kind == .error || error.kind == kind
    }
}

/// A `Date`: its time value in milliseconds since the epoch.
final class JSDate: JSObject, @unchecked Sendable {
    let time: Double
    init(time: Double, prototype: JSObject) {
        self.time = time
        super.init(prototype: prototype)
    }
    override var className: String { "Date" }
    override var primitiveValue: JSValue? { .number(time) }
    override func toJSString() -> String {
        guard time.isFinite else { return "Invalid Date" }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "EEE MMM dd yyyy HH:mm:ss 'GMT'xx (zzzz)"
        return formatter.string(from: Date(timeIntervalSince1970: time / 1000))
    }
    static func iso(_ time: Double) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: Date(timeIntervalSince1970: time / 1000))
    }
    static func parse(_ text: String) -> Double {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let d = formatter.date(from: text) { return (d.timeIntervalSince1970 * 1000).rounded() }
        formatter.formatOptions = [.withInternetDateTime]
        if let d = formatter.date(from: text) { return d.timeIntervalSince1970 * 1000 }
        return .nan
    }
}

enum PathNormalizer {
    static func normalize(_ path: String) -> String {
        let absolute = path.hasPrefix("/")
        var parts: [Substring] = []
        for part in path.split(separator: "/") {
            if part == "." { continue }
            if part == ".." {
                if let last = parts.last, last != ".." { parts.removeLast() } else if !absolute { parts.append(part) }
                continue
            }
            parts.append(part)
        }
        let joined = parts.joined(separator: "/")
        return absolute ? "/" + joined : (joined.isEmpty ? "." : joined)
    }
}
