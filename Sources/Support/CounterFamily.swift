/// A counter family: fixed label names, one ``Counter`` per combination of label values. Thread-safe.
public final class CounterFamily: Sendable, MetricFamily {
    /// The metric name.
    public let name: String
    /// The help text.
    public let help: String
    private let table: MetricSeriesTable<Counter>

    init(name: String, help: String, labelNames: [String]) {
        MetricText.checkName(name)
        MetricText.checkLabelNames(labelNames, metric: name)
        self.name = name
        self.help = help
        table = MetricSeriesTable(metricName: name, labelNames: labelNames)
        // A family without labels has exactly one series; it shows as 0 before the first increment.
        if labelNames.isEmpty { _ = labels() }
    }

    /// The label names, in order.
    public var labelNames: [String] { table.labelNames }

    /// The series for these label values, one per label name in order; keep it and increment it.
    public func labels(_ values: String...) -> Counter { labels(values) }

    /// The series for these label values, one per label name in order.
    public func labels(_ values: [String]) -> Counter { table.series(values) { Counter() } }

    func render(into out: inout String) {
        MetricText.header(name: name, help: help, type: "counter", into: &out)
        for (values, counter) in table.sorted() {
            out += "\(name)\(MetricText.labels(labelNames, values)) \(counter.value)\n"
        }
    }
}
