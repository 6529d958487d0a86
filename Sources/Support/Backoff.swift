/// Capped exponential backoff with jitter, for retrying a broker or a store that is briefly unavailable.
///
/// The n-th delay (from 0) is `initial × multiplierⁿ`, capped at `maximum`, then spread by up to ±`jitter` of itself
/// so that many workers that failed together do not retry together; the result never exceeds `maximum`. The jitter
/// comes from a generator seeded at `init`, so one seed always gives the same delays (tests, reproducible runs).
///
/// A value type; not shared between threads.
public struct Backoff: Sendable {
    /// The first delay, before jitter.
    public let initial: Duration
    /// The growth factor per attempt; at least 1.
    public let multiplier: Double
    /// The longest delay, before and after jitter.
    public let maximum: Duration
    /// The spread of each delay as a fraction of it, in 0...1.
    public let jitter: Double
    /// How many delays ``next()`` has returned since the start or the last ``reset()``.
    public private(set) var attempt = 0
    private var random: SeededGenerator

    /// A backoff policy.
    ///
    /// - Parameters:
    ///   - initial: the first delay before jitter (100 ms by default).
    ///   - multiplier: the growth per attempt (2 by default); values below 1 are treated as 1.
    ///   - maximum: the cap (30 s by default).
    ///   - jitter: the spread as a fraction, clamped to 0...1 (0.2 by default: ±20 %).
    ///   - seed: the jitter generator's seed; a random one by default.
    public init(
        initial: Duration = .milliseconds(100), multiplier: Double = 2, maximum: Duration = .seconds(30),
        jitter: Double = 0.2, seed: UInt64 = UInt64.random(in: .min ... .max)
    ) {
        self.initial = max(initial, .zero)
        self.multiplier = max(multiplier, 1)
        self.maximum = max(maximum, self.initial)
        self.jitter = min(max(jitter, 0), 1)
        random = SeededGenerator(seed: seed)
    }

    /// The delay before the next retry; each call moves one attempt further.
    public mutating func next() -> Duration {
        let cap = Self.seconds(maximum)
        // Grow in Double and cap before converting, so that many attempts cannot overflow.
        let base = min(Self.seconds(initial) * Self.power(multiplier, attempt), cap)
        attempt += 1
        // A uniform number in -1...1 from the top 53 bits of the generator.
        let unit = Double(random.next() >> 11) / Double(1 << 53) * 2 - 1
        let delay = min(max(base * (1 + jitter * unit), 0), cap)
        return .nanoseconds(Int64((delay * 1e9).rounded()))
    }

    /// Starts again from the first delay, after a success. The jitter sequence continues.
    public mutating func reset() {
        attempt = 0
    }

    private static func seconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) + Double(attoseconds) * 1e-18
    }

    // Integer powers by repeated multiplication: exact for the small counts backoff sees, and no Foundation.
    private static func power(_ base: Double, _ exponent: Int) -> Double {
        var result = 1.0
        for _ in 0..<min(exponent, 2_000) {
            result *= base
            if result.isInfinite { break }
        }
        return result
    }
}
