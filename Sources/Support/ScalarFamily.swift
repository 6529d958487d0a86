/// A series holding one number: a ``Counter`` or a ``Gauge``.
public protocol ScalarSeries: AnyObject, Sendable {
    /// The Prometheus type written in `# TYPE` (`counter`, `gauge`).
    static var metricType: String { get }
    /// A new series at zero.
    init()
    /// The current value as exposition text.
    var renderedValue: String { get }
}

extension Counter: ScalarSeries {
    public static var metricType: String { "counter" }
    public var renderedValue: String { String(value) }
}

extension Gauge: ScalarSeries {
    public static var metricType: String { "gauge" }
    public var renderedValue: String { MetricText.number(value) }
}

/// A counter family: fixed label names, one ``Counter`` per combination of label values. Thread-safe.
public typealias CounterFamily = ScalarFamily<Counter>

/// A gauge family: fixed label names, one ``Gauge`` per combination of label values. Thread-safe.
public typealias GaugeFamily = ScalarFamily<Gauge>

/// A family of one-number series (counters or gauges): fixed label names, one series per combination of label
/// values. Thread-safe: the series table has its own lock and each series is atomic.
public final class ScalarFamily<Series: ScalarSeries>: Sendable, MetricFamily {
    /// The metric name.
    public let name: String
    /// The help text.
    public let help: String
    private let table: MetricSeriesTable<Series>

    init(name: String, help: String, labelNames: [String]) {
        MetricText.checkName(name)
        MetricText.checkLabelNames(labelNames, metric: name)
        self.name = name
        self.help = help
        table = MetricSeriesTable(metricName: name, labelNames: labelNames)
        // A family without labels has exactly one series; it shows as 0 before the first update.
        if labelNames.isEmpty { _ = labels() }
    }

    /// The label names, in order.
    public var labelNames: [String] { table.labelNames }

    /// The series for these label values, one per label name in order; keep it and update it.
    public func labels(_ values: String...) -> Series { labels(values) }

    /// The series for these label values, one per label name in order.
    public func labels(_ values: [String]) -> Series { table.series(values) { Series() } }

    func render(into out: inout String) {
        MetricText.header(name: name, help: help, type: Series.metricType, into: &out)
        for (values, series) in table.sorted() {
            out += "\(name)\(MetricText.labels(labelNames, values)) \(series.renderedValue)\n"
        }
    }
}
