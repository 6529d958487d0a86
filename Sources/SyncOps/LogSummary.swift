import Foundation
import FastJSON
import SyncCore

/// What a stretch of the provisioning log says: counts per target tenant × action × status, failures and skips by
/// error code (with one example reason each), and the time range covered.
public struct LogSummary: Sendable, Equatable {
    /// One (target tenant, action, status) cell.
    public struct Key: Sendable, Hashable, Comparable {
        /// The target tenant.
        public var targetTenant: String
        /// The action.
        public var action: ProvisioningAction
        /// The status.
        public var status: ProvisioningStatus

        /// Creates a key.
        public init(targetTenant: String, action: ProvisioningAction, status: ProvisioningStatus) {
            self.targetTenant = targetTenant
            self.action = action
            self.status = status
        }

        /// Ordered by tenant, then action, then status name.
        public static func < (a: Key, b: Key) -> Bool {
            (a.targetTenant, a.action.rawValue, a.status.rawValue) < (b.targetTenant, b.action.rawValue, b.status.rawValue)
        }
    }

    /// Failures or skips of one error code.
    public struct ErrorCount: Sendable, Equatable {
        /// The error code (`none` for failures and skips that carry no error).
        public var code: String
        /// The status these entries have (`failure` or `skipped`).
        public var status: ProvisioningStatus
        /// How many.
        public var count: Int
        /// The reason of the first one seen.
        public var exampleReason: String
    }

    /// Entries summarized.
    public private(set) var total = 0
    /// Counts per cell.
    public private(set) var counts: [Key: Int] = [:]
    /// Failures and skips per (status, code), in first-seen order.
    public private(set) var errors: [ErrorCount] = []
    /// The earliest entry time.
    public private(set) var earliest: Date?
    /// The latest entry time.
    public private(set) var latest: Date?

    /// An empty summary.
    public init() {}

    /// A summary of these entries.
    public init(_ entries: some Sequence<ProvisioningLogEntry>) {
        for entry in entries { add(entry) }
    }

    /// Counts one more entry.
    public mutating func add(_ e: ProvisioningLogEntry) {
        total += 1
        counts[Key(targetTenant: e.targetTenant, action: e.action, status: e.status), default: 0] += 1
        earliest = min(earliest ?? e.time, e.time)
        latest = max(latest ?? e.time, e.time)
        guard e.status == .failure || e.status == .skipped else { return }
        let code = e.error?.code ?? "none"
        if let i = errors.firstIndex(where: { $0.code == code && $0.status == e.status }) {
            errors[i].count += 1
        } else {
            let reason = e.error?.reason ?? e.steps.last?.detail ?? ""
            errors.append(ErrorCount(code: code, status: e.status, count: 1, exampleReason: reason))
        }
    }

    /// The summary as one JSON object: `total`, `from`, `to`, `counts` (rows), `errors` (rows).
    public func json() -> JSONValue {
        let rows: [JSONValue] = counts.keys.sorted().map { key in
            .object(JSONObject([
                ("targetTenant", .string(key.targetTenant)), ("action", .string(key.action.rawValue)),
                ("status", .string(key.status.rawValue)), ("count", .int(Int64(counts[key] ?? 0))),
            ]))
        }
        let errorRows: [JSONValue] = errors.map { error in
            .object(JSONObject([
                ("code", .string(error.code)), ("status", .string(error.status.rawValue)),
                ("count", .int(Int64(error.count))), ("exampleReason", .string(error.exampleReason)),
            ]))
        }
        return .object(JSONObject([
            ("total", .int(Int64(total))),
            ("from", earliest.map { .string(Timestamp.format($0)) } ?? .null),
            ("to", latest.map { .string(Timestamp.format($0)) } ?? .null),
            ("counts", .array(rows)), ("errors", .array(errorRows)),
        ]))
    }

    /// The summary for a person: the range, a table of counts, then failures and skips by code.
    public func text() -> String {
        guard total > 0, let earliest, let latest else { return "no entries\n" }
        var out = "\(total) entries from \(Timestamp.format(earliest)) to \(Timestamp.format(latest))\n\n"
        var table = [["TARGET", "ACTION", "STATUS", "COUNT"]]
        for key in counts.keys.sorted() {
            table.append([key.targetTenant, key.action.rawValue, key.status.rawValue, String(counts[key] ?? 0)])
        }
        out += TextTable.render(table)
        if !errors.isEmpty {
            out += "\nfailures and skips by code:\n"
            var errorTable = [["STATUS", "CODE", "COUNT", "EXAMPLE REASON"]]
            for error in errors.sorted(by: { $0.count > $1.count }) {
                errorTable.append([error.status.rawValue, error.code, String(error.count), error.exampleReason])
            }
            out += TextTable.render(errorTable)
        }
        return out
    }
}
