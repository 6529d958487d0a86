import Synchronization

/// One histogram series: counts of observations per bucket, their sum and their count.
///
/// Thread-safe: an observation takes the series' own `Mutex` (uncontended in the usual one-writer case), so that a
/// scrape sees the buckets, the sum and the count of the same moment.
public final class Histogram: Sendable {
    /// Prometheus's default buckets, in seconds: 5 ms to 10 s.
    public static let defaultBuckets: [Double] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

    /// The upper bounds of the buckets, ascending, without `+Inf`.
    public let buckets: [Double]
    private let state: Mutex<State>

    struct State: Sendable {
        // Per bucket, not cumulative; the last slot is +Inf.
        var counts: [UInt64]
        var sum: Double = 0
        var count: UInt64 = 0
    }

    init(buckets: [Double]) {
        self.buckets = buckets
        state = Mutex(State(counts: [UInt64](repeating: 0, count: buckets.count + 1)))
    }

    /// Records one observation.
    public func observe(_ value: Double) {
        // Buckets are few (about a dozen); a linear scan beats a binary search at this size.
        var index = 0
        while index < buckets.count, value > buckets[index] { index += 1 }
        state.withLock { state in
            state.counts[index] += 1
            state.sum += value
            state.count += 1
        }
    }

    /// Records a duration, in seconds.
    public func observe(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        observe(Double(seconds) + Double(attoseconds) * 1e-18)
    }

    /// The number of observations so far.
    public var count: UInt64 { state.withLock { $0.count } }

    /// The sum of the observations so far.
    public var sum: Double { state.withLock { $0.sum } }

    func snapshot() -> State { state.withLock { $0 } }
}
