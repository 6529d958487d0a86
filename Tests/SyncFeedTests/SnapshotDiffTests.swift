import FastJSON
import Foundation
import Testing
import TestSupport
@testable import SyncFeed

/// A publisher that records what it was given, and can fail after a number of records to simulate a crash.
struct RecordingPublisher: ChangePublisher {
    var published: [[UInt8]] = []
    var failAfter: Int?

    struct Crash: Error {}

    mutating func publish(key: [UInt8], value: [UInt8]) throws {
        if let limit = failAfter, published.count >= limit { throw Crash() }
        published.append(value)
    }

    mutating func flush() throws {}
}

@Suite struct SnapshotDiffTests {
    func export(users: [(String, String)], groups: [(String, [String], [String], [String])]) throws -> DirectoryExport {
        // users: (id, jobTitle); groups: (id, user members, nested group members, owners)
        let u = JSONValue.object(["value": .array(users.map { .object(["id": .string($0.0), "jobTitle": .string($0.1),
                                                                    "@odata.etag": "x"]) })])
        let g = JSONValue.object(["value": .array(groups.map { group in
            .object(["id": .string(group.0), "displayName": .string("G \(group.0)"), "securityEnabled": true,
                     "members": .array(group.1.map { .object(["@odata.type": "#microsoft.graph.user", "id": .string($0)]) }
                        + group.2.map { .object(["@odata.type": "#microsoft.graph.group", "id": .string($0)]) }),
                     "owners": .array(group.3.map { .object(["id": .string($0)]) })])
        })])
        return try DirectoryExport(usersJSON: u.serialized(), usersName: "users.json",
                                   groupsJSON: g.serialized(), groupsName: "groups.json")
    }

    func summarize(_ changes: [DiffChange]) -> [String] {
        changes.map { c in
            let id = c.payload["user"]?["id"]?.string ?? c.payload["userId"]?.string ?? c.payload["nestedGroupId"]?.string
                ?? c.payload["group"]?["id"]?.string ?? c.payload["groupId"]?.string ?? "?"
            let group = c.type.hasPrefix("group.member") ? "\(c.payload["groupId"]!.string!)/" : ""
            let role = c.payload["role"]?.string.map { ":\($0)" } ?? ""
            return "\(c.type) \(group)\(id)\(role)"
        }
    }

