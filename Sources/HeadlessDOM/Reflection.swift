import Foundation

/// How one IDL attribute reflects one content attribute (HTML standard, "Reflecting content attributes in
/// IDL attributes"). The table of which element has which is generated (`ReflectionTable.swift`).
public struct ReflectedAttribute: Sendable, Equatable {
    public let property: String
    public let attribute: String
    public let kind: Kind

    public enum Kind: Sendable, Equatable {
        /// `nullable`: `DOMString?` (missing reads null, null removes); `nullAsEmpty`: `[LegacyNullToEmptyString]`.
        case string(nullable: Bool, nullAsEmpty: Bool)
        case url
        case boolean
        /// `long`; `nonNegative` for "limited to only non-negative numbers" (`maxLength`).
        case long(default: Int64, nonNegative: Bool)
        /// `tabIndex`: a `long` whose default depends on the element (0 for the focusable ones, else -1).
        case tabIndex
        case unsignedLong(default: Int64, limit: UnsignedLimit)
        /// `double`; `positive` for "limited to only positive numbers" (`<progress max>`).
        case double(default: Double, positive: Bool)
        case enumerated(Enumeration)
        /// A `DOMTokenList` over the attribute (`relList`, `sandbox`, `<output htmlFor>`); setting writes the value.
        case tokenList
    }

    public enum UnsignedLimit: Sendable, Equatable {
        case none
        /// "limited to only positive numbers": 0 reads the default, setting 0 throws IndexSizeError.
        case positive
        /// "clamped to the range [min, max]" (`colSpan` 1…1000, `rowSpan` 0…65534).
        case clamped(min: Int64, max: Int64)
    }

    /// An enumerated attribute: its keywords, the missing and invalid value defaults (nil: null), and
    /// keyword states read as another keyword (`crossorigin=""` reads "anonymous").
    public struct Enumeration: Sendable, Equatable {
        public var keywords: [String]
        public var missing: String?
        public var invalid: String?
        public var nonCanonical: [String: String?]
        public var nullable: Bool
    }

    /// What the IDL attribute reads.
    public enum Value: Equatable, Sendable {
        case string(String)
        case null
        case boolean(Bool)
        case number(Double)
        case tokenList
    }
}

// MARK: Reading and writing

extension ReflectedAttribute {
    static let maxLong: Int64 = 2_147_483_647

    /// The IDL value for `element`'s current content attribute.
    public func get(_ element: Element) -> Value {
        let raw = element.getAttribute(attribute)
        switch kind {
        case .string(let nullable, _):
            return raw.map(Value.string) ?? (nullable ? .null : .string(""))
        case .url:
            guard let raw else { return .string("") }
            return .string(element.resolveURL(raw))
        case .boolean:
            return .boolean(raw != nil)
        case .long(let fallback, let nonNegative):
            guard let parsed = raw.flatMap(Self.parseInteger), parsed >= (nonNegative ? 0 : -Self.maxLong - 1),
                parsed <= Self.maxLong
            else { return .number(Double(fallback)) }
            return .number(Double(parsed))
        case .tabIndex:
            guard let parsed = raw.flatMap(Self.parseInteger), parsed >= -Self.maxLong - 1, parsed <= Self.maxLong
            else {
                return .number(element.isHTML && Self.focusableByDefault.contains(element.localName) ? 0 : -1)
            }
            return .number(Double(parsed))
        case .unsignedLong(let fallback, let limit):
            guard let parsed = raw.flatMap(Self.parseInteger), parsed >= 0 else { return .number(Double(fallback)) }
            switch limit {
            case .none: return .number(Double(parsed <= Self.maxLong ? parsed : fallback))
            case .positive: return .number(Double(parsed >= 1 && parsed <= Self.maxLong ? parsed : fallback))
            case .clamped(let low, let high): return .number(Double(Swift.min(Swift.max(parsed, low), high)))
            }
        case .double(let fallback, let positive):
            guard let parsed = raw.flatMap(Self.parseDouble), !positive || parsed > 0 else { return .number(fallback) }
            return .number(parsed)
        case .enumerated(let enumeration):
            guard let raw else { return enumeration.missing.map(Value.string) ?? .null }
            let lowered = raw.lowercased()
            let state = enumeration.keywords.first { $0.lowercased() == lowered } ?? enumeration.invalid
            if let state, let mapped = enumeration.nonCanonical[state] { return mapped.map(Value.string) ?? .null }
            return state.map(Value.string) ?? .null
        case .tokenList:
            return .tokenList
        }
    }

    /// Writes a string (string, URL, enumerated and token-list kinds); nil removes the attribute, as
    /// setting null does on a nullable attribute.
    public func set(_ element: Element, string: String?) {
        if let string { element.setKnownAttribute(attribute, string) } else { element.removeAttribute(attribute) }
    }

