/// A histogram family: fixed label names and buckets, one ``Histogram`` per combination of label values.
/// Thread-safe.
public final class HistogramFamily: Sendable, MetricFamily {
    /// The metric name.
    public let name: String
    /// The help text.
    public let help: String
    /// The upper bounds of the buckets, ascending, without `+Inf`.
    public let buckets: [Double]
    private let table: MetricSeriesTable<Histogram>

    init(name: String, help: String, labelNames: [String], buckets: [Double]) {
        MetricText.checkName(name)
        MetricText.checkLabelNames(labelNames, metric: name, reserved: ["le"])
        precondition(zip(buckets, buckets.dropFirst()).allSatisfy { $0 < $1 } && buckets.allSatisfy(\.isFinite),
                     "buckets of metric \(name) must be finite and strictly ascending")
        self.name = name
        self.help = help
        self.buckets = buckets
        table = MetricSeriesTable(metricName: name, labelNames: labelNames)
        if labelNames.isEmpty { _ = labels() }
    }

    /// The label names, in order.
    public var labelNames: [String] { table.labelNames }

    /// The series for these label values, one per label name in order; keep it and observe with it.
    public func labels(_ values: String...) -> Histogram { labels(values) }

    /// The series for these label values, one per label name in order.
    public func labels(_ values: [String]) -> Histogram { table.series(values) { Histogram(buckets: buckets) } }

    func render(into out: inout String) {
        MetricText.header(name: name, help: help, type: "histogram", into: &out)
        for (values, histogram) in table.sorted() {
            let state = histogram.snapshot()
            var cumulative: UInt64 = 0
            for (i, bound) in buckets.enumerated() {
                cumulative += state.counts[i]
                let labels = MetricText.labels(labelNames, values, extra: ("le", MetricText.number(bound)))
                out += "\(name)_bucket\(labels) \(cumulative)\n"
            }
            cumulative += state.counts[buckets.count]
            out += "\(name)_bucket\(MetricText.labels(labelNames, values, extra: ("le", "+Inf"))) \(cumulative)\n"
            out += "\(name)_sum\(MetricText.labels(labelNames, values)) \(MetricText.number(state.sum))\n"
            out += "\(name)_count\(MetricText.labels(labelNames, values)) \(state.count)\n"
        }
    }
}
