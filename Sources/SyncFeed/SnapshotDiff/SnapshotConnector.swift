import FastJSON
import Foundation

/// What one connector run did.
public struct SnapshotRunSummary: Sendable, Equatable {
    /// Changes of an interrupted earlier run published again (same seq, same bytes) before this export.
    public var resumed: Int
    /// Changes between the last published state and this export.
    public var published: Int
    /// Changes per type in this export's diff.
    public var byType: [String: Int]
    /// The seq the next change of this tenant will get.
    public var nextSeq: Int64
}

/// The snapshot-diff source connector: takes successive full exports of a tenant and publishes the changes
/// between them, with increasing `seq`, keeping its cursor in a local file.
///
/// Restart safety: before publishing, the connector writes the exact lines it is about to send and the state they
/// lead to as `pending` in the cursor (atomically, by rename); after every delivery is acknowledged it makes that
/// state the committed one. A run that finds a pending part (the last run died mid-publish) first publishes those
/// same lines again, byte for byte, with the same seqs. So no change is lost, and none is ever published under a
/// second seq: a line delivered twice is the same change `(tenant, seq)`, which the workers apply once.
public struct SnapshotConnector {
    /// The source tenant the exports belong to.
    public let tenant: String
    /// The cursor file.
    public let cursorURL: URL
    /// The seq of the first change when there is no cursor yet.
    public let firstSeq: Int64

    /// A connector for `tenant` with its cursor at `cursorURL`.
    public init(tenant: String, cursorURL: URL, firstSeq: Int64 = 1) {
        self.tenant = tenant
        self.cursorURL = cursorURL
        self.firstSeq = firstSeq
    }

    /// Publishes the changes from the last published export to `export`.
    /// - Parameter occurredAt: the RFC 3339 time stamped on the changes (the time of the export).
    /// - Throws: `FeedInputError` for an unreadable cursor or one of another tenant; the publisher's errors, in
    ///   which case the cursor keeps the pending lines for the next run.
    public func run(export: DirectoryExport, occurredAt: String,
                    publisher: inout some ChangePublisher) throws -> SnapshotRunSummary {
        var cursor = try SnapshotCursor.load(cursorURL, tenant: tenant, firstSeq: firstSeq)
        let key = Array(tenant.utf8)
        var resumed = 0
        if let pending = cursor.pending {
            for line in pending.lines { try publisher.publish(key: key, value: line) }
            try publisher.flush()
            resumed = pending.lines.count
            cursor.commitPending()
            try cursor.save(cursorURL)
        }
        let (changes, next) = SnapshotDiff.changes(from: cursor.state, to: export)
        var seq = cursor.nextSeq
        var lines: [[UInt8]] = []
        lines.reserveCapacity(changes.count)
        var byType: [String: Int] = [:]
        for change in changes {
            var fields: [(String, JSONValue)] = [
                ("schema", "tenantsync.change.v1"), ("tenantId", .string(tenant)), ("seq", .int(seq)),
                ("occurredAt", .string(occurredAt)), ("type", .string(change.type)),
            ]
            fields.append(contentsOf: change.payload.map { ($0.key, $0.value) })
            lines.append(JSONValue.object(JSONObject(fields)).serialized())
            byType[change.type, default: 0] += 1
            seq += 1
        }
        cursor.pending = .init(state: next, nextSeq: seq, lines: lines)
        try cursor.save(cursorURL)
        for line in lines { try publisher.publish(key: key, value: line) }
        try publisher.flush()
        cursor.commitPending()
        try cursor.save(cursorURL)
        return SnapshotRunSummary(resumed: resumed, published: lines.count, byType: byType, nextSeq: seq)
    }
}