    public func set(_ element: Element, boolean: Bool) {
        if boolean { element.setKnownAttribute(attribute, "") } else { element.removeAttribute(attribute) }
    }

    /// Writes a number (the IDL value after ToNumber), converting it as WebIDL converts to the attribute's type.
    public func set(_ element: Element, number: Double) throws(DOMError) {
        switch kind {
        case .long(_, let nonNegative):
            let value = Self.toInt32(number)
            if nonNegative && value < 0 {
                throw .indexSize("The value provided (\(value)) is negative.")
            }
            element.setKnownAttribute(attribute, String(value))
        case .tabIndex:
            element.setKnownAttribute(attribute, String(Self.toInt32(number)))
        case .unsignedLong(let fallback, let limit):
            let value = Self.toUInt32(number)
            if limit == .positive && value == 0 {
                throw .indexSize("The value provided is 0, which is an invalid size.")
            }
            var written = value <= Self.maxLong ? value : fallback
            if limit == .positive && written == 0 { written = 1 }
            element.setKnownAttribute(attribute, String(written))
        case .double(_, let positive):
            guard number.isFinite else { throw .notSupported("The provided double value is non-finite.") }
            if positive && number <= 0 { return }
            element.setKnownAttribute(attribute, Self.format(number))
        default:
            element.setKnownAttribute(attribute, Self.format(number))
        }
    }

    /// `tabIndex` reads 0 on these when the attribute says nothing (they take focus by default).
    static let focusableByDefault: Set<String> = [
        "a", "area", "button", "frame", "iframe", "input", "object", "select", "textarea", "summary",
    ]

    // MARK: Microsyntaxes

    static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0C || byte == 0x0D
    }

    /// The "rules for parsing integers": leading whitespace, a sign, digits; the rest ignored. Values past
    /// Int64 read as out of range (nil would read as the default too, which is what callers do with them).
    public static func parseInteger(_ text: String) -> Int64? {
        let bytes = Array(text.utf8)
        var index = 0
        while index < bytes.count, isSpace(bytes[index]) { index += 1 }
        var negative = false
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
            negative = bytes[index] == UInt8(ascii: "-")
            index += 1
        }
        guard index < bytes.count, (0x30...0x39).contains(bytes[index]) else { return nil }
        var value: Int64 = 0
        while index < bytes.count, (0x30...0x39).contains(bytes[index]) {
            let (times, o1) = value.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times.addingReportingOverflow(Int64(bytes[index] - 0x30))  // gowasm: allow-trap: a UInt8 known to be an ASCII digit, widened
            if o1 || o2 { return negative ? Int64.min : Int64.max }
            value = sum
            index += 1
        }
        return negative ? -value : value
    }

    /// The "rules for parsing floating-point number values": the longest numeric prefix after whitespace.
    public static func parseDouble(_ text: String) -> Double? {
        let bytes = Array(text.utf8)
        var index = 0
        while index < bytes.count, isSpace(bytes[index]) { index += 1 }
        let start = index
        func digits() -> Int {
            let from = index
            while index < bytes.count, (0x30...0x39).contains(bytes[index]) { index += 1 }
            return index - from
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") { index += 1 }
        var count = digits()
        if index + 1 < bytes.count, bytes[index] == UInt8(ascii: "."), (0x30...0x39).contains(bytes[index + 1]) {
            index += 1
            count += digits()
        }
        guard count > 0 else { return nil }
        if index < bytes.count, bytes[index] | 0x20 == UInt8(ascii: "e") {
            let mark = index
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
                index += 1
            }
            if digits() == 0 { index = mark }
        }
        guard let value = Double(String(decoding: bytes[start..<index], as: UTF8.self)), value.isFinite else {
            return nil
        }
        return value == 0 ? 0 : value
    }

    /// WebIDL `long`: ToInt32.
    public static func toInt32(_ number: Double) -> Int64 {
        guard number.isFinite else { return 0 }
        let modulo = number.rounded(.towardZero).truncatingRemainder(dividingBy: 4_294_967_296)
        var value = modulo < 0 ? modulo + 4_294_967_296 : modulo
        if value >= 2_147_483_648 { value -= 4_294_967_296 }
        return Int64(exactly: value) ?? 0  // integral and within Int32 range by construction
    }

    /// WebIDL `unsigned long`: ToUint32.
    public static func toUInt32(_ number: Double) -> Int64 {
        guard number.isFinite else { return 0 }
        let modulo = number.rounded(.towardZero).truncatingRemainder(dividingBy: 4_294_967_296)
        return Int64(exactly: modulo < 0 ? modulo + 4_294_967_296 : modulo) ?? 0  // integral, within UInt32 range
    }

    /// A number as JavaScript prints it, for the integral and the usual fractional values.
    static func format(_ number: Double) -> String {
        if let integral = Int64(exactly: number), integral.magnitude < 1 << 53 { return String(integral) }
        return number.description
    }
}

