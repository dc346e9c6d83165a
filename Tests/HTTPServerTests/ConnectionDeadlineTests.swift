// What a hostile or broken client can and cannot do: framing it may not bend, waits it may not stretch,
// slots it may not keep from others. Deadline rules run on a manual clock; the wire tests check that the
// server applies them.
import Foundation
import HTTPServer
import Synchronization
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The deadline rules, on a manual clock (nanoseconds).
@Suite struct ConnectionDeadlineTests {
    static let second: UInt64 = 1_000_000_000
    let policy = TimeoutPolicy(
        head: 10 * second, idle: 30 * second, rateGrace: 10 * second, minimumBodyRate: 1024, minimumSendRate: 1024)

    @Test func aTrickledHeadCannotOutliveItsDeadline() {
        var clock = ConnectionDeadlines(policy: policy, acceptedAt: 0)
        // One byte a second: each arrival changes nothing.
        for second in 1...9 {
            clock.headBytes(at: UInt64(second) * Self.second)
            #expect(clock.expiry(at: UInt64(second) * Self.second) == nil)
        }
        #expect(clock.expiry(at: 10 * Self.second) == .head, "10 s after accept, however the bytes came")
    }

    @Test func theHeadClockOfALaterRequestStartsAtItsFirstByte() {
        var clock = ConnectionDeadlines(policy: policy, acceptedAt: 0)
        clock.idle(at: 1 * Self.second)
        #expect(clock.expiry(at: 25 * Self.second) == nil, "idle keep-alive lasts the idle timeout")
        #expect(clock.expiry(at: 31 * Self.second) == .idle)
        clock.headBytes(at: 20 * Self.second)
        clock.headBytes(at: 29 * Self.second)
        #expect(clock.expiry(at: 29 * Self.second) == nil)
        #expect(clock.expiry(at: 30 * Self.second) == .head)
    }

    @Test func aBodyMustKeepItsRateAfterTheGracePeriod() {
        var slow = ConnectionDeadlines(policy: policy, acceptedAt: 0)
        slow.bodyStarted(at: 0)
        // A few bytes every 5 s (slowhttptest -B): never stalls long, but far below 1 KiB/s.
        var now: UInt64 = 0
        var expired: UInt64?
        while now < 60 * Self.second, expired == nil {
            now += 5 * Self.second
            if slow.expiry(at: now) != nil { expired = now; break }
            slow.bodyBytes(8, at: now)
        }
        #expect(slow.expiry(at: now) == .bodyTooSlow)
        #expect(expired.map { $0 <= 15 * Self.second } == true, "cut off soon after the grace period")

        var steady = ConnectionDeadlines(policy: policy, acceptedAt: 0)
        steady.bodyStarted(at: 0)
        for tick in 1...120 {  // 2 KiB/s for two minutes
            let at = UInt64(tick) * Self.second
            #expect(steady.expiry(at: at) == nil)
            steady.bodyBytes(2048, at: at)
        }
    }

    @Test func aBodyThatStallsEndsAtTheIdleTimeout() {
        var clock = ConnectionDeadlines(policy: policy, acceptedAt: 0)
        clock.bodyStarted(at: 0)
        clock.bodyBytes(1 << 20, at: 1 * Self.second)  // plenty of rate credit
        #expect(clock.expiry(at: 30 * Self.second) == nil)
        #expect(clock.expiry(at: 31 * Self.second) == .bodyTooSlow)
    }

    @Test func aClientThatReadsTooSlowlyIsCutOff() {
        var clock = ConnectionDeadlines(policy: policy, acceptedAt: 0)
        clock.sendStarted(at: 0)
        clock.sent(200_000, at: 0)  // what the socket buffers took at once
        // 32 bytes every 3 s (slowhttptest -X): progress, but ~10 B/s.
        var now: UInt64 = 0
        while clock.expiry(at: now) == nil, now < 600 * Self.second {
            now += 3 * Self.second
            if clock.expiry(at: now) == nil { clock.sent(32, at: now) }
        }
        #expect(clock.expiry(at: now) == .sendTooSlow)
        #expect(now <= 210 * Self.second, "200 KB buy ~195 s at 1 KiB/s, not forever")
    }

