import Foundation
import Support
@testable import SyncStore
import Testing
import TestSupport

/// A database created by an older TenantSync is migrated at open with its data intact, on both backends.
@Suite(.sharedPostgresServer) struct StoreMigrationTests {
    /// The rows written into the version-1 database, as the version-1 code would have stored them.
    static let users = [
        Sample.target("T", source: "A", "u1"),
        Sample.target("T", source: "A", "u2", softDeletedAt: 1_764_000_000_123),
        Sample.target("T", source: "B", "u1"),
        Sample.target("U", source: "A", "u1"),
    ]

    @Test(arguments: Backend.allCases)
    func versionOneDatabaseMigratesToTheCurrentVersionWithItsDataAndLookUps(backend: Backend) async throws {
        try await withStoreFixture(backend) { fixture in
            try Self.createVersionOne(fixture.location, backend: backend)

            let store = try fixture.open()
            let current = backend == .sqlite ? SQLiteSchema.version : PostgresSchema.version
            #expect(current == 2)
            #expect(try schemaVersions(store) == [current])

            // Every tooling look-up finds the old rows.
            #expect(try store.targetUsers(tenant: "T") == Self.users.filter { $0.targetTenant == "T" }.sorted { $0.key < $1.key })
            #expect(try store.targetUsers(tenant: "U") == [Sample.target("U", source: "A", "u1")])
            #expect(try store.targetUser(tenant: "T", sourceTenant: "A", sourceUserId: "u2") == Self.users[1])
            #expect(try store.targetUser(tenant: "T", userPrincipalName: "u1@T.example")?.sourceTenant == "A")
            #expect(try store.tenantStates() == [Sample.state("A", seq: 7)])
            #expect(try store.sourceUsers(tenant: "A") == [Sample.sourceUser("A", "u1")])
            #expect(try store.progress(group: "workers", topic: "directory-changes", partitions: [0]) == [0: 7])
            #expect(try store.pendingOutbox(limit: 10).map(\.body) == [Sample.body("log A 7")])
            // The worker's look-ups: by source anchor (every target's copy) and by whole source tenant.
            let loaded = try store.load(LoadRequest(targetUsersByAnchor: ["A": ["u1"]]))
            #expect(loaded.targetUsers == [Sample.target("T", source: "A", "u1"), Sample.target("U", source: "A", "u1")])
            let whole = try store.load(LoadRequest(wholeTenants: ["B"]))
            #expect(whole.targetUsers == [Sample.target("T", source: "B", "u1")])

            // The migrated table takes upserts by anchor: an update replaces the row, a new anchor adds one, and an
            // anchor stored with another id is still refused.
            try store.apply(StoreBatch(
                progress: [ProgressUpdate(partition: Sample.partition(0), expected: 7, next: 8)],
                targetUsers: [Sample.target("T", source: "A", "u1", version: 2), Sample.target("T", source: "A", "u3")]))
            #expect(try store.targetUsers(tenant: "T").count == 4)
            #expect(try store.targetUser(tenant: "T", sourceTenant: "A", sourceUserId: "u1")
                == Sample.target("T", source: "A", "u1", version: 2))
            var clash = Sample.target("T", source: "B", "u1")
            clash.id = "another-id"
            let error = try #require(throws: StoreError.self) { try store.apply(StoreBatch(targetUsers: [clash])) }
            guard case .constraint = error else { Issue.record("expected a constraint error, got \(error)"); return }

            // Opening again finds the work done.
            let reopened = try fixture.open()
            #expect(try schemaVersions(reopened) == [current])
            #expect(try reopened.targetUsers(tenant: "T").count == 4)
        }
    }

    /// Creates the version-1 schema with the version-1 DDL (migrations are append-only, so the first one is it) and
    /// fills it with `users`, a source user, a tenant state, partition progress and an outbox row.
    static func createVersionOne(_ location: StoreLocation, backend: Backend) throws {
        func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }
        func blob(_ bytes: [UInt8]) -> String { backend == .sqlite ? "X'\(hex(bytes))'" : "'\\x\(hex(bytes))'::bytea" }
        func bool(_ value: Bool) -> String { backend == .sqlite ? (value ? "1" : "0") : (value ? "true" : "false") }
        var sql = [
            backend == .sqlite ? SQLiteSchema.migrations[0] : PostgresSchema.migrations[0],
            "CREATE TABLE schema_version (version integer NOT NULL)",
            "INSERT INTO schema_version (version) VALUES (1)",
            "INSERT INTO source_users (tenant, user_id, body) VALUES ('A', 'u1', \(blob(Sample.sourceUser("A", "u1").body)))",
            "INSERT INTO tenant_states (tenant, last_seq, body) VALUES ('A', 7, \(blob(Sample.state("A", seq: 7).body)))",
            """
            INSERT INTO partition_progress (consumer_group, topic, partition, next_offset)
            VALUES ('workers', 'directory-changes', 0, 7)
            """,
            "INSERT INTO outbox (body) VALUES (\(blob(Sample.body("log A 7"))))",
        ]
        for u in users {
            sql.append("""
                INSERT INTO target_users (target_tenant, id, source_tenant, source_user_id, user_principal_name,
                                          is_soft_deleted, soft_deleted_at, body)
                VALUES ('\(u.targetTenant)', '\(u.id)', '\(u.sourceTenant)', '\(u.sourceUserId)', '\(u.userPrincipalName)',
                        \(bool(u.isSoftDeleted)), \(u.softDeletedAt.map(String.init) ?? "NULL"), \(blob(u.body)))
                """)
        }
        switch location {
        case .sqlite(let path):
            let db = try SQLiteConnection(path: path, busyTimeout: .seconds(5))
            try db.execute("BEGIN; " + sql.joined(separator: ";\n") + "; COMMIT")
        case .postgres(let url):
            try PostgresRawLoop.execute(url: url, "BEGIN; " + sql.joined(separator: ";\n") + "; COMMIT")
        }
    }
}
