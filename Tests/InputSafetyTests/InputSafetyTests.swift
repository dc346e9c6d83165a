import InputSafety
import Testing

/// The sanitizer every terminal line goes through, and the conversions that replace trapping ones.
@Suite struct TerminalTextTests {
    @Test func controlCharactersAreEscapedVisiblyAndTabsAndNewlinesStay() {
        #expect(TerminalText.escaped("\u{1B}[2J\u{1B}]0;owned\u{07}ok") == "\\x1b[2J\\x1b]0;owned\\x07ok")
        #expect(TerminalText.escaped("a\tb\nc") == "a\tb\nc")
        #expect(TerminalText.escaped("cr\r\nlf") == "cr\\x0d\nlf")
        #expect(TerminalText.escaped("nul\u{0}del\u{7F}") == "nul\\x00del\\x7f")
        // C1 controls (CSI is U+009B) are obeyed by some terminals too.
        #expect(TerminalText.escaped("\u{9B}31m\u{85}") == "\\x9b31m\\x85")
    }

    @Test func cleanTextIsReturnedUnchanged() {
        for text in ["GET /index.html 200 1234 br", "café © 2026 — ok", "日本語", "emoji 👍🏽", ""] {
            #expect(TerminalText.escaped(text) == text)
        }
    }

    @Test func nothingThatLeavesContainsAControlCharacter() {
        var text = ""
        for value in 0..<0x200 { if let scalar = Unicode.Scalar(value) { text.unicodeScalars.append(scalar) } }
        let escaped = TerminalText.escaped(text)
        #expect(!escaped.unicodeScalars.contains { TerminalText.isEscaped($0) })
        #expect(escaped.contains("\t") && escaped.contains("\n"))
        #expect(!TerminalText.escapedLine("a\nb\u{1B}").contains("\n"))
        #expect(TerminalText.escapedLine("a\nb\u{1B}") == "a\\x0ab\\x1b")
    }
}

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

@Suite struct DurationNanosecondsTests {
    @Test func negativeIsZeroAndHugeIsHeldAtTheMaximum() {
        #expect(Duration.milliseconds(1500).nanoseconds == 1_500_000_000)
        #expect(Duration.nanoseconds(7).nanoseconds == 7)
        #expect(Duration.seconds(-3).nanoseconds == 0)
        #expect(Duration.milliseconds(-1).nanoseconds == 0)
        #expect(Duration.seconds(Int64.max).nanoseconds == UInt64.max)
        #expect(Duration.seconds(18_446_744_073).nanoseconds == 18_446_744_073_000_000_000)
        #expect(Duration.seconds(18_446_744_074).nanoseconds == UInt64.max)
    }
}
