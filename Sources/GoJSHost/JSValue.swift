/// A JavaScript value as Go's `syscall/js` sees it: the six primitive kinds plus a reference to a host object.
///
/// Numbers are always `Double` (as in JS); strings are Swift strings (Go sends and receives UTF-8).
public enum JSValue: Sendable {
    case undefined
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case symbol(JSSymbol)
    case object(JSObject)

    /// `typeof` as JavaScript reports it.
    public var typeOf: String {
        switch self {
        case .undefined: "undefined"
        case .null: "object"
        case .bool: "boolean"
        case .number: "number"
        case .string: "string"
        case .symbol: "symbol"
        case .object(let object): object.isCallable ? "function" : "object"
        }
    }

    public var isUndefined: Bool { if case .undefined = self { true } else { false } }
    public var isNullish: Bool {
        switch self {
        case .undefined, .null: true
        default: false
        }
    }

    public var object: JSObject? { if case .object(let o) = self { o } else { nil } }

    /// JavaScript's ToBoolean.
    public var truthy: Bool {
        switch self {
        case .undefined, .null: false
        case .bool(let b): b
        case .number(let n): !(n == 0 || n.isNaN)
        case .string(let s): !s.isEmpty
        case .symbol, .object: true
        }
    }

    /// JavaScript's ToNumber (objects read as NaN unless they are wrappers we know).
    public var numberValue: Double {
        switch self {
        case .undefined: return .nan
        case .null: return 0
        case .bool(let b): return b ? 1 : 0
        case .number(let n): return n
        case .string(let s):
            let trimmed = s.trimmingJSWhitespace()
            if trimmed.isEmpty { return 0 }
            if trimmed.hasPrefix("0x") || trimmed.hasPrefix("0X") {
                return UInt64(trimmed.dropFirst(2), radix: 16).map(Double.init) ?? .nan
            }
            if trimmed == "Infinity" || trimmed == "+Infinity" { return .infinity }
            if trimmed == "-Infinity" { return -.infinity }
            if trimmed.contains(where: { $0.isLetter && $0 != "e" && $0 != "E" }) { return .nan }
            return Double(trimmed) ?? .nan
        case .symbol: return .nan
        case .object(let o): return o.primitiveValue?.numberValue ?? .nan
        }
    }

    /// JavaScript's ToIntegerOrInfinity, clamped to Int.
    public var integerValue: Int {
        let n = numberValue
        if n.isNaN { return 0 }
        if n >= Double(Int.max) { return Int.max }
        if n <= Double(Int.min) { return Int.min }
        return Int(n.rounded(.towardZero))
    }

    /// JavaScript's ToString (`String(v)`).
    public var stringValue: String {
        switch self {
        case .undefined: "undefined"
        case .null: "null"
        case .bool(let b): b ? "true" : "false"
        case .number(let n): JSNumberFormatter.string(n)
        case .string(let s): s
        case .symbol(let s): "Symbol(\(s.description))"
        case .object(let o): o.toJSString()
        }
    }

    /// `===` (SameValue for objects by identity; NaN is not equal to itself).
    public func strictEquals(_ other: JSValue) -> Bool {
        switch (self, other) {
        case (.undefined, .undefined), (.null, .null): true
        case (.bool(let a), .bool(let b)): a == b
        case (.number(let a), .number(let b)): a == b
        case (.string(let a), .string(let b)): a == b
        case (.symbol(let a), .symbol(let b)): a === b
        case (.object(let a), .object(let b)): a === b
        default: false
        }
    }
}

extension JSValue: ExpressibleByStringLiteral, ExpressibleByFloatLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByNilLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    /// `nil` is JavaScript `null`.
    public init(nilLiteral: ()) { self = .null }
}

/// A JavaScript symbol: identity plus a description.
public final class JSSymbol: Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

extension String {
    func trimmingJSWhitespace() -> Substring {
        let isSpace: (Character) -> Bool = { $0.isWhitespace || $0 == "\u{FEFF}" }
        guard let start = firstIndex(where: { !isSpace($0) }) else { return "" }
        let end = lastIndex(where: { !isSpace($0) })!
        return self[start...end]
    }
}

/// ECMAScript Number::toString(10): shortest round-trip digits, laid out by the spec's exponent rules.
enum JSNumberFormatter {
    static func string(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value == 0 { return "0" }
        if value.isInfinite { return value < 0 ? "-Infinity" : "Infinity" }
        if value < 0 { return "-" + string(-value) }
        if value < 1e21, value == value.rounded(), value < 9_007_199_254_740_992 {
            return String(Int64(value))
        }
        // Swift's description gives the shortest round-trip digits; re-lay them out per the spec.
        let (digits, exponent) = decompose(value.description)
        let k = digits.count
        let n = exponent  // value = 0.digits × 10^n
        if k <= n && n <= 21 {
            return digits + String(repeating: "0", count: n - k)
        }
        if 0 < n && n <= 21 {
            let i = digits.index(digits.startIndex, offsetBy: n)
            return digits[..<i] + "." + digits[i...]
        }
        if -6 < n && n <= 0 {
            return "0." + String(repeating: "0", count: -n) + digits
        }
        let e = n - 1
        let expPart = e < 0 ? "e-\(-e)" : "e+\(e)"
        if k == 1 { return digits + expPart }
        return String(digits.prefix(1)) + "." + digits.dropFirst() + expPart
    }

    /// Splits Swift's "1.2345e-07" / "123.45" into significant digits and the decimal exponent n.
    private static func decompose(_ text: String) -> (String, Int) {
        var mantissa = Substring(text)
        var exp = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = text[..<e]
            exp = Int(text[text.index(after: e)...]) ?? 0
        }
        let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
        let intPart = String(parts[0])
        let fracPart = parts.count > 1 ? String(parts[1]) : ""
        var all = intPart + fracPart
        var pointPos = intPart.count + exp
        while all.hasPrefix("0") && all.count > 1 {
            all.removeFirst()
            pointPos -= 1
        }
        while all.hasSuffix("0") && all.count > 1 { all.removeLast() }
        return (all, pointPos)
    }
}