    @Test func firstExportPublishesEverythingInApplyOrder() throws {
        let e = try export(users: [("u2", "Eng"), ("u1", "Sales")], groups: [("g1", ["u1"], ["g2"], ["u2"]), ("g2", [], [], [])])
        let (changes, _) = SnapshotDiff.changes(from: SnapshotState(), to: e)
        #expect(summarize(changes) == [
            "user.upserted u1", "user.upserted u2", "group.upserted g1", "group.upserted g2",
            "group.member.added g1/u1:member", "group.member.added g1/g2:member", "group.member.added g1/u2:owner",
        ])
        #expect(changes[0].payload["user"]?["@odata.etag"] == nil, "OData annotations are not user properties")
    }

    @Test func secondExportPublishesExactlyTheDifferences() throws {
        let first = try export(users: [("u1", "Sales"), ("u2", "Eng"), ("u3", "HR")],
                               groups: [("g1", ["u1", "u2"], [], ["u3"]), ("g2", ["u3"], [], [])])
        let second = try export(users: [("u1", "Sales"), ("u2", "Lead"), ("u4", "Ops")],
                                groups: [("g1", ["u1", "u4"], [], [])])
        let (_, state) = SnapshotDiff.changes(from: SnapshotState(), to: first)
        let (changes, next) = SnapshotDiff.changes(from: state, to: second)
        #expect(summarize(changes) == [
            "user.upserted u2", "user.upserted u4", "group.member.added g1/u4:member",
            "group.member.removed g1/u2:member", "group.member.removed g1/u3:owner", "group.deleted g2",
            "user.deleted u3",
        ])
        // Nothing changes when the same export comes again.
        #expect(SnapshotDiff.changes(from: next, to: second).0.isEmpty)
        // A deleted user who reappears is restored, and upserted because its snapshot is new to the state.
        let third = try export(users: [("u1", "Sales"), ("u2", "Lead"), ("u3", "HR"), ("u4", "Ops")],
                               groups: [("g1", ["u1", "u4"], [], [])])
        #expect(summarize(SnapshotDiff.changes(from: next, to: third).0) == ["user.restored u3", "user.upserted u3"])
    }

    @Test func memberOrderInTheExportDoesNotMatter() throws {
        let a = try export(users: [("u1", "A"), ("u2", "B")], groups: [("g1", ["u1", "u2"], [], [])])
        let b = try export(users: [("u2", "B"), ("u1", "A")], groups: [("g1", ["u2", "u1"], [], [])])
        let (_, state) = SnapshotDiff.changes(from: SnapshotState(), to: a)
        #expect(SnapshotDiff.changes(from: state, to: b).0.isEmpty)
    }

    @Test func badExportsNameTheFileRecordAndField() throws {
        let cases: [(String, String)] = [
            ("{\"value\": [{\"jobTitle\": \"x\"}]}", "users.json: value[0].id: missing or not a string"),
            ("{\"value\": [{\"id\": \"a\"}, {\"id\": \"a\"}]}", "users.json: value[1].id: duplicate user id 'a'"),
            ("{\"items\": []}", "users.json: expected a Graph list response {\"value\": [...]}"),
            ("{\"value\": [", "users.json: invalid JSON at line 1"),
        ]
        for (text, expected) in cases {
            do {
                _ = try DirectoryExport(usersJSON: Array(text.utf8), usersName: "users.json",
                                        groupsJSON: Array("{\"value\": []}".utf8), groupsName: "groups.json")
                Issue.record("accepted \(text)")
            } catch {
                #expect(error.message.hasPrefix(expected), "\(error.message)")
            }
        }
    }

    @Test func connectorRestartedMidPublishLosesNothingAndNeverReusesASeq() async throws {
        try await withTemporaryDirectory { dir in
            let cursor = dir.appendingPathComponent("contoso.cursor.json")
            let connector = SnapshotConnector(tenant: "contoso", cursorURL: cursor)
            let first = try export(users: [("u1", "A"), ("u2", "B")], groups: [("g1", ["u1"], [], [])])
            let second = try export(users: [("u1", "A2"), ("u3", "C")], groups: [("g1", ["u1", "u3"], [], [])])

            var ok = RecordingPublisher()
            let s1 = try connector.run(export: first, occurredAt: "2026-12-03T10:00:00.000Z", publisher: &ok)
            #expect(s1.published == 4 && s1.nextSeq == 5)

            // The second export's run dies after two of its records.
            var crashing = RecordingPublisher(failAfter: 2)
            #expect(throws: RecordingPublisher.Crash.self) {
                try connector.run(export: second, occurredAt: "2026-12-03T11:00:00.000Z", publisher: &crashing)
            }
            // The restart gets the same export again; it first re-sends the pending lines, then finds nothing new.
            var restarted = RecordingPublisher()
            let s2 = try connector.run(export: second, occurredAt: "2026-12-03T11:05:00.000Z", publisher: &restarted)
            #expect(s2.resumed == restarted.published.count)
            #expect(s2.published == 0)

            let all = ok.published + crashing.published + restarted.published
            var bySeq: [Int64: [UInt8]] = [:]
            for line in all {
                let seq = try #require(try JSONValue(parsing: line)["seq"]?.int64)
                if let earlier = bySeq[seq] { #expect(earlier == line, "seq \(seq) sent with different content") }
                bySeq[seq] = line
            }
            // Every seq from 1 to the last one is present, once in effect; the second diff is complete.
            #expect(bySeq.keys.sorted() == Array(1...Int64(bySeq.count)))
            let (expected, _) = SnapshotDiff.changes(from: SnapshotDiff.changes(from: SnapshotState(), to: first).1, to: second)
            #expect(bySeq.count == 4 + expected.count)
            #expect(s2.nextSeq == Int64(5 + expected.count))
        }
    }

    @Test func cursorOfAnotherTenantIsRefused() async throws {
        try await withTemporaryDirectory { dir in
            let cursor = dir.appendingPathComponent("c.json")
            var p = RecordingPublisher()
            let e = try export(users: [("u1", "A")], groups: [])
            _ = try SnapshotConnector(tenant: "contoso", cursorURL: cursor).run(export: e, occurredAt: "t", publisher: &p)
            #expect(throws: FeedInputError.self) {
                try SnapshotConnector(tenant: "fabrikam", cursorURL: cursor).run(export: e, occurredAt: "t", publisher: &p)
            }
        }
    }
}
