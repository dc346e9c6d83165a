import PrerenderCache
import Testing

/// The bucket that bounds new renders (and dev's page reports), on a clock the test moves.
@Suite struct TokenBucketTests {
    @Test func theBucketHoldsItsBurstAndRefillsAtItsRate() {
        let minute: UInt64 = 60_000_000_000
        var bucket = TokenBucket(ratePerMinute: 6, burst: 2, now: 0)
        let times: [UInt64] = [
            0, 0, 0,  // the burst, then nothing
            minute / 6 - 1_000_000, minute / 6 + 1_000, minute / 6 + 1_000,  // one token every 10 s
            100 * minute, 100 * minute, 100 * minute,  // a long pause saves up no more than the burst
        ]
        var taken: [Bool] = []
        for now in times { taken.append(bucket.take(now: now)) }
        #expect(taken == [true, true, false, false, true, false, true, true, false])
    }
}
