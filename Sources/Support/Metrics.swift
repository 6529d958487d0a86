import Synchronization

/// A registry of counters, gauges and histograms, rendered in the Prometheus text exposition format 0.0.4.
///
/// Register a family once (a name, a help text and fixed label names), take a handle for each labelled series once,
/// and update the handle on the hot path: a counter or gauge update is one atomic operation, with no dictionary
/// lookup and no lock; a histogram observation takes the series' own uncontended lock.
///
/// ```swift
/// let metrics = Metrics()
/// let applied = metrics.counter("tenantsync_changes_applied_total", help: "Changes applied.", labels: ["partition"])
/// let partition3 = applied.labels("3")   // once
/// partition3.increment()                 // per change
/// let page = metrics.render()            // for GET /metrics
/// ```
///
/// Thread-safe: the registry and each family guard their tables with a `Mutex`; series use atomics or a `Mutex`.
/// Registering a name twice with the same type and labels returns the existing family; a conflicting registration or
/// an invalid name is a programming error and traps, with a message naming the metric.
public final class Metrics: Sendable {
    /// The content type of ``render()``'s output, for the HTTP response.
    public static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    private let families = Mutex<[any MetricFamily]>([])

    /// An empty registry.
    public init() {}

    /// The counter family `name`, registered on first use.
    ///
    /// - Parameters:
    ///   - name: a Prometheus metric name; by convention counters end in `_total`.
    ///   - help: one line that says what is counted.
    ///   - labels: the label names every series of the family has, in order.
    public func counter(_ name: String, help: String, labels: [String] = []) -> CounterFamily {
        register(name) { CounterFamily(name: name, help: help, labelNames: labels) } matches: { $0.labelNames == labels }
    }

    /// The gauge family `name`, registered on first use; see ``counter(_:help:labels:)``.
    public func gauge(_ name: String, help: String, labels: [String] = []) -> GaugeFamily {
        register(name) { GaugeFamily(name: name, help: help, labelNames: labels) } matches: { $0.labelNames == labels }
    }

    /// The histogram family `name`, registered on first use.
    ///
    /// - Parameters:
    ///   - buckets: the upper bounds of the buckets, ascending; `+Inf` is implied.
    ///   - labels: label names; `le` is reserved for the buckets.
    public func histogram(
        _ name: String, help: String, labels: [String] = [], buckets: [Double] = Histogram.defaultBuckets
    ) -> HistogramFamily {
        register(name) {
            HistogramFamily(name: name, help: help, labelNames: labels, buckets: buckets)
        } matches: {
            $0.labelNames == labels && $0.buckets == buckets
        }
    }

    /// Every family in registration order, each series sorted by its label values, as Prometheus text.
    public func render() -> String {
        let snapshot = families.withLock { $0 }
        var out = ""
        for family in snapshot { family.render(into: &out) }
        return out
    }

    private func register<Family: MetricFamily>(
        _ name: String, make: () -> Family, matches: (Family) -> Bool
    ) -> Family {
        families.withLock { families in
            if let existing = families.first(where: { $0.name == name }) {
                guard let same = existing as? Family, matches(same) else {
                    preconditionFailure("metric \(name) is already registered with another type, labels or buckets")
                }
                return same
            }
            let family = make()
            families.append(family)
            return family
        }
    }
}

/// What the registry needs from a family: its name and its exposition text.
protocol MetricFamily: AnyObject, Sendable {
    var name: String { get }
    func render(into out: inout String)
}

/// Name checks and text formatting shared by the families.
enum MetricText {
    static func checkName(_ name: String) {
        precondition(isValid(name, allowColon: true), "invalid metric name \(name): use [a-zA-Z_:][a-zA-Z0-9_:]*")
    }

    static func checkLabelNames(_ labels: [String], metric: String, reserved: [String] = []) {
        for label in labels {
            precondition(isValid(label, allowColon: false) && !label.hasPrefix("__"),
                         "invalid label name \(label) of metric \(metric): use [a-zA-Z_][a-zA-Z0-9_]*, not starting with __")
            precondition(!reserved.contains(label), "label name \(label) of metric \(metric) is reserved")
        }
        precondition(Set(labels).count == labels.count, "metric \(metric) repeats a label name")
    }

    private static func isValid(_ name: String, allowColon: Bool) -> Bool {
        guard let first = name.utf8.first, !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) else { return false }
        return name.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"):
                return true
            case UInt8(ascii: ":"):
                return allowColon
            default:
                return false
            }
        }
    }

    /// `# HELP` and `# TYPE` lines; help escapes backslash and newline.
    static func header(name: String, help: String, type: String, into out: inout String) {
        var escaped = ""
        for character in help.unicodeScalars {
            switch character {
            case "\\": escaped += "\\\\"
            case "\n": escaped += "\\n"
            default: escaped.unicodeScalars.append(character)
            }
        }
        out += "# HELP \(name) \(escaped)\n# TYPE \(name) \(type)\n"
    }

    /// `{a="1",b="2"}`, or nothing without labels; values escape backslash, quote and newline.
    static func labels(_ names: [String], _ values: [String], extra: (String, String)? = nil) -> String {
        var pairs = Array(zip(names, values))
        if let extra { pairs.append(extra) }
        guard !pairs.isEmpty else { return "" }
        var out = "{"
        for (i, (name, value)) in pairs.enumerated() {
            if i > 0 { out += "," }
            out += name
            out += "=\""
            for character in value.unicodeScalars {
                switch character {
                case "\\": out += "\\\\"
                case "\"": out += "\\\""
                case "\n": out += "\\n"
                default: out.unicodeScalars.append(character)
                }
            }
            out += "\""
        }
        return out + "}"
    }

    /// A sample value: integers without a fraction, `+Inf`, `-Inf` and `NaN` as Prometheus spells them.
    static func number(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }
}
