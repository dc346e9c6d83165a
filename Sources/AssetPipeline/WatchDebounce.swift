/// When a burst of file events becomes one rebuild: after `quiet` without events (an editor's save is a
/// write, a rename and a chmod within a few milliseconds; "save all" several files), but no later than
/// `maxDelay` after the burst's first event, so a file that keeps changing still gets built. Decisions only:
/// the caller passes the instants, so tests run it on their own clock.
public struct WatchDebounce: Sendable {
    public let quiet: Duration
    public let maxDelay: Duration
    private var first: ContinuousClock.Instant?
    private var last: ContinuousClock.Instant?

    public init(quiet: Duration = .milliseconds(30), maxDelay: Duration = .milliseconds(300)) {
        self.quiet = quiet
        self.maxDelay = maxDelay
    }

    /// A relevant event at `now`.
    public mutating func note(at now: ContinuousClock.Instant) {
        if first == nil { first = now }
        last = now
    }

    /// When the pending burst is due, or nil with nothing pending.
    public var deadline: ContinuousClock.Instant? {
        guard let first, let last else { return nil }
        return min(last + quiet, first + maxDelay)
    }

    /// True (once) when a pending burst is due at `now`; it is then cleared.
    public mutating func fire(at now: ContinuousClock.Instant) -> Bool {
        guard let deadline, now >= deadline else { return false }
        first = nil
        last = nil
        return true
    }
}
