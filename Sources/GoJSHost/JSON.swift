import Foundation

/// `JSON.parse` and `JSON.stringify` over host values (insertion order kept; SyntaxError on bad input).
extension GoJSRuntime {
    func installJSON() {
        let json = makeObject()
        json.method("parse") { [unowned self] _, args throws(JSException) in
            var parser = JSONParser(text: Array(args[argument: 0].stringValue.utf8), runtime: self)
            return try parser.parseDocument()
        }
        json.method("stringify") { [unowned self] _, args throws(JSException) in
            let indent: String
            switch args[argument: 2] {
            case .number(let n): indent = String(repeating: " ", count: min(max(Int(n), 0), 10))
            case .string(let s): indent = String(s.prefix(10))
            default: indent = ""
            }
            var stack: [ObjectIdentifier] = []
            return try stringify(args[argument: 0], indent: indent, currentIndent: "", stack: &stack).map(JSValue.string) ?? .undefined
        }
        global.properties["JSON"] = .object(json)
    }

    private func stringify(_ value: JSValue, indent: String, currentIndent: String, stack: inout [ObjectIdentifier]) throws(JSException) -> String? {
        var value = value
        if case .object(let o) = value, case .object(let toJSON) = try o.get("toJSON"), toJSON.isCallable {
            value = try toJSON.call(this: value, arguments: [])
        }
        switch value {
        case .undefined, .symbol: return nil
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .number(let n): return n.isFinite ? JSNumberFormatter.string(n) : "null"
        case .string(let s): return Self.quote(s)
        case .object(let o):
            if o.isCallable { return nil }
            if let primitive = o.primitiveValue { return try stringify(primitive, indent: indent, currentIndent: currentIndent, stack: &stack) }
            let id = ObjectIdentifier(o)
            if stack.contains(id) { throw JSException(.object(makeError(.typeError, "Converting circular structure to JSON"))) }
            stack.append(id)
            defer { stack.removeLast() }
            let inner = currentIndent + indent
            let open = indent.isEmpty ? "" : "\n" + inner
            let separator = indent.isEmpty ? "," : ",\n" + inner
            let close = indent.isEmpty ? "" : "\n" + currentIndent
            if o is JSArray || o is JSTypedArray {
                let n = try o.length()
                if n == 0 { return "[]" }
                var parts: [String] = []
                for i in 0..<n {
                    parts.append(try stringify(try o.getIndex(i), indent: indent, currentIndent: inner, stack: &stack) ?? "null")
                }
                return "[" + open + parts.joined(separator: separator) + close + "]"
            }
            var parts: [String] = []
            for key in o.ownKeys() {
                guard let text = try stringify(try o.get(key), indent: indent, currentIndent: inner, stack: &stack) else { continue }
                parts.append(Self.quote(key) + (indent.isEmpty ? ":" : ": ") + text)
            }
            if parts.isEmpty { return "{}" }
            return "{" + open + parts.joined(separator: separator) + close + "}"
        }
    }

    static func quote(_ s: String) -> String {
        var out = "\""
        for unit in s.unicodeScalars {
            switch unit {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if unit.value < 0x20 {
                    out += String(format: "\\u%04x", unit.value)
                } else {
                    out.unicodeScalars.append(unit)
                }
            }
        }
        return out + "\""
    }
}

/// A strict JSON parser producing host values; errors read like V8's SyntaxError messages.
struct JSONParser {
    let text: [UInt8]
    unowned let runtime: GoJSRuntime
    var position = 0

    init(text: [UInt8], runtime: GoJSRuntime) {
        self.text = text
        self.runtime = runtime
    }

    mutating func parseDocument() throws(JSException) -> JSValue {
        skipSpace()
        let value = try parseValue(depth: 0)
        skipSpace()
        if position < text.count { throw unexpected() }
        return value
    }

    private func unexpected() -> JSException {
        let message: String
        if position >= text.count {
            message = text.isEmpty ? "Unexpected end of JSON input" : "Unexpected end of JSON input"
        } else {
            let token = String(decoding: [text[position]], as: UTF8.self)
            message = "Unexpected token '\(token)', \"\(String(decoding: text.prefix(30), as: UTF8.self))\" is not valid JSON"
        }
        return JSException(.object(runtime.makeError(.syntaxError, message)))
    }

    private mutating func skipSpace() {
        while position < text.count, [0x20, 0x09, 0x0A, 0x0D].contains(text[position]) { position += 1 }
    }

    private mutating func expect(_ literal: String) throws(JSException) {
        for byte in literal.utf8 {
            guard position < text.count, text[position] == byte else { throw unexpected() }
            position += 1
        }
    }

