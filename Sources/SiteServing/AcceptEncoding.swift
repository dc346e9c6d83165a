import Compression
import HTTPServer

/// A parsed `Accept-Encoding` field (RFC 9110 §12.5.3) and the choice among the codings we can send.
///
/// Only what can change our answer is kept: the weights of br, gzip (`x-gzip` too), identity and `*`.
/// Parsed straight from the field's bytes, without splitting or lowercasing strings: every browser request
/// carries this field, and it is parsed on every request.
public struct AcceptEncoding: Sendable, Equatable {
    /// Explicit weights in thousandths (0...1000), nil when not mentioned.
    private var br: Int?
    private var gzip: Int?
    private var identity: Int?
    private var star: Int?
    /// No field at all: the client accepts anything, but identity is the safe answer.
    private let isAbsent: Bool

    /// Parses every `Accept-Encoding` value of a request (nil or no values: field absent).
    public init(_ fieldValues: [String]?) {
        guard let fieldValues else {
            isAbsent = true
            return
        }
        isAbsent = false
        for value in fieldValues { parse(value) }
    }

    /// The request's `Accept-Encoding` fields (absent when it has none).
    public init(_ request: HTTPRequest) {
        var present = false
        var parsed = AcceptEncoding(present: true)
        for field in request.headers.fields
        where field.name.utf8.count == 15 && field.name.caseInsensitiveEquals("accept-encoding") {
            present = true
            parsed.parse(field.value)
        }
        self = present ? parsed : AcceptEncoding(nil)
    }

    private init(present: Bool) { isAbsent = !present }

    /// The weight the client gives `coding` (0 = not acceptable).
    public func weight(of coding: ContentCoding) -> Int {
        if isAbsent { return coding == .identity ? 1000 : 0 }
        let explicit: Int? =
            switch coding {
            case .br: br
            case .gzip: gzip
            case .identity: identity
            }
        if let explicit { return explicit }
        if let star { return star }
        // identity is acceptable unless excluded explicitly or by `*;q=0` (RFC 9110 §12.5.3).
        return coding == .identity ? 1 : 0
    }

    /// The best of `available`: highest weight, ties broken br > gzip > identity; nil if none is acceptable.
    public func choose(from available: [ContentCoding]) -> ContentCoding? {
        var best: (coding: ContentCoding, weight: Int)?
        for coding in ContentCoding.negotiable where available.contains(coding) {
            let weight = weight(of: coding)
            if weight > 0, weight > (best?.weight ?? 0) { best = (coding, weight) }
        }
        return best?.coding
    }

    /// What the header means to us, in one byte: the codings we can send that it accepts, in the order
    /// `choose` prefers them. Requests with equal preferences get equal answers, so caches key on this,
    /// never on the header's bytes.
    public var preference: CodingPreference {
        // Per request, so without an array: the acceptable codings insertion-sorted by weight into stack
        // slots, stable, so ties keep our order (br > gzip > identity) as `choose` breaks them.
        let negotiable = ContentCoding.negotiable
        return withUnsafeTemporaryAllocation(of: (coding: ContentCoding, weight: Int).self, capacity: negotiable.count)
        { slots in
            var count = 0
            for coding in negotiable {
                let weight = weight(of: coding)
                guard weight > 0 else { continue }
                var index = count
                while index > 0, slots[index - 1].weight < weight {
                    slots[index] = slots[index - 1]
                    index -= 1
                }
                slots[index] = (coding, weight)
                count += 1
            }
            var packed: UInt8 = 0
            for index in 0..<count { packed = packed << 2 | slots[index].coding.preferenceCode }
            return CodingPreference(rawValue: packed | UInt8(count) << 6)  // gowasm: allow-trap: count <= 3: one slot per coding we serve
        }
    }

    // MARK: - Parsing

