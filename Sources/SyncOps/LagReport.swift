import FastJSON

/// A consumer group's lag over a topic, per partition and in total, like `kafka-consumer-groups --describe`.
public struct LagReport: Sendable, Equatable {
    /// The group.
    public var group: String
    /// The topic.
    public var topic: String
    /// One row per partition, in partition order.
    public var partitions: [PartitionLag]

    /// Creates a report.
    public init(group: String, topic: String, partitions: [PartitionLag]) {
        self.group = group
        self.topic = topic
        self.partitions = partitions.sorted { $0.partition < $1.partition }
    }

    /// The sum of the known lags (partitions without a committed offset count as nothing).
    public var totalLag: Int64 { partitions.reduce(0) { $0 + ($1.lag ?? 0) } }

    /// Partitions where the group has no committed offset.
    public var uncommitted: Int { partitions.filter { $0.committed == nil }.count }

    /// One JSON object: `group`, `topic`, `totalLag`, `partitions` (committed and lag null where none).
    public func json() -> JSONValue {
        .object(JSONObject([
            ("group", .string(group)), ("topic", .string(topic)), ("totalLag", .int(totalLag)),
            ("partitions", .array(partitions.map { row in
                .object(JSONObject([
                    ("partition", .int(Int64(row.partition))),
                    ("committed", row.committed.map { .int($0) } ?? .null),
                    ("end", .int(row.end)), ("highWatermark", .int(row.highWatermark)),
                    ("lag", row.lag.map { .int($0) } ?? .null),
                ]))
            })),
        ]))
    }

    /// A table: GROUP TOPIC PARTITION CURRENT-OFFSET LOG-END-OFFSET LAG, then the total.
    public func text() -> String {
        var rows = [["GROUP", "TOPIC", "PARTITION", "CURRENT-OFFSET", "LOG-END-OFFSET", "LAG"]]
        for row in partitions {
            rows.append([group, topic, String(row.partition), row.committed.map(String.init) ?? "-", String(row.end),
                         row.lag.map(String.init) ?? "-"])
        }
        var out = TextTable.render(rows)
        out += "total lag: \(totalLag)"
        if uncommitted > 0 { out += " (\(uncommitted) partitions without a committed offset)" }
        return out + "\n"
    }
}