    private mutating func parseValue(depth: Int) throws(JSException) -> JSValue {
        guard depth < 5000 else { throw JSException(.object(runtime.makeError(.rangeError, "Maximum call stack size exceeded"))) }
        guard position < text.count else { throw unexpected() }
        switch text[position] {
        case UInt8(ascii: "{"):
            position += 1
            let object = runtime.makeObject()
            skipSpace()
            if position < text.count, text[position] == UInt8(ascii: "}") { position += 1; return .object(object) }
            while true {
                skipSpace()
                guard position < text.count, text[position] == UInt8(ascii: "\"") else { throw unexpected() }
                let key = try parseString()
                skipSpace()
                try expect(":")
                skipSpace()
                object.properties[key] = try parseValue(depth: depth + 1)
                skipSpace()
                guard position < text.count else { throw unexpected() }
                if text[position] == UInt8(ascii: ",") { position += 1; continue }
                if text[position] == UInt8(ascii: "}") { position += 1; return .object(object) }
                throw unexpected()
            }
        case UInt8(ascii: "["):
            position += 1
            var elements: [JSValue] = []
            skipSpace()
            if position < text.count, text[position] == UInt8(ascii: "]") { position += 1; return .object(runtime.makeArray()) }
            while true {
                skipSpace()
                elements.append(try parseValue(depth: depth + 1))
                skipSpace()
                guard position < text.count else { throw unexpected() }
                if text[position] == UInt8(ascii: ",") { position += 1; continue }
                if text[position] == UInt8(ascii: "]") { position += 1; return .object(runtime.makeArray(elements)) }
                throw unexpected()
            }
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expect("true"); return .bool(true)
        case UInt8(ascii: "f"): try expect("false"); return .bool(false)
        case UInt8(ascii: "n"): try expect("null"); return .null
        default: return try parseNumber()
        }
    }

    private mutating func parseNumber() throws(JSException) -> JSValue {
        let start = position
        if position < text.count, text[position] == UInt8(ascii: "-") { position += 1 }
        guard position < text.count, (48...57).contains(text[position]) else { throw unexpected() }
        if text[position] == 48 {
            position += 1
        } else {
            while position < text.count, (48...57).contains(text[position]) { position += 1 }
        }
        if position < text.count, text[position] == UInt8(ascii: ".") {
            position += 1
            guard position < text.count, (48...57).contains(text[position]) else { throw unexpected() }
            while position < text.count, (48...57).contains(text[position]) { position += 1 }
        }
        if position < text.count, text[position] == UInt8(ascii: "e") || text[position] == UInt8(ascii: "E") {
            position += 1
            if position < text.count, text[position] == UInt8(ascii: "+") || text[position] == UInt8(ascii: "-") { position += 1 }
            guard position < text.count, (48...57).contains(text[position]) else { throw unexpected() }
            while position < text.count, (48...57).contains(text[position]) { position += 1 }
        }
        return .number(Double(String(decoding: text[start..<position], as: UTF8.self)) ?? .nan)
    }

    private mutating func parseString() throws(JSException) -> String {
        position += 1
        var units: [UInt16] = []
        var bytes: [UInt8] = []
        func flush() {
            if !bytes.isEmpty { units += String(decoding: bytes, as: UTF8.self).utf16; bytes.removeAll() }
        }
        while position < text.count {
            let c = text[position]
            if c == UInt8(ascii: "\"") {
                position += 1
                flush()
                return String(decoding: units, as: UTF16.self)
            }
            if c < 0x20 { throw unexpected() }
            if c == UInt8(ascii: "\\") {
                position += 1
                guard position < text.count else { throw unexpected() }
                flush()
                switch text[position] {
                case UInt8(ascii: "\""): units.append(0x22)
                case UInt8(ascii: "\\"): units.append(0x5C)
                case UInt8(ascii: "/"): units.append(0x2F)
                case UInt8(ascii: "b"): units.append(0x08)
                case UInt8(ascii: "f"): units.append(0x0C)
                case UInt8(ascii: "n"): units.append(0x0A)
                case UInt8(ascii: "r"): units.append(0x0D)
                case UInt8(ascii: "t"): units.append(0x09)
                case UInt8(ascii: "u"):
                    guard position + 4 < text.count,
                        let unit = UInt16(String(decoding: text[(position + 1)...(position + 4)], as: UTF8.self), radix: 16)
                    else { throw unexpected() }
                    units.append(unit)
                    position += 4
                default: throw unexpected()
                }
                position += 1
                continue
            }
            bytes.append(c)
            position += 1
        }
        throw JSException(.object(runtime.makeError(.syntaxError, "Unterminated string in JSON at position \(position)")))
    }
}
