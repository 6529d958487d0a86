/// A token bucket: `rate` tokens a second, at most `burst` saved up, so a sender that was late (a long sleep, a
/// full queue) catches up without exceeding the rate for longer than the burst.
///
/// Time is a `Duration` since any fixed origin, passed in by the caller, so the pacing is testable with a fake clock.
public struct ReplayPacer: Sendable {
    /// Tokens added per second.
    public let rate: Double
    /// The most tokens kept.
    public let burst: Double
    private var tokens: Double = 0
    private var last: Duration?

    /// A bucket of `rate` events a second that starts empty.
    /// - Parameters:
    ///   - rate: events per second, positive.
    ///   - burst: the most events sent at once after a late wake-up; default 50 ms worth (at least 1).
    public init(rate: Double, burst: Double? = nil) {
        precondition(rate > 0, "rate must be positive")
        self.rate = rate
        self.burst = max(1, burst ?? rate * 0.05)
    }

    /// Adds the tokens earned since the last call and takes as many whole ones as are there, up to `limit`.
    /// - Returns: how many events may be sent now.
    public mutating func take(now: Duration, limit: Int) -> Int {
        if let last {
            tokens = min(burst, tokens + (now - last).seconds * rate)
        }
        last = now
        let n = min(Int(tokens), limit)
        tokens -= Double(n)
        return n
    }

    /// How long until the next whole token, from the time of the last `take`.
    public var untilNextToken: Duration {
        let missing = max(0, 1 - tokens)
        return .nanoseconds(Int64((missing / rate * 1e9).rounded(.up)))
    }
}

extension Duration {
    /// The duration in seconds, as a `Double`.
    var seconds: Double {
        let (s, atto) = components
        return Double(s) + Double(atto) / 1e18
    }
}
