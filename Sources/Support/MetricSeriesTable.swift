import Synchronization

/// The series of one metric family, keyed by their label values; a handle is made once per label combination.
///
/// Thread-safe: the table is guarded by a `Mutex`, taken only to find or create a handle and to render.
final class MetricSeriesTable<Series: AnyObject & Sendable>: Sendable {
    let metricName: String
    let labelNames: [String]
    private let table = Mutex<[[String]: Series]>([:])

    init(metricName: String, labelNames: [String]) {
        self.metricName = metricName
        self.labelNames = labelNames
    }

    /// The handle for these label values, made by `make` the first time.
    func series(_ values: [String], make: () -> Series) -> Series {
        precondition(values.count == labelNames.count,
                     "metric \(metricName) takes \(labelNames.count) label values (\(labelNames.joined(separator: ", "))), got \(values.count)")
        return table.withLock { table in
            if let existing = table[values] { return existing }
            let series = make()
            table[values] = series
            return series
        }
    }

    /// Every series, sorted by label values so that the output is stable.
    func sorted() -> [(values: [String], series: Series)] {
        let all = table.withLock { table in table.map { (values: $0.key, series: $0.value) } }
        return all.sorted { $0.values.lexicographicallyPrecedes($1.values) }
    }
}
