import Foundation
import Support
@testable import SyncStore
import Testing
import TestSupport

/// The backends the conformance suite runs on.
enum Backend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite, postgres
    var testDescription: String { rawValue }
}

/// A fresh, empty database of one backend: a SQLite file in a temporary folder, or a PostgreSQL server of its own.
struct StoreFixture {
    let location: StoreLocation
    /// The PostgreSQL server, to stop and start it; nil for SQLite.
    let server: PostgresServer?

    /// Short waits, so a failing test fails fast.
    static let testOptions = StoreOptions(busyTimeout: .seconds(5), reconnectTimeout: .seconds(20),
                                          reconnectBackoff: .milliseconds(20), reconnectBackoffCap: .milliseconds(500))

    /// Opens a new store (a new connection) on the fixture's database.
    func open(_ options: StoreOptions = testOptions) throws -> any DirectoryStore {
        try openStore(location, logger: Logger(label: "store", level: .error), options: options)
    }
}

/// Runs `body` with a fresh database of `backend`, removed afterwards. PostgreSQL databases are created on the
/// suite's shared server (`.sharedPostgresServer`) when there is one, else on a server of their own.
func withStoreFixture<T>(_ backend: Backend, _ body: (StoreFixture) async throws -> T) async throws -> T {
    switch backend {
    case .sqlite:
        return try await withTemporaryDirectory("store-test") { dir in
            try await body(StoreFixture(location: .sqlite(path: dir.appendingPathComponent("store.db").path), server: nil))
        }
    case .postgres:
        guard let shared = SharedPostgres.server else {
            return try await withPostgresServer { pg in
                try await body(StoreFixture(location: .postgres(url: pg.url), server: pg))
            }
        }
        let name = "t_\(UUID().uuidString.prefix(8).lowercased())"
        try PostgresRawLoop.execute(url: shared.url, "CREATE DATABASE \(name)")
        defer { try? PostgresRawLoop.execute(url: shared.url, "DROP DATABASE \(name) WITH (FORCE)") }
        return try await body(StoreFixture(location: .postgres(url: "postgres://postgres@127.0.0.1:\(shared.port)/\(name)"),
                                           server: nil))
    }
}

/// The PostgreSQL server a suite shares, when it has the `.sharedPostgresServer` trait.
enum SharedPostgres {
    @TaskLocal static var server: PostgresServer?
}

/// A suite trait: one PostgreSQL server for the whole suite (each test then makes a database of its own), started
/// before its first test and stopped after its last, whatever happens. Saves a server start per test.
struct SharedPostgresServerTrait: SuiteTrait, TestScoping {
    func provideScope(for test: Test, testCase: Test.Case?,
                      performing function: @Sendable () async throws -> Void) async throws {
        try await withPostgresServer { pg in
            try await SharedPostgres.$server.withValue(pg) { try await function() }
        }
    }
}

extension Trait where Self == SharedPostgresServerTrait {
    /// One PostgreSQL server for every test of the suite.
    static var sharedPostgresServer: Self { Self() }
}

/// Runs `body(i)` for i in 0..<count on that many threads at once and waits for all; rethrows the first error.
func onThreads(_ count: Int, _ body: @escaping @Sendable (Int) throws -> Void) throws {
    let group = DispatchGroup()
    let errors = ErrorBox()
    for i in 0..<count {
        group.enter()
        Thread.detachNewThread {
            defer { group.leave() }
            do { try body(i) } catch { errors.add(error) }
        }
    }
    group.wait()
    if let first = errors.first { throw first }
}

/// Errors collected from several threads.
final class ErrorBox: @unchecked Sendable {  // `lock` guards `errors`.
    private let lock = NSLock()
    private var errors: [any Error] = []
    func add(_ error: any Error) { lock.withLock { errors.append(error) } }
    var first: (any Error)? { lock.withLock { errors.first } }
}

/// Log lines collected from several threads.
final class LineBox: @unchecked Sendable {  // `lock` guards `lines`.
    private let lock = NSLock()
    private var lines: [String] = []
    func add(_ line: String) { lock.withLock { lines.append(line) } }
    var all: [String] { lock.withLock { lines } }
}

/// Test records.
enum Sample {
    static func body(_ text: String) -> [UInt8] { Array(text.utf8) }

    static func sourceUser(_ tenant: String, _ id: String, _ version: Int = 1) -> SourceUserRecord {
        SourceUserRecord(tenant: tenant, userId: id, body: body("\(tenant)/\(id) v\(version)"))
    }

    static func group(_ tenant: String, _ id: String, _ version: Int = 1) -> SourceGroupRecord {
        SourceGroupRecord(tenant: tenant, groupId: id, body: body("group \(tenant)/\(id) v\(version)"))
    }

    static func target(_ targetTenant: String, source: String, _ userId: String, version: Int = 1,
                       softDeletedAt: Int64? = nil) -> TargetUserRecord {
        TargetUserRecord(targetTenant: targetTenant, id: "t-\(source)-\(userId)", sourceTenant: source,
                         sourceUserId: userId, userPrincipalName: "\(userId)@\(targetTenant).example",
                         isSoftDeleted: softDeletedAt != nil, softDeletedAt: softDeletedAt,
                         body: body("target \(targetTenant) \(source)/\(userId) v\(version)"))
    }

    static func state(_ tenant: String, seq: Int64) -> TenantStateRecord {
        TenantStateRecord(tenant: tenant, lastSeq: seq, body: body("state \(tenant) \(seq)"))
    }

    static func partition(_ p: Int32) -> PartitionKey {
        PartitionKey(group: "workers", topic: "directory-changes", partition: p)
    }

    /// A batch for one source tenant: `count` users mirrored and synced to target tenant `T`, with a membership
    /// each, the tenant state, a partition move and an outbox row.
    static func batch(tenant: String, partition: Int32, expected: Int64?, next: Int64, users: Range<Int>,
                      version: Int = 1) -> StoreBatch {
        let ids = users.map { "u\($0)" }
        return StoreBatch(
            progress: [ProgressUpdate(partition: Self.partition(partition), expected: expected, next: next)],
            tenantStates: [state(tenant, seq: next)],
            sourceUsers: ids.map { sourceUser(tenant, $0, version) },
            sourceGroups: [group(tenant, "g1", version)],
            memberships: ids.map { MembershipRecord(tenant: tenant, groupId: "g1", memberKind: .user, memberId: $0, role: .member) },
            targetUsers: ids.map { target("T", source: tenant, $0, version: version) },
            outbox: body("log \(tenant) \(next)"))
    }
}

/// Everything a store holds for the given source tenants and target tenant, to compare before and after.
struct Snapshot: Equatable {
    var loaded: LoadedRecords
    var targets: [TargetUserRecord]
    var states: [TenantStateRecord]
    var outbox: [OutboxRecord]
    var progress: [Int32: Int64]

    init(_ store: any DirectoryStore, tenants: Set<String>, targetTenant: String = "T") throws {
        loaded = try store.load(LoadRequest(wholeTenants: tenants))
        targets = try store.targetUsers(tenant: targetTenant)
        states = try store.tenantStates()
        outbox = try store.pendingOutbox(limit: 1000)
        progress = try store.progress(group: "workers", topic: "directory-changes", partitions: Array(0..<8))
    }
}
