/// Conversions of numbers from outside (a page, a guest program, a backend, a file) that never trap:
/// Swift's `Int(someDouble)` stops the process on NaN, ±Infinity or a value out of range, and so does
/// `Int32(someInt)` out of range. These return nil or a clamped value instead; see docs/security.md.
public enum Conversions {
    /// The integer part of `value` (toward zero), or nil when it is NaN, infinite or beyond `Int`.
    public static func integer(truncating value: Double) -> Int? {
        guard value.isFinite else { return nil }
        return Int(exactly: value.rounded(.towardZero))
    }

    /// `value` as an integer of type `T` when it is one exactly (no fraction, in range), else nil.
    public static func exact<T: FixedWidthInteger>(_ value: Double, as type: T.Type = T.self) -> T? {
        T(exactly: value)
    }

    /// The integer part of `value` held within `range`; NaN gives `range.lowerBound`.
    public static func clamped(_ value: Double, to range: ClosedRange<Int>) -> Int {
        guard !value.isNaN else { return range.lowerBound }
        if value <= Double(range.lowerBound) { return range.lowerBound }
        // Double(Int.max) rounds up to 2^63, so compare before converting.
        if value >= Double(range.upperBound) { return range.upperBound }
        return Int(value.rounded(.towardZero))  // gowasm: allow-trap: finite and strictly inside range, checked above
    }

    /// JavaScript's ToInt32 (`x | 0`, WebIDL `long`): NaN and ±Infinity are 0, the rest wraps modulo 2³².
    public static func int32(wrapping value: Double) -> Int32 {
        Int32(bitPattern: uint32(wrapping: value))
    }

    /// JavaScript's ToUint32 (`x >>> 0`, WebIDL `unsigned long`): NaN and ±Infinity are 0, the rest wraps.
    public static func uint32(wrapping value: Double) -> UInt32 {
        guard value.isFinite else { return 0 }
        let whole = value.rounded(.towardZero)
        let modulo = whole.truncatingRemainder(dividingBy: 4_294_967_296)
        let positive = modulo < 0 ? modulo + 4_294_967_296 : modulo
        return UInt32(exactly: positive) ?? 0
    }

    /// A decimal count (a Content-Length): ASCII digits only, at most 18 of them, so it fits in `Int`.
    public static func decimalCount(_ text: some StringProtocol) -> Int? {
        let utf8 = text.utf8
        guard !utf8.isEmpty, utf8.count <= 18, utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        return Int(text, radix: 10)
    }

    /// `seconds * 10⁹ + nanoseconds` (a file's timestamp), held at `Int.max`/`Int.min` instead of overflowing.
    public static func nanoseconds(seconds: Int, nanoseconds: Int) -> Int {
        let (product, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        guard !overflow else { return seconds < 0 ? Int.min : Int.max }
        return saturatingSum([product, nanoseconds])
    }

    /// `a + b`, or nil when it overflows.
    public static func sum(_ a: Int, _ b: Int) -> Int? {
        let (result, overflow) = a.addingReportingOverflow(b)
        return overflow ? nil : result
    }

    /// The sum of `values`, held at `Int.max`/`Int.min` instead of overflowing.
    public static func saturatingSum(_ values: some Sequence<Int>) -> Int {
        var total = 0
        for value in values {
            let (result, overflow) = total.addingReportingOverflow(value)
            total = overflow ? (value > 0 ? Int.max : Int.min) : result
        }
        return total
    }

    /// `a - b`, held at `Int.max`/`Int.min` instead of overflowing.
    public static func saturatingDifference(_ a: Int, _ b: Int) -> Int {
        let (result, overflow) = a.subtractingReportingOverflow(b)
        return overflow ? (b < 0 ? Int.max : Int.min) : result
    }
}

extension Duration {
    /// Whole nanoseconds for a deadline or a poll interval: negative durations are zero, and one beyond
    /// `UInt64` (584 years) is held at `UInt64.max` instead of trapping.
    public var nanoseconds: UInt64 {
        let (seconds, attoseconds) = components
        guard seconds >= 0 else { return 0 }
        let (whole, overflow) = UInt64(seconds).multipliedReportingOverflow(by: 1_000_000_000)  // gowasm: allow-trap: seconds ≥ 0, checked above
        let fraction = UInt64(max(0, attoseconds) / 1_000_000_000)  // gowasm: allow-trap: in 0..<10⁹
        let (total, carry) = whole.addingReportingOverflow(fraction)
        return overflow || carry ? .max : total
    }
}
