import DistLayout
import Foundation
import PageRendering

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

extension PageRoute {
    /// The route of `path` as the server matched it: decoded once, empty segments dropped, each segment
    /// percent-encoded again in one canonical way, trailing slash kept. `/%61bout/` and `//about/` are
    /// `/about/`, so they share one rendering instead of each starting its own.
    public static func canonicalPath(_ path: RequestPath) -> String {
        guard !path.segments.isEmpty else { return "/" }
        let encoded = path.segments.map { $0.addingPercentEncoding(withAllowedCharacters: segmentCharacters) ?? "" }
        return "/" + encoded.joined(separator: "/") + (path.hasTrailingSlash ? "/" : "")
    }

    private static let segmentCharacters = CharacterSet.urlPathAllowed.subtracting(CharacterSet(charactersIn: "/%"))
}
