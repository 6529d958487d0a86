/// The send loop of `replay`: sends `count` events in paced batches, waiting between batches (never between single
/// events), and serving the caller's delivery reports while it waits.
///
/// The clock and the wait are injected, so pacing is tested without a broker or real time.
public struct ReplayLoop {
    /// Events per second, or nil to send as fast as the producer takes them.
    public var rate: Double?
    /// The shortest wait between two batches: at 20,000 events/s and 1 ms, batches of about 20 events.
    public var batchInterval: Duration

    /// What a run measured.
    public struct Timing: Sendable, Equatable {
        /// Events sent.
        public var sent: Int
        /// From the first send to the last.
        public var elapsed: Duration
        /// Waits between batches.
        public var waits: Int
        /// Events per second over `elapsed` (0 with fewer than two events).
        public var achievedRate: Double {
            sent > 1 && elapsed > .zero ? Double(sent - 1) / elapsed.seconds : 0
        }
    }

    /// A loop at `rate` events a second (nil: unpaced).
    public init(rate: Double?, batchInterval: Duration = .milliseconds(1)) {
        self.rate = rate
        self.batchInterval = batchInterval
    }

    /// Sends events `0..<count`.
    /// - Parameters:
    ///   - count: how many events.
    ///   - now: the clock, as a duration since any fixed origin.
    ///   - wait: waits up to the given duration (serving delivery reports meanwhile); called with `.zero` now and
    ///     then when unpaced, so reports are still served.
    ///   - send: sends event `i`.
    ///   - progress: told the number sent after every batch.
    /// - Throws: whatever `send` or `wait` throws.
    public func run(count: Int, now: () -> Duration, wait: (Duration) throws -> Void,
                    send: (Int) throws -> Void, progress: (Int) -> Void = { _ in }) throws -> Timing {
        var pacer = rate.map { ReplayPacer(rate: $0) }
        var sent = 0
        var waits = 0
        var first: Duration?
        var lastSend = Duration.zero
        while sent < count {
            let allowed: Int
            if var p = pacer {
                allowed = p.take(now: now(), limit: count - sent)
                if allowed == 0 {
                    try wait(max(p.untilNextToken, batchInterval))
                    waits += 1
                }
                pacer = p
            } else {
                allowed = min(1000, count - sent)
            }
            guard allowed > 0 else { continue }
            if first == nil { first = now() }
            for _ in 0..<allowed {
                try send(sent)
                sent += 1
            }
            lastSend = now()
            if pacer == nil { try wait(.zero) }
            progress(sent)
        }
        return Timing(sent: sent, elapsed: first.map { lastSend - $0 } ?? .zero, waits: waits)
    }
}
