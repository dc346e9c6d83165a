// When a connection has waited too long, decided from events and clock readings alone: no timers, no
// system calls, so every rule is tested on a manual clock. The connection reports what happens (bytes in,
// bytes out, phase changes) and asks, on each sweep of its loop, whether a deadline has passed.
//
// A hostile client must not be able to stretch any wait by trickling bytes:
// - a request head has one total deadline, counted from accept (or from the first byte of a later
//   request on a kept-alive connection), however its bytes arrive;
// - a body must keep an average rate (after a grace period) and must not stall;
// - a response the client does not read must still leave at an average rate (after a grace period).

/// The limits, in nanoseconds and bytes per second.
public struct TimeoutPolicy: Sendable, Equatable {
    /// A complete request head within this much time.
    public var head: UInt64
    /// Idle keep-alive time between requests, and the longest stall of a body or a response write.
    public var idle: UInt64
    /// No rate is asked of a body or a response during its first this-many nanoseconds.
    public var rateGrace: UInt64
    /// After the grace period, a body must have arrived at this average rate at least.
    public var minimumBodyRate: Int
    /// After the grace period, a response must have left at this average rate at least.
    public var minimumSendRate: Int
    /// How long a closing connection drains the peer.
    public var linger: UInt64
    /// How long a tunnel (after 101) may pass no byte either way.
    public var tunnelIdle: UInt64

    public init(
        head: UInt64, idle: UInt64, rateGrace: UInt64 = 10_000_000_000, minimumBodyRate: Int = 1024,
        minimumSendRate: Int = 1024, linger: UInt64 = 2_000_000_000, tunnelIdle: UInt64 = 600_000_000_000
    ) {
        self.head = head
        self.idle = idle
        self.rateGrace = rateGrace
        self.minimumBodyRate = minimumBodyRate
        self.minimumSendRate = minimumSendRate
        self.linger = min(linger, idle)
        self.tunnelIdle = tunnelIdle
    }
}

/// What ran out, which decides the answer: a 408 while a request is incomplete, a plain close otherwise.
package enum TimeoutExpiry: Sendable, Equatable {
    case idle
    case head
    case bodyTooSlow
    case sendTooSlow
    case linger
    case tunnelIdle
}

package struct ConnectionDeadlines: Sendable {
    package enum Phase: Sendable, Equatable {
        /// Between requests, no byte of the next one yet.
        case idle
        /// Reading a head (started at `since`).
        case head
        case body
        /// Writing a response with a known end.
        case sending
        /// A handler answers later, or a live stream: each bounds its own time.
        case unbounded
        /// A stream drained and waiting for its handler's next bytes (Server-Sent Events, a proxied
        /// download): no deadline, but evictable at the cap once quiet, after every other candidate (an
        /// EventSource reconnects by itself).
        case live
        case lingering
        /// A tunnel after 101: bytes may move either way, or none for up to `policy.tunnelIdle`.
        case tunnel
    }

    package let policy: TimeoutPolicy
    package private(set) var phase: Phase
    /// When the current phase began.
    package private(set) var since: UInt64
    /// When bytes last moved in the current phase.
    private var lastProgress: UInt64
    /// Bytes moved in the current phase.
    private var transferred = 0

    /// A connection accepted at `now`: its first head is due `policy.head` from now.
    package init(policy: TimeoutPolicy, acceptedAt now: UInt64) {
        self.policy = policy
        phase = .head
        since = now
        lastProgress = now
    }

    private mutating func enter(_ phase: Phase, at now: UInt64) {
        self.phase = phase
        since = now
        lastProgress = now
        transferred = 0
    }

    /// Waiting for the next request on a kept-alive connection.
    package mutating func idle(at now: UInt64) { enter(.idle, at: now) }

    /// Bytes of a request head arrived. The first byte after idling starts the head's clock; later bytes
    /// move nothing (trickling cannot extend a head).
    package mutating func headBytes(at now: UInt64) {
        if phase == .idle { enter(.head, at: now) }
    }

    package mutating func bodyStarted(at now: UInt64) { enter(.body, at: now) }

    package mutating func bodyBytes(_ count: Int, at now: UInt64) {
        guard phase == .body || phase == .tunnel, count > 0 else { return }
        transferred += count
        lastProgress = now
    }

    package mutating func sendStarted(at now: UInt64) { enter(.sending, at: now) }

    package mutating func sent(_ count: Int, at now: UInt64) {
        guard phase == .sending || phase == .tunnel || phase == .live, count > 0 else { return }
        transferred += count
        lastProgress = now
    }

    package mutating func unbounded(at now: UInt64) { enter(.unbounded, at: now) }

    package mutating func live(at now: UInt64) { enter(.live, at: now) }

    package mutating func lingering(at now: UInt64) { enter(.lingering, at: now) }

    package mutating func tunnel(at now: UInt64) { enter(.tunnel, at: now) }

    /// The moment the current wait runs out (nil: none).
    package var deadline: UInt64? {
        switch phase {
        case .idle: since &+ policy.idle
        case .head: since &+ policy.head
        case .body: min(lastProgress &+ policy.idle, rateDeadline(policy.minimumBodyRate))
        case .sending: min(lastProgress &+ policy.idle, rateDeadline(policy.minimumSendRate))
        case .unbounded, .live: nil
        case .lingering: since &+ policy.linger
        case .tunnel: lastProgress &+ policy.tunnelIdle
        }
    }

    /// Past the grace period, `transferred` bytes buy `transferred / rate` seconds.
    private func rateDeadline(_ rate: Int) -> UInt64 {
        guard rate > 0 else { return .max }
        let earned = UInt64(transferred) &* 1_000_000_000 / UInt64(rate)  // gowasm: allow-trap: our own byte count (only ever grows by positive counts) and a positive policy rate
        return since &+ policy.rateGrace &+ earned
    }

    /// What ran out at `now`, if anything.
    package func expiry(at now: UInt64) -> TimeoutExpiry? {
        guard let deadline, now >= deadline else { return nil }
        switch phase {
        case .idle: return .idle
        case .head: return .head
        case .body: return .bodyTooSlow
        case .sending: return .sendTooSlow
        case .lingering: return .linger
        case .tunnel: return .tunnelIdle
        case .unbounded, .live: return nil
        }
    }

    /// For the connection cap: where this connection stands when a newcomer needs its slot.
    package var evictionRank: EvictionRank {
        let standing: EvictionRank.Standing =
            switch phase {
            case .idle, .lingering: .idle
            case .head, .body: .awaitingClient
            case .sending: .sending
            case .unbounded: .unbounded
            case .tunnel: .tunnel
            case .live: .live
            }
        return EvictionRank(standing: standing, since: since, lastProgress: lastProgress, transferred: transferred)
    }
}

