import HTTPServer
import InputSafety

/// A `Range: bytes=…` request (RFC 9110 §14.2) reduced to what we serve: one range or nothing.
public enum ByteRangeRequest: Sendable, Equatable {
    /// No usable Range (absent, another unit, several ranges, bad syntax): answer with the whole representation.
    case whole
    /// Bytes `lowerBound...upperBound` of the representation (inclusive, already clamped to its size).
    case range(ClosedRange<Int>)
    /// Syntactically fine but outside the representation: 416.
    case unsatisfiable

    public init(_ header: String?, size: Int) {
        guard let header else {
            self = .whole
            return
        }
        let value = header.trimmingHTTPWhitespace()
        guard value.count > 6, value.prefix(6).caseInsensitiveEquals("bytes=") else {
            self = .whole
            return
        }
        let spec = value.dropFirst(6).trimmingHTTPWhitespace()
        guard !spec.contains(","), let dash = spec.firstIndex(of: "-") else {
            self = .whole  // several ranges: allowed to answer 200 with everything (RFC 9110 §14.2)
            return
        }
        let first = spec[..<dash], last = spec[spec.index(after: dash)...]
        guard first.allSatisfy(\.isASCIIDigit), last.allSatisfy(\.isASCIIDigit), !(first.isEmpty && last.isEmpty)
        else {
            self = .whole
            return
        }
        if first.isEmpty {
            // Suffix range: the last N bytes.
            guard let suffix = Int(last, radix: 10) else {
                self = .whole
                return
            }
            self = suffix == 0 || size == 0 ? .unsatisfiable : .range(max(0, size - suffix)...(size - 1))
            return
        }
        guard let start = Int(first, radix: 10) else {
            self = .unsatisfiable  // beyond Int: certainly beyond the file
            return
        }
        let end = last.isEmpty ? size - 1 : min(Int(last, radix: 10) ?? Int.max, size - 1)
        if !last.isEmpty, let requestedEnd = Int(last, radix: 10), requestedEnd < start {
            self = .whole  // invalid: last-pos before first-pos
            return
        }
        self = start < size ? .range(start...end) : .unsatisfiable
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
