import FastJSON
import Foundation

/// The connector's cursor file: the committed state and next seq, and the pending lines of a run in progress.
struct SnapshotCursor {
    struct Pending {
        var state: SnapshotState
        var nextSeq: Int64
        var lines: [[UInt8]]
    }

    var tenant: String
    var state: SnapshotState
    var nextSeq: Int64
    var pending: Pending?

    mutating func commitPending() {
        guard let p = pending else { return }
        state = p.state
        nextSeq = p.nextSeq
        pending = nil
    }

    static func load(_ url: URL, tenant: String, firstSeq: Int64) throws(FeedInputError) -> SnapshotCursor {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            return SnapshotCursor(tenant: tenant, state: SnapshotState(), nextSeq: firstSeq, pending: nil)
        }
        let file = url.path
        let root: JSONValue
        do { root = try JSONValue(parsing: Array(data)) } catch {
            throw FeedInputError("\(file): invalid JSON at line \(error.line), column \(error.column): \(error.message)")
        }
        guard root["version"]?.int64 == 1 else { throw FeedInputError("\(file): version: expected 1") }
        guard let t = root["tenantId"]?.string else { throw FeedInputError("\(file): tenantId: missing") }
        guard t == tenant else {
            throw FeedInputError("\(file): tenantId: the cursor belongs to tenant '\(t)', not '\(tenant)'")
        }
        guard let seq = root["nextSeq"]?.int64 else { throw FeedInputError("\(file): nextSeq: missing or not an integer") }
        guard let stateJSON = root["state"] else { throw FeedInputError("\(file): state: missing") }
        var cursor = SnapshotCursor(tenant: t, state: try SnapshotState(json: stateJSON, file: file), nextSeq: seq)
        if let p = root["pending"], !p.isNull {
            guard let pSeq = p["nextSeq"]?.int64, let pState = p["state"], let pLines = p["lines"]?.array else {
                throw FeedInputError("\(file): pending: unreadable; move the cursor aside to start over")
            }
            cursor.pending = Pending(state: try SnapshotState(json: pState, file: file), nextSeq: pSeq,
                                     lines: pLines.map { Array(($0.string ?? "").utf8) })
        }
        return cursor
    }

    /// Writes the cursor to a temporary file, syncs it and renames it over the old one: a crash leaves either the
    /// old cursor or the new one, never half of one.
    func save(_ url: URL) throws {
        var fields: [(String, JSONValue)] = [
            ("version", 1), ("tenantId", .string(tenant)), ("nextSeq", .int(nextSeq)), ("state", state.json),
        ]
        if let p = pending {
            fields.append(("pending", .object(JSONObject([
                ("nextSeq", .int(p.nextSeq)), ("state", p.state.json),
                ("lines", .array(p.lines.map { .string(String(decoding: $0, as: UTF8.self)) })),
            ]))))
        } else {
            fields.append(("pending", .null))
        }
        let bytes = JSONValue.object(JSONObject(fields)).serialized()
        let tmp = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).tmp")
        _ = FileManager.default.createFile(atPath: tmp.path, contents: nil)
        let handle = try FileHandle(forWritingTo: tmp)
        try handle.write(contentsOf: bytes)
        try handle.synchronize()
        try handle.close()
        if rename(tmp.path, url.path) != 0 {
            throw FeedInputError("\(url.path): cannot replace the cursor: errno \(errno)")
        }
    }
}
