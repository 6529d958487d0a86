import SyncFeed
import Testing

/// A clock that moves only when the loop waits (plus a fixed cost per send, like a real producer).
private final class FakeClock {
    var now = Duration.zero
    var sendCost = Duration.zero
    var oversleep = Duration.zero
}

@Suite struct ReplayPacingTests {
    @Test func aTokenBucketGivesRateTokensASecondAndSavesAtMostTheBurst() {
        var pacer = ReplayPacer(rate: 1000, burst: 50)
        #expect(pacer.take(now: .zero, limit: 10_000) == 0)
        #expect(pacer.take(now: .milliseconds(10), limit: 10_000) == 10)
        #expect(pacer.take(now: .milliseconds(15), limit: 2) == 2)
        #expect(pacer.take(now: .milliseconds(15), limit: 10) == 3)
        // A long stall saves only the burst.
        #expect(pacer.take(now: .seconds(5), limit: 10_000) == 50)
        #expect(pacer.untilNextToken == .milliseconds(1))
    }

    @Test(arguments: [1_000.0, 20_000.0])
    func theLoopSendsAtTheAskedRateInBatchesNotOneWaitPerEvent(_ rate: Double) throws {
        let clock = FakeClock()
        clock.sendCost = .microseconds(5)
        clock.oversleep = .microseconds(300)  // every wait overshoots, as a real sleep does
        let count = Int(rate) * 3
        var sendTimes: [Duration] = []
        let timing = try ReplayLoop(rate: rate).run(
            count: count, now: { clock.now }, wait: { clock.now += $0 + clock.oversleep },
            send: { i in
                #expect(i == sendTimes.count)
                sendTimes.append(clock.now)
                clock.now += clock.sendCost
            })
        #expect(timing.sent == count)
        #expect(abs(timing.achievedRate - rate) / rate < 0.01, "achieved \(timing.achievedRate) for \(rate)")
        // Never ahead of the bucket: by time t at most rate*t plus the 50 ms burst.
        let origin = sendTimes[0]
        for (i, t) in sendTimes.enumerated() {
            #expect(Double(i) <= rate * (t - origin).secondsForTest + rate * 0.05 + 1)
        }
        // Batches: far fewer waits than events once the rate is above one event a millisecond.
        if rate > 1000 { #expect(timing.waits < count / 10) }
    }

    @Test func unpacedTheLoopSendsEverythingAndStillLetsReportsBeServed() throws {
        var waits = 0
        var sent = 0
        let timing = try ReplayLoop(rate: nil).run(count: 2500, now: { .zero }, wait: { _ in waits += 1 }, send: { _ in sent += 1 })
        #expect(sent == 2500 && timing.sent == 2500)
        #expect(waits == 3)
    }

    @Test func percentilesUseTheNearestRank() {
        var samples = LatencySamples()
        for ms in (1...100).reversed() { samples.add(.milliseconds(ms)) }
        #expect(samples.percentile(0.5) == .milliseconds(50))
        #expect(samples.percentile(0.99) == .milliseconds(99))
        #expect(samples.percentile(1) == .milliseconds(100))
        var empty = LatencySamples()
        #expect(empty.percentile(0.5) == nil)
    }
}

private extension Duration {
    var secondsForTest: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
