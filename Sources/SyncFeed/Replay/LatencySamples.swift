/// Latencies collected during a run, and their percentiles.
public struct LatencySamples: Sendable {
    private var values: [Duration] = []
    private var sorted = true

    /// An empty set of samples.
    public init() {}

    /// How many samples there are.
    public var count: Int { values.count }

    /// Adds one sample.
    public mutating func add(_ latency: Duration) {
        if let last = values.last, latency < last { sorted = false }
        values.append(latency)
    }

    /// The `p` quantile (0...1) by the nearest-rank method, or nil without samples.
    public mutating func percentile(_ p: Double) -> Duration? {
        guard !values.isEmpty else { return nil }
        if !sorted {
            values.sort()
            sorted = true
        }
        let rank = Int((p * Double(values.count)).rounded(.up))
        return values[min(max(rank, 1), values.count) - 1]
    }
}
