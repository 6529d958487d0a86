/// A gauge family: fixed label names, one ``Gauge`` per combination of label values. Thread-safe.
public final class GaugeFamily: Sendable, MetricFamily {
    /// The metric name.
    public let name: String
    /// The help text.
    public let help: String
    private let table: MetricSeriesTable<Gauge>

    init(name: String, help: String, labelNames: [String]) {
        MetricText.checkName(name)
        MetricText.checkLabelNames(labelNames, metric: name)
        self.name = name
        self.help = help
        table = MetricSeriesTable(metricName: name, labelNames: labelNames)
        if labelNames.isEmpty { _ = labels() }
    }

    /// The label names, in order.
    public var labelNames: [String] { table.labelNames }

    /// The series for these label values, one per label name in order; keep it and update it.
    public func labels(_ values: String...) -> Gauge { labels(values) }

    /// The series for these label values, one per label name in order.
    public func labels(_ values: [String]) -> Gauge { table.series(values) { Gauge() } }

    func render(into out: inout String) {
        MetricText.header(name: name, help: help, type: "gauge", into: &out)
        for (values, gauge) in table.sorted() {
            out += "\(name)\(MetricText.labels(labelNames, values)) \(MetricText.number(gauge.value))\n"
        }
    }
}
