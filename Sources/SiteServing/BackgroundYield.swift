/// When background compression steps aside for requests (a pure decision; the worker does the sleeping).
///
/// Between two pieces of a long compression the worker compares the server's request count with the one it
/// saw last. Unchanged: no request came in meanwhile, so it goes on. Changed: it waits `quietPeriod` and looks
/// again, until a whole period passes without a request, or it has waited `maxWait` for this piece, so that
/// steady traffic delays the smallest variant (the quick one is served meanwhile) but cannot starve it.
/// Idle priority alone was not enough: on two cores the compressor still filled every gap between wake-ups,
/// and small-file throughput in the first seconds after a start fell to 0.85× its settled rate.
public struct BackgroundYield: Sendable {
    public enum Decision: Equatable, Sendable {
        case proceed
        case wait(nanoseconds: UInt64)
    }

    public let quietPeriod: UInt64
    public let maxWait: UInt64
    private var seen: UInt64
    private var waited: UInt64 = 0

    /// `requests`: the request count when the work started.
    public init(requests: UInt64, quietPeriod: UInt64 = 100_000_000, maxWait: UInt64 = 2_000_000_000) {
        self.seen = requests
        self.quietPeriod = quietPeriod
        self.maxWait = maxWait
    }

    /// Asked between pieces, and again after each wait it returned, with the request count now.
    public mutating func next(requests: UInt64) -> Decision {
        let busy = requests != seen
        seen = requests
        guard busy, waited < maxWait else {
            waited = 0
            return .proceed
        }
        let step = min(quietPeriod, maxWait - waited)
        waited += step
        return .wait(nanoseconds: step)
    }
}