    /// `#( codings [ weight ] )`: elements split by commas, each a name and `;`-separated parameters.
    private mutating func parse(_ value: String) {
        var value = value
        value.withUTF8 { bytes in
            var start = 0
            while start <= bytes.count {
                var end = start
                while end < bytes.count, bytes[end] != UInt8(ascii: ",") { end += 1 }
                parseElement(UnsafeBufferPointer(rebasing: bytes[start..<end]))
                start = end + 1
            }
        }
    }

    private mutating func parseElement(_ element: UnsafeBufferPointer<UInt8>) {
        var parts = Self.split(element, at: UInt8(ascii: ";"))
        guard let name = parts.first.map(Self.trimmed), !name.isEmpty else { return }
        parts.removeFirst()
        var weight = 1000
        for parameter in parts {
            let pair = Self.split(parameter, at: UInt8(ascii: "="), limit: 2).map(Self.trimmed)
            if pair.count == 2, pair[0].count == 1, pair[0][0] | 0x20 == UInt8(ascii: "q") {
                weight = Self.parseWeight(pair[1]) ?? 0  // a malformed weight excludes rather than guesses
            }
        }
        func keep(_ slot: inout Int?) { slot = max(slot ?? 0, weight) }
        if Self.equals(name, "br") {
            keep(&br)
        } else if Self.equals(name, "gzip") || Self.equals(name, "x-gzip") {
            keep(&gzip)
        } else if Self.equals(name, "identity") {
            keep(&identity)
        } else if Self.equals(name, "*") {
            keep(&star)
        }
    }

    private static func split(
        _ bytes: UnsafeBufferPointer<UInt8>, at separator: UInt8, limit: Int = .max
    ) -> [UnsafeBufferPointer<UInt8>] {
        var parts: [UnsafeBufferPointer<UInt8>] = []
        var start = 0
        var index = 0
        while index < bytes.count {
            if bytes[index] == separator, parts.count < limit - 1 {
                parts.append(UnsafeBufferPointer(rebasing: bytes[start..<index]))
                start = index + 1
            }
            index += 1
        }
        parts.append(UnsafeBufferPointer(rebasing: bytes[start..<bytes.count]))
        return parts
    }

    /// Without OWS (spaces and tabs) at either end.
    private static func trimmed(_ bytes: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        var start = 0
        var end = bytes.count
        while start < end, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
        while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
        return UnsafeBufferPointer(rebasing: bytes[start..<end])
    }

    /// ASCII case-insensitive equality with a lower-case literal.
    private static func equals(_ bytes: UnsafeBufferPointer<UInt8>, _ literal: StaticString) -> Bool {
        guard bytes.count == literal.utf8CodeUnitCount else { return false }
        let expected = UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount)
        for index in 0..<bytes.count {
            let byte = bytes[index]
            let lowered = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
            if lowered != expected[index] { return false }
        }
        return true
    }

    /// `qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] )`, as thousandths.
    private static func parseWeight(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let first = bytes.first, first == UInt8(ascii: "0") || first == UInt8(ascii: "1") else { return nil }
        var value = Int(first - UInt8(ascii: "0")) * 1000  // gowasm: allow-trap: first is "0" or "1", checked by the guard above
        guard bytes.count > 1 else { return value }
        guard bytes[1] == UInt8(ascii: "."), bytes.count <= 5 else { return nil }
        var scale = 100
        for digit in bytes.dropFirst(2) {
            guard digit >= UInt8(ascii: "0"), digit <= UInt8(ascii: "9") else { return nil }
            value += Int(digit - UInt8(ascii: "0")) * scale  // gowasm: allow-trap: a digit, checked by the guard above; at most 3 digits
            scale /= 10
        }
        return value <= 1000 ? value : nil
    }
}

/// The acceptable codings of a request in preference order, packed (see `AcceptEncoding.preference`).
public struct CodingPreference: Hashable, Sendable {
    public let rawValue: UInt8
}

extension ContentCoding {
    /// The codings the server can send, in its own order of preference.
    static let negotiable: [ContentCoding] = [.br, .gzip, .identity]

    fileprivate var preferenceCode: UInt8 {
        switch self {
        case .br: 1
        case .gzip: 2
        case .identity: 3
        }
    }
}