/// What the accept thread knows of a connection when the cap is reached. Closed first: idle keep-alive
/// connections (oldest first), then those waiting for a client's head or body for over a second, or for a
/// client that stopped reading a response for a second (longest waiting first), then the slowest response in
/// progress (lowest average rate), then requests in their first second (oldest first). Requests and
/// responses younger than 100 ms, live streams and deferred answers are never closed for a newcomer.
package struct EvictionRank: Sendable, Equatable {
    /// What the connection is doing, as far as eviction cares. The raw value fits the 3 bits the connection
    /// publishes it in.
    package enum Standing: UInt8, Sendable, CaseIterable {
        /// Between requests, or lingering after the last response.
        case idle
        /// Waiting for a request's head or body.
        case awaitingClient
        case sending
        /// A deferred answer or a body of unbounded length: never closed for a newcomer.
        case unbounded
        /// A CONNECT or Upgrade tunnel: closed once no byte has moved for a second.
        case tunnel
        /// An event stream: closed only once it has been quiet for a second.
        case live
    }

    package var standing: Standing
    /// When the phase began.
    package var since: UInt64
    package var lastProgress: UInt64
    /// Bytes moved in the phase.
    package var transferred: Int

    /// A response whose last byte left this long ago counts as waiting for the client.
    package static let stalledSend: UInt64 = 1_000_000_000
    /// A request or response younger than this is left alone: a newcomer does not push out the one that
    /// came just before it.
    package static let minimumAge: UInt64 = 100_000_000

    package init(standing: Standing, since: UInt64, lastProgress: UInt64, transferred: Int) {
        self.standing = standing
        self.since = since
        self.lastProgress = lastProgress
        self.transferred = transferred
    }

    /// Ordering at `now`: lower keys are closed first; nil when this connection may not be closed.
    package func evictionKey(at now: UInt64) -> EvictionKey? {
        switch standing {
        case .idle:
            return EvictionKey(tier: .idle, value: since)
        case .awaitingClient where now >= since &+ Self.stalledSend:
            return EvictionKey(tier: .stalled, value: since)
        case .awaitingClient where now >= since &+ Self.minimumAge:
            // A request still arriving in its first second is as likely a client whose bytes a busy server
            // has not read yet: it goes only after every response in progress.
            return EvictionKey(tier: .youngRequest, value: since)
        case .sending where now >= lastProgress &+ Self.stalledSend:
            return EvictionKey(tier: .stalled, value: lastProgress)
        case .sending where now >= since &+ Self.minimumAge:
            let rate = UInt64(transferred) &* 1_000_000_000 / max(1, now &- since)  // gowasm: allow-trap: our own byte count, never negative
            return EvictionKey(tier: .sending, value: rate)
        case .tunnel where now >= lastProgress &+ Self.stalledSend:
            return EvictionKey(tier: .stalled, value: lastProgress)
        case .live where now >= lastProgress &+ Self.stalledSend:
            return EvictionKey(tier: .quietLiveStream, value: lastProgress)
        default:
            return nil
        }
    }
}

extension EvictionRank {
    /// When this connection becomes a candidate (nil: never, as for live streams and deferred answers). A
    /// newcomer that finds only connections in their first 100 ms waits for this instead of being refused.
    package var evictableFrom: UInt64? {
        switch standing {
        case .idle: return since
        case .awaitingClient, .sending: return since &+ Self.minimumAge
        case .tunnel: return lastProgress &+ Self.stalledSend
        // A live stream is a candidate once it has been quiet for `stalledSend`, but one that keeps sending
        // never becomes one: waiting for it would leave newcomers in the backlog for good, so they get the
        // 503 instead.
        case .unbounded, .live: return nil
        }
    }
}

/// Compares candidates for eviction: by tier, then by `value`, lower first. The value is the time the
/// connection began waiting (older first), or for `.sending` its average rate (slower first).
package struct EvictionKey: Sendable, Comparable {
    /// Closed in this order.
    package enum Tier: Int, Sendable, Comparable {
        case idle
        /// A client that has sent or read nothing for a second, or a tunnel idle as long.
        case stalled
        case sending
        /// A request still arriving in its first second.
        case youngRequest
        case quietLiveStream

        package static func < (a: Tier, b: Tier) -> Bool { a.rawValue < b.rawValue }
    }

    package var tier: Tier
    package var value: UInt64

    package static func < (a: EvictionKey, b: EvictionKey) -> Bool {
        a.tier != b.tier ? a.tier < b.tier : a.value < b.value
    }
}