// MARK: The table

/// Which element interface has which reflected attributes, parsed once from the generated `source`.
public enum ReflectionTable {
    struct Parsed {
        var interfaces: [String: String] = [:]
        var attributes: [String: [String: ReflectedAttribute]] = [:]
        var order: [String: [String]] = [:]
    }

    static let parsed: Parsed = {
        var result = Parsed()
        for line in source.split(separator: "\n") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            if fields.first == "I", fields.count == 3 {
                result.interfaces[fields[1]] = fields[2]
            } else if fields.first == "A", fields.count >= 5, let kind = kind(fields[4], options(fields.dropFirst(5))) {
                result.attributes[fields[1], default: [:]][fields[2]] = ReflectedAttribute(
                    property: fields[2], attribute: fields[3], kind: kind)
                result.order[fields[1], default: []].append(fields[2])
            }
        }
        return result
    }()

    private static func options(_ fields: ArraySlice<String>) -> [String: String] {
        var options: [String: String] = [:]
        for field in fields {
            let parts = field.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            options[String(parts[0])] = parts.count > 1 ? String(parts[1]) : ""
        }
        return options
    }

    private static func kind(_ name: String, _ options: [String: String]) -> ReflectedAttribute.Kind? {
        func value(_ key: String) -> String? { options[key] == "@null" ? nil : options[key] ?? "" }
        let integer = options["default"].flatMap { Int64($0) }  // gowasm: allow-trap: a failable parse of our table
        switch name {
        case "string": return .string(nullable: false, nullAsEmpty: options["nullempty"] != nil)
        case "string?": return .string(nullable: true, nullAsEmpty: false)
        case "url": return .url
        case "boolean": return .boolean
        case "long": return .long(default: integer ?? 0, nonNegative: false)
        case "limited-long": return .long(default: integer ?? -1, nonNegative: true)
        case "tabindex": return .tabIndex
        case "ulong": return .unsignedLong(default: integer ?? 0, limit: .none)
        case "limited-ulong": return .unsignedLong(default: integer ?? 1, limit: .positive)
        case "clamped-ulong":
            let low = options["min"].flatMap({ Int64($0) })  // gowasm: allow-trap: a failable parse of our table
            let high = options["max"].flatMap({ Int64($0) })  // gowasm: allow-trap: a failable parse of our table
            guard let low, let high else { return nil }
            return .unsignedLong(default: integer ?? low, limit: .clamped(min: low, max: high))
        case "double": return .double(default: options["default"].flatMap { Double($0) } ?? 0, positive: false)
        case "limited-double": return .double(default: options["default"].flatMap { Double($0) } ?? 0, positive: true)
        case "tokenlist": return .tokenList
        case "enum":
            var nonCanonical: [String: String?] = [:]
            for pair in (options["noncanon"] ?? "").split(separator: "|") {
                let parts = pair.split(separator: ">", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
                if parts.count == 2 { nonCanonical[parts[0]] = parts[1] == "@null" ? nil : parts[1] }
            }
            let keywords = (options["keywords"] ?? "").split(separator: "|", omittingEmptySubsequences: false).map(
                String.init)
            return .enumerated(
                .init(
                    keywords: keywords, missing: value("missing"), invalid: value("invalid"),
                    nonCanonical: nonCanonical, nullable: options["nullable"] != nil))
        default: return nil
        }
    }

    /// The interface of an HTML element with this local name: from the table, else `HTMLElement` for
    /// custom element names (with a dash) and `HTMLUnknownElement` for the rest.
    public static func interface(forHTML localName: String) -> String {
        parsed.interfaces[localName] ?? (localName.contains("-") ? "HTMLElement" : "HTMLUnknownElement")
    }

    /// Every interface with reflected attributes of its own (not `Element`/`HTMLElement`), and the tags.
    public static var elementInterfaces: [String] {
        Array(Set(parsed.interfaces.values).union(["HTMLUnknownElement"]).subtracting(["HTMLElement"])).sorted()
    }

    /// The reflected attributes an interface defines itself, in table order.
    public static func attributes(of interface: String) -> [ReflectedAttribute] {
        guard let byName = parsed.attributes[interface] else { return [] }
        return (parsed.order[interface] ?? []).compactMap { byName[$0] }
    }

    /// The reflected attribute `property` of `element` (its own interface, then HTMLElement, then Element).
    public static func attribute(_ property: String, of element: Element) -> ReflectedAttribute? {
        if element.isHTML {
            if let own = parsed.attributes[interface(forHTML: element.localName)]?[property] { return own }
            if let html = parsed.attributes["HTMLElement"]?[property] { return html }
        }
        return parsed.attributes["Element"]?[property]
    }
}
