import Testing
@testable import Support

@Suite struct BackoffTests {
    @Test func withoutJitterDelaysGrowByTheMultiplierUntilTheCap() {
        var backoff = Backoff(initial: .milliseconds(100), multiplier: 2, maximum: .seconds(1), jitter: 0, seed: 1)
        let delays = (0..<6).map { _ in backoff.next() }
        #expect(delays == [.milliseconds(100), .milliseconds(200), .milliseconds(400), .milliseconds(800),
                           .seconds(1), .seconds(1)])
        #expect(backoff.attempt == 6)
    }

    @Test func resetStartsAgainFromTheInitialDelay() {
        var backoff = Backoff(initial: .milliseconds(50), multiplier: 3, maximum: .seconds(10), jitter: 0, seed: 1)
        _ = backoff.next()
        _ = backoff.next()
        backoff.reset()
        #expect(backoff.attempt == 0)
        #expect(backoff.next() == .milliseconds(50))
    }

    @Test func theSameSeedGivesTheSameDelaysAndAnotherSeedOthers() {
        func delays(seed: UInt64) -> [Duration] {
            var backoff = Backoff(initial: .milliseconds(100), maximum: .seconds(30), jitter: 0.5, seed: seed)
            return (0..<10).map { _ in backoff.next() }
        }
        #expect(delays(seed: 7) == delays(seed: 7))
        #expect(delays(seed: 7) != delays(seed: 8))
    }

    @Test func jitterSpreadsDelaysWithinItsFractionOnBothSides() {
        // A multiplier of 1 keeps the base at one second, so every delay shows the jitter alone.
        var backoff = Backoff(initial: .seconds(1), multiplier: 1, maximum: .seconds(100), jitter: 0.25, seed: 99)
        let delays = (0..<200).map { _ in
            let (seconds, attoseconds) = backoff.next().components
            return Double(seconds) + Double(attoseconds) * 1e-18
        }
        #expect(delays.allSatisfy { $0 >= 0.75 - 1e-9 && $0 <= 1.25 + 1e-9 })
        #expect(delays.contains { $0 < 0.9 })
        #expect(delays.contains { $0 > 1.1 })
    }

    @Test func jitteredDelaysNeverExceedTheCap() {
        var backoff = Backoff(initial: .seconds(1), multiplier: 2, maximum: .seconds(4), jitter: 1, seed: 5)
        for _ in 0..<200 { #expect(backoff.next() <= .seconds(4)) }
    }

    @Test func manyAttemptsNeitherOverflowNorExceedTheCap() {
        var backoff = Backoff(initial: .seconds(1), multiplier: 10, maximum: .seconds(60), jitter: 0, seed: 3)
        for _ in 0..<5_000 { _ = backoff.next() }
        #expect(backoff.next() == .seconds(60))
    }
}
