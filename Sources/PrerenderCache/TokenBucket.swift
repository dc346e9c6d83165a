/// A token bucket: `ratePerMinute` tokens a minute, at most `burst` saved up. Time comes from the caller
/// (nanoseconds of a monotonic clock), so it is tested on a clock that the test moves.
public struct TokenBucket: Sendable, Equatable {
    public let ratePerMinute: Int
    public let burst: Int
    private var tokens: Double
    private var lastRefill: UInt64

    public init(ratePerMinute: Int, burst: Int, now: UInt64) {
        self.ratePerMinute = max(0, ratePerMinute)
        self.burst = max(1, burst)
        tokens = Double(self.burst)
        lastRefill = now
    }

    /// Takes one token if there is one.
    public mutating func take(now: UInt64) -> Bool {
        if now > lastRefill {
            tokens = min(Double(burst), tokens + Double(now - lastRefill) * Double(ratePerMinute) / 60e9)
            lastRefill = now
        }
        guard tokens >= 1 else { return false }
        tokens -= 1
        return true
    }
}
