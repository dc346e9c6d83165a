import InputSafety
import Testing

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
