import SiteServing
import Testing

/// When background compression waits for requests to stop (pure: request counts in, decisions out).
@Suite struct BackgroundYieldTests {
    @Test func noRequestSinceTheLastLookMeansGoOn() {
        var yield = BackgroundYield(requests: 10)
        #expect(yield.next(requests: 10) == .proceed)
        #expect(yield.next(requests: 10) == .proceed)
    }

    @Test func requestsMeanWaitingUntilAQuietPeriodPasses() {
        var yield = BackgroundYield(requests: 0, quietPeriod: 100, maxWait: 1_000)
        #expect(yield.next(requests: 5) == .wait(nanoseconds: 100))
        #expect(yield.next(requests: 9) == .wait(nanoseconds: 100), "still busy")
        #expect(yield.next(requests: 9) == .proceed, "a whole period without a request")
        #expect(yield.next(requests: 9) == .proceed)
        #expect(yield.next(requests: 10) == .wait(nanoseconds: 100), "a new request, a new wait")
    }

    @Test func steadyTrafficDelaysButCannotStarve() {
        var yield = BackgroundYield(requests: 0, quietPeriod: 100, maxWait: 250)
        var count: UInt64 = 0
        var waits: [UInt64] = []
        while true {
            count += 1  // a request in every period
            guard case .wait(let nanoseconds) = yield.next(requests: count) else { break }
            waits.append(nanoseconds)
        }
        #expect(waits == [100, 100, 50], "at most maxWait per piece")
        count += 1
        #expect(yield.next(requests: count) == .wait(nanoseconds: 100), "the next piece may wait again")
    }
}
