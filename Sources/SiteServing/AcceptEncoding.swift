import HTTPServer
import Compression

/// A parsed `Accept-Encoding` field (RFC 9110 §12.5.3) and the choice among the codings we can send.
public struct AcceptEncoding: Sendable, Equatable {
    /// Explicit weights by coding name (lower-cased), `*` included; weights in thousandths (0...1000).
    private var weights: [String: Int] = [:]
    /// No field at all: the client accepts anything, but identity is the safe answer.
    private let isAbsent: Bool

    /// Parses every `Accept-Encoding` value of a request (nil or no values: field absent).
    public init(_ fieldValues: [String]?) {
        guard let fieldValues else {
            isAbsent = true
            return
        }
        isAbsent = false
        for element in fieldValues {
            let parts = element.split(separator: ";").map { $0.trimmingHTTPWhitespace() }
            guard let name = parts.first?.lowercased(), !name.isEmpty else { continue }
            var weight = 1000
            for parameter in parts.dropFirst() {
                let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingHTTPWhitespace() }
                if pair.count == 2, pair[0].lowercased() == "q" {
                    weight = Self.parseWeight(pair[1]) ?? 0  // a malformed weight excludes rather than guesses
                }
            }
            let key = name == "x-gzip" ? "gzip" : name
            weights[key] = max(weights[key] ?? 0, weight)
        }
    }

    /// The weight the client gives `coding` (0 = not acceptable).
    public func weight(of coding: ContentCoding) -> Int {
        if isAbsent { return coding == .identity ? 1000 : 0 }
        if let explicit = weights[coding.rawValue] { return explicit }
        if let star = weights["*"] { return star }
        // identity is acceptable unless excluded explicitly or by `*;q=0` (RFC 9110 §12.5.3).
        return coding == .identity ? 1 : 0
    }

    /// The best of `available`: highest weight, ties broken br > gzip > identity; nil if none is acceptable.
    public func choose(from available: [ContentCoding]) -> ContentCoding? {
        let preference: [ContentCoding] = [.br, .gzip, .identity]
        var best: (coding: ContentCoding, weight: Int)?
        for coding in preference where available.contains(coding) {
            let weight = weight(of: coding)
            if weight > 0, weight > (best?.weight ?? 0) { best = (coding, weight) }
        }
        return best?.coding
    }

    /// `qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] )`, as thousandths.
    private static func parseWeight(_ text: String) -> Int? {
        let bytes = Array(text.utf8)
        guard let first = bytes.first, first == UInt8(ascii: "0") || first == UInt8(ascii: "1") else { return nil }
        var value = Int(first - UInt8(ascii: "0")) * 1000
        guard bytes.count > 1 else { return value }
        guard bytes[1] == UInt8(ascii: "."), bytes.count <= 5 else { return nil }
        var scale = 100
        for digit in bytes.dropFirst(2) {
            guard digit >= UInt8(ascii: "0"), digit <= UInt8(ascii: "9") else { return nil }
            value += Int(digit - UInt8(ascii: "0")) * scale
            scale /= 10
        }
        return value <= 1000 ? value : nil
    }
}