    @Test func streamsAndDeferredAnswersHaveNoDeadline() {
        var clock = ConnectionDeadlines(policy: policy, acceptedAt: 0)
        clock.unbounded(at: 0)
        #expect(clock.deadline == nil)
        #expect(clock.expiry(at: 3600 * Self.second) == nil)
    }

    @Test func idleThenWaitingThenSlowestConnectionsAreEvictedFirst() throws {
        var idle = ConnectionDeadlines(policy: policy, acceptedAt: 0)
        idle.idle(at: 5 * Self.second)
        var slowHead = ConnectionDeadlines(policy: policy, acceptedAt: 1 * Self.second)
        slowHead.headBytes(at: 2 * Self.second)
        var slowSend = ConnectionDeadlines(policy: policy, acceptedAt: 0)
        slowSend.sendStarted(at: 0)
        slowSend.sent(100_000, at: 9 * Self.second)  // ~10 KB/s
        var fastSend = ConnectionDeadlines(policy: policy, acceptedAt: 0)
        fastSend.sendStarted(at: 8 * Self.second)
        fastSend.sent(50_000_000, at: 9 * Self.second + 400_000_000)  // ~33 MB/s
        var newSend = ConnectionDeadlines(policy: policy, acceptedAt: 0)
        newSend.sendStarted(at: 9 * Self.second + 450_000_000)
        var deferred = ConnectionDeadlines(policy: policy, acceptedAt: 0)
        deferred.unbounded(at: 0)
        var streaming = ConnectionDeadlines(policy: policy, acceptedAt: 0)
        streaming.live(at: 9 * Self.second + 100_000_000)

        let now = 9 * Self.second + 500_000_000
        let keys = [idle, slowHead, slowSend, fastSend].map { $0.evictionRank.evictionKey(at: now) }
        let idleKey = try #require(keys[0]), headKey = try #require(keys[1])
        let slowKey = try #require(keys[2]), fastKey = try #require(keys[3])
        #expect(idleKey < headKey, "idle before a slow head")
        #expect(headKey < slowKey, "a slow head before a response that is moving")
        #expect(slowKey < fastKey, "the slowest response first")
        #expect(newSend.evictionRank.evictionKey(at: now) == nil, "a response is not judged in its first 100 ms")
        #expect(deferred.evictionRank.evictionKey(at: now) == nil, "a deferred answer is kept")
        #expect(streaming.evictionRank.evictionKey(at: now) == nil, "a live stream that just sent is kept")
        let stalled = try #require(slowSend.evictionRank.evictionKey(at: 11 * Self.second))
        #expect(stalled < fastKey && stalled.tier == .stalled, "a send stalled for 2 s waits for its client")
        // A head in its first second may be a client this busy server has not read yet: after every response.
        var youngHead = ConnectionDeadlines(policy: policy, acceptedAt: now - 300_000_000)
        youngHead.headBytes(at: now - 300_000_000)
        let youngKey = try #require(youngHead.evictionRank.evictionKey(at: now))
        #expect(fastKey < youngKey, "a response in progress before a request in its first second")
        #expect(headKey < youngKey, "an older head before a younger one")
    }

    /// A tunnel lives while bytes move either way, however slowly, and ends `tunnelIdle` after the last one;
    /// at the cap it is closed for a newcomer only once idle for a second.
    @Test func aTunnelEndsOnlyWhenNoByteMovesForItsIdleTime() {
        let second = Self.second
        let policy = TimeoutPolicy(head: 10 * second, idle: 30 * second, tunnelIdle: 60 * second)
        var clock = ConnectionDeadlines(policy: policy, acceptedAt: 0)
        clock.tunnel(at: 1 * second)
        #expect(clock.evictionRank.evictionKey(at: 1 * second + second / 2) == nil)
        clock.bodyBytes(1, at: 50 * second)  // from the client
        clock.sent(1, at: 100 * second)  // to the client
        #expect(clock.expiry(at: 159 * second) == nil)
        #expect(clock.expiry(at: 160 * second) == .tunnelIdle)
        let key = clock.evictionRank.evictionKey(at: 102 * second)
        #expect(key?.tier == .stalled)  // ranked with connections waiting for their client
        #expect(key?.value == 100 * second)  // longest idle first
    }
}
