import InputSafety
import Testing

@Suite struct ConversionsTests {
    @Test func doublesFromOutsideNeverTrap() {
        #expect(Conversions.integer(truncating: 42.9) == 42)
        #expect(Conversions.integer(truncating: -42.9) == -42)
        for value in [Double.nan, .infinity, -.infinity, 1e300, -1e300, 9.3e18] {
            #expect(Conversions.integer(truncating: value) == nil, "\(value)")
        }
        #expect(Conversions.exact(3.0, as: Int32.self) == 3)
        #expect(Conversions.exact(3.5, as: Int32.self) == nil)
        #expect(Conversions.exact(-1, as: UInt32.self) == nil)
        #expect(Conversions.exact(Double(1 << 40), as: Int32.self) == nil)
    }

    @Test func clampingHoldsTheRangeAndNaNIsTheLowerBound() {
        #expect(Conversions.clamped(1e300, to: 0...Int.max) == Int.max)
        #expect(Conversions.clamped(-1e300, to: 0...100) == 0)
        #expect(Conversions.clamped(.nan, to: 5...100) == 5)
        #expect(Conversions.clamped(.infinity, to: 0...1000) == 1000)
        #expect(Conversions.clamped(99.9, to: 0...1000) == 99)
        #expect(Conversions.clamped(Double(Int.max), to: Int.min...Int.max) == Int.max)
    }

    /// JavaScript's `x | 0` and `x >>> 0` (node prints the same for each of these).
    @Test func wrappingIsJavaScriptsToInt32AndToUint32() {
        let cases: [(Double, Int32, UInt32)] = [
            (.nan, 0, 0), (.infinity, 0, 0), (-1, -1, 4_294_967_295), (4_294_967_297, 1, 1),
            (2_147_483_648, -2_147_483_648, 2_147_483_648),
            (-2.9, -2, 4_294_967_294), (1e300, 0, 0), (123.7, 123, 123),
        ]
        for (value, int32, uint32) in cases {
            #expect(Conversions.int32(wrapping: value) == int32, "\(value) | 0")
            #expect(Conversions.uint32(wrapping: value) == uint32, "\(value) >>> 0")
        }
    }

    @Test func arithmeticOnOutsideCountsSaturates() {
        #expect(Conversions.saturatingSum([Int.max, Int.max]) == Int.max)
        #expect(Conversions.saturatingSum([Int.min, -1]) == Int.min)
        #expect(Conversions.saturatingSum([1, 2, 3]) == 6)
        #expect(Conversions.saturatingDifference(Int.max, -1) == Int.max)
        #expect(Conversions.saturatingDifference(Int.min, 1) == Int.min)
        #expect(Conversions.sum(Int.max, 1) == nil)
        #expect(Conversions.nanoseconds(seconds: 32_503_680_000, nanoseconds: 5) == Int.max, "the year 3000")
        #expect(Conversions.nanoseconds(seconds: 2, nanoseconds: 5) == 2_000_000_005)
    }

    @Test func decimalCountsAreDigitsOnly() {
        #expect(Conversions.decimalCount("0") == 0)
        #expect(Conversions.decimalCount("123456789012345678") == 123_456_789_012_345_678)
        for text in ["", "-1", "+1", " 1", "1e3", "0x10", "1234567890123456789", "５"] {
            #expect(Conversions.decimalCount(text) == nil, "\(text)")
        }
    }
}
