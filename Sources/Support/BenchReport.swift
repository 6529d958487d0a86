import Foundation
/// The result of one `tenantsync bench` run or stage, in the shape of the command-line contract.
///
/// The measured rate and the baseline come from the same process, one right after the other, so `ratio` is
/// meaningful on a noisy machine.
public struct BenchReport: Sendable {
    /// What was measured: `pipeline`, `kafka.produce`, `kafka.consume`, `store.sqlite`, ...
    public var stage: String
    /// Events (or records, or rows) processed.
    public var events: Int
    /// Wall-clock seconds of the measured run.
    public var seconds: Double
    /// Latency percentiles in milliseconds, when measured.
    public var latencyMs: (p50: Double, p99: Double)?
    /// What the baseline does.
    public var baselineWhat: String
    /// The baseline's rate in events per second.
    public var baselineEventsPerSecond: Double
    /// The broker used (`tansu`, `mock`), if any.
    public var broker: String?
    /// The store used (`sqlite`, `postgres`), if any.
    public var store: String?
    /// Worker count, if relevant.
    public var workers: Int?

    public init(stage: String, events: Int, seconds: Double, latencyMs: (p50: Double, p99: Double)? = nil,
                baselineWhat: String, baselineEventsPerSecond: Double, broker: String? = nil, store: String? = nil,
                workers: Int? = nil) {
        self.stage = stage
        self.events = events
        self.seconds = seconds
        self.latencyMs = latencyMs
        self.baselineWhat = baselineWhat
        self.baselineEventsPerSecond = baselineEventsPerSecond
        self.broker = broker
        self.store = store
        self.workers = workers
    }

    /// Events per second of the measured run.
    public var eventsPerSecond: Double { seconds > 0 ? Double(events) / seconds : 0 }

    /// Measured rate over baseline rate.
    public var ratio: Double { baselineEventsPerSecond > 0 ? eventsPerSecond / baselineEventsPerSecond : 0 }

    /// One JSON object, as `bench --json` prints it.
    public func json() -> String {
        func num(_ d: Double) -> String {
            let r = (d * 100).rounded() / 100
            return r == r.rounded() && abs(r) < 1e15 ? String(Int64(r)) : String(r)
        }
        func str(_ s: String) -> String {
            var out = ""
            Logger.appendQuoted(s, to: &out)
            return out
        }
        var fields = ["\"stage\":\(str(stage))", "\"events\":\(events)", "\"seconds\":\(num(seconds))",
                      "\"eventsPerSecond\":\(num(eventsPerSecond))"]
        if let l = latencyMs { fields.append("\"latencyMs\":{\"p50\":\(num(l.p50)),\"p99\":\(num(l.p99))}") }
        fields.append("\"baseline\":{\"what\":\(str(baselineWhat)),\"eventsPerSecond\":\(num(baselineEventsPerSecond))}")
        fields.append("\"ratio\":\(num(ratio))")
        if let broker { fields.append("\"broker\":\(str(broker))") }
        if let store { fields.append("\"store\":\(str(store))") }
        if let workers { fields.append("\"workers\":\(workers)") }
        return "{" + fields.joined(separator: ",") + "}"
    }

    /// A few human-readable lines.
    public func text() -> String {
        var out = "\(stage): \(events) events in \(String(format: "%.2f", seconds)) s = "
            + "\(Int(eventsPerSecond.rounded()))/s; baseline (\(baselineWhat)) \(Int(baselineEventsPerSecond.rounded()))/s; "
            + "ratio \(String(format: "%.2f", ratio))"
        if let l = latencyMs { out += "; latency p50 \(String(format: "%.1f", l.p50)) ms, p99 \(String(format: "%.1f", l.p99)) ms" }
        return out
    }
}
