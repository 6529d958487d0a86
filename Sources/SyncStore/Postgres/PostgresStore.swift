import Foundation
import Support

/// The fleet store: a PostgreSQL database through libpq. One transaction per batch (READ COMMITTED, see the fence
/// in `PostgresStatement`), one multi-row statement per record kind with whole columns as binary array parameters.
///
/// A batch is two round trips (`apply(_:)`): everything up to the fences' results in one pipeline, then `COMMIT`.
/// When the server goes away, the store reconnects with capped exponential backoff, waiting up to
/// `StoreOptions.reconnectTimeout` (then `StoreError.unreachable`). A batch whose connection died before its
/// `COMMIT` committed nothing and is sent again on the new connection; one that lost it during `COMMIT` fails with
/// `StoreError.connectionLost`, and is never half-applied either way: an uncommitted transaction dies with its
/// connection. Reads are simply repeated once on a new connection.
///
/// Not thread-safe and not `Sendable`: one worker thread owns it.
final class PostgresStore: DirectoryStore {
    private let url: String
    private let logger: Logger
    private let options: StoreOptions
    private var connection: PGConnection?
    private var parameters = PGParameters()

    var locationDescription: String { StoreLocation.postgres(url: url).description }

    /// Connects (waiting for the server up to `options.reconnectTimeout`), migrates the schema and prepares the
    /// statements.
    /// - Throws: `StoreError.unreachable`, `.schemaTooNew`, `.database`.
    init(url: String, logger: Logger, options: StoreOptions) throws {
        self.url = url
        self.logger = logger
        self.options = options
        _ = try connected()
    }

    // MARK: Connection

    /// The live connection, after (re)connecting with backoff if there is none.
    private func connected() throws -> PGConnection {
        if let connection, !connection.isBroken { return connection }
        connection = nil
        let clock = ContinuousClock()
        let deadline = clock.now + options.reconnectTimeout
        var pause = options.reconnectBackoff
        var attempt = 0
        while true {
            attempt += 1
            do {
                let fresh = try PGConnection(url: url)
                try Self.migrate(fresh, logger: logger)
                for statement in PostgresStatement.allCases { try fresh.prepare(statement.name, statement.sql) }
                if attempt > 1 { logger.notice("store reconnected", metadata: ["server": fresh.server, "attempts": "\(attempt)"]) }
                connection = fresh
                return fresh
            } catch let error as StoreError {
                // A server still starting or already stopping again may also drop the fresh connection.
                switch error {
                case .unreachable, .connectionLost: break
                default: throw error
                }
                guard clock.now + pause < deadline else { throw error }
                logger.warning("store unreachable, retrying", metadata: ["error": error.description, "attempt": "\(attempt)",
                                                                         "pauseMs": "\(Int(Self.seconds(pause) * 1000))"])
                Thread.sleep(forTimeInterval: Self.seconds(pause))
                pause = min(pause * 2, options.reconnectBackoffCap)
            }
        }
    }

    private static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }

    /// Runs a read-only operation; when the connection turns out to be broken it reconnects and runs it once more
    /// (reads have no effect to repeat).
    private func reading<T>(_ body: (PGConnection) throws -> T) throws -> T {
        do {
            return try body(try connected())
        } catch StoreError.connectionLost(let server, let message) {
            logger.warning("store connection lost, reconnecting", metadata: ["server": server, "error": message])
            connection = nil
            return try body(try connected())
        }
    }

    /// Creates or migrates the schema in one transaction holding an advisory lock, so processes opening a fresh
    /// database at once take turns and the later ones find the work done.
    private static func migrate(_ db: PGConnection, logger: Logger) throws {
        try db.execute("BEGIN")
        do {
            try db.execute("""
                SELECT pg_advisory_xact_lock(\(PostgresSchema.migrationLock));
                CREATE TABLE IF NOT EXISTS schema_version (version integer NOT NULL)
                """)
            let found = Int(try db.execute("SELECT coalesce(max(version), 0)::bigint FROM schema_version").text(0, 0)) ?? 0
            guard found <= PostgresSchema.version else {
                throw StoreError.schemaTooNew(found: found, supported: PostgresSchema.version)
            }
            if found < PostgresSchema.version {
                for version in (found + 1)...PostgresSchema.version {
                    try db.execute(PostgresSchema.migrations[version - 1])
                    try db.execute("DELETE FROM schema_version; INSERT INTO schema_version (version) VALUES (\(version))")
                    logger.info("store schema migrated", metadata: ["server": db.server, "version": "\(version)"])
                }
            }
            try db.execute("COMMIT")
        } catch {
            if !db.isBroken { _ = try? db.execute("ROLLBACK") }
            throw error
        }
    }

    // MARK: Writing

    /// Two round trips: the first sends `BEGIN`, the fences and every write in one pipeline; the second sends
    /// `COMMIT` once every fence moved (or `ROLLBACK`). A connection lost during the first round trip committed
    /// nothing, so the batch is sent again on a new connection (this is how a batch after a server restart waits and
    /// succeeds); one lost during `COMMIT` fails the batch with `.connectionLost`: the commit may or may not have
    /// happened, and the retried batch's fence tells (`StoreError.meansAlreadyApplied`).
    func apply(_ batch: StoreBatch) throws {
        var attempt = 0
        while true {
            attempt += 1
            let db = try connected()
            do {
                try applyOnce(batch, on: db)
                return
            } catch StoreError.connectionLost(let server, let message) where attempt == 1 && !committing {
                logger.warning("store connection lost before commit, sending the batch again",
                               metadata: ["server": server, "error": message])
                connection = nil
            } catch {
                if db.isBroken { connection = nil }
                throw error
            }
        }
    }

    /// Whether the current batch has sent its `COMMIT`: from then on a lost connection leaves its outcome unknown.
    private var committing = false

    /// Where the current batch's target-user upsert is in the pipeline's results, and how many rows it must affect.
    private var targetUpsert: (result: Int, rows: Int)?

    private func applyOnce(_ batch: StoreBatch, on db: PGConnection) throws {
        committing = false
        targetUpsert = nil
        try db.beginPipeline()
        var results: [PGResult]
        do {
            try db.send("BEGIN")
            try write(batch, on: db)
            results = try db.finishPipeline()
        } catch {
            // A fault injected while queueing, or a statement that failed: nothing may stay of the transaction.
            if db.isInPipeline { _ = try? db.finishPipeline() }
            if !db.isBroken { _ = try? db.execute("ROLLBACK") }
            throw error
        }
        for (index, update) in batch.progress.enumerated() where results[index + 1].affectedRows != 1 {
            _ = try? db.execute("ROLLBACK")
            let key = update.partition
            let found = try progress(group: key.group, topic: key.topic, partitions: [key.partition], on: db)
            throw StoreError.progressConflict(partition: key, expected: update.expected, found: found[key.partition])
        }
        if let upsert = targetUpsert,
           !results.indices.contains(upsert.result) || results[upsert.result].affectedRows != upsert.rows {
            _ = try? db.execute("ROLLBACK")
            throw try anchorIdMismatch(in: batch.targetUsers, on: db)
        }
        committing = true
        defer { committing = false }
        try db.execute("COMMIT")
    }

    /// Queues the batch's statements on the pipeline: the fences first (their results follow `BEGIN`'s), then one
    /// multi-row statement per record kind.
    private func write(_ batch: StoreBatch, on db: PGConnection) throws {
        let faults = options.faults
        var sent = 0  // the pipeline's results: BEGIN's, then one per statement sent here
        func run(_ statement: PostgresStatement) throws {
            try db.send(prepared: statement.name, parameters, sql: statement.sql)
            sent += 1
            try faults?.statementExecuted()
        }
        for update in batch.progress {
            let key = update.partition
            parameters.reset()
            parameters.append(key.group)
            parameters.append(key.topic)
            parameters.append(key.partition)
            parameters.append(update.next)
            if let expected = update.expected { parameters.append(expected) }
            try run(update.expected == nil ? .fenceInsert : .fenceUpdate)
        }
        let deletedUsers = Self.lastPerKey(batch.deletedSourceUsers) { $0 }
        if !deletedUsers.isEmpty {
            parameters.reset()
            parameters.appendArray(of: .text, deletedUsers) { $0.element($1.tenant) }
            parameters.appendArray(of: .text, deletedUsers) { $0.element($1.id) }
            try run(.deleteSourceUsers)
        }
        let deletedGroups = Self.lastPerKey(batch.deletedSourceGroups) { $0 }
        if !deletedGroups.isEmpty {
            parameters.reset()
            parameters.appendArray(of: .text, deletedGroups) { $0.element($1.tenant) }
            parameters.appendArray(of: .text, deletedGroups) { $0.element($1.id) }
            try run(.deleteSourceGroups)
        }
        if !batch.deletedMemberships.isEmpty {
            encodeMemberships(batch.deletedMemberships)
            try run(.deleteMemberships)
        }
        let deletedTargets = Self.lastPerKey(batch.deletedTargetUsers) { $0 }
        if !deletedTargets.isEmpty {
            parameters.reset()
            parameters.appendArray(of: .text, deletedTargets) { $0.element($1.sourceTenant) }
            parameters.appendArray(of: .text, deletedTargets) { $0.element($1.sourceUserId) }
            parameters.appendArray(of: .text, deletedTargets) { $0.element($1.targetTenant) }
            try run(.deleteTargetUsers)
        }
        let users = Self.lastPerKey(batch.sourceUsers) { $0.key }
        if !users.isEmpty {
            parameters.reset()
            parameters.appendArray(of: .text, users) { $0.element($1.tenant) }
            parameters.appendArray(of: .text, users) { $0.element($1.userId) }
            parameters.appendArray(of: .bytea, users) { $0.element(bytes: $1.body) }
            try run(.upsertSourceUsers)
        }
        let groups = Self.lastPerKey(batch.sourceGroups) { $0.key }
        if !groups.isEmpty {
            parameters.reset()
            parameters.appendArray(of: .text, groups) { $0.element($1.tenant) }
            parameters.appendArray(of: .text, groups) { $0.element($1.groupId) }
            parameters.appendArray(of: .bytea, groups) { $0.element(bytes: $1.body) }
            try run(.upsertSourceGroups)
        }
        if !batch.memberships.isEmpty {
            encodeMemberships(batch.memberships)
            try run(.insertMemberships)
        }
        let targets = Self.lastPerKey(batch.targetUsers) { $0.anchor }
        if !targets.isEmpty {
            Self.encodeTargetUsers(targets, into: &parameters)
            try run(.upsertTargetUsers)
            targetUpsert = (result: sent, rows: targets.count)
        }
        let states = Self.lastPerKey(batch.tenantStates) { $0.tenant }
        if !states.isEmpty {
            parameters.reset()
            parameters.appendArray(of: .text, states) { $0.element($1.tenant) }
            parameters.appendArray(of: .int8, states) { $0.element(Optional($1.lastSeq)) }
            parameters.appendArray(of: .bytea, states) { $0.element(bytes: $1.body) }
            try run(.upsertTenantStates)
        }
        if let outbox = batch.outbox {
            parameters.reset()
            parameters.append(bytes: outbox)
            try run(.insertOutbox)
        }
    }

    /// The error for a target-user upsert that affected fewer rows than it sent: names the first user whose anchor
    /// is stored with another id (read after the rollback).
    private func anchorIdMismatch(in users: [TargetUserRecord], on db: PGConnection) throws -> StoreError {
        for user in users {
            let r = try query(.targetUserByAnchor, on: db) { p in
                p.append(user.sourceTenant)
                p.append(user.sourceUserId)
                p.append(user.targetTenant)
            }
            if r.rowCount > 0, Self.targetUser(r, 0).id != user.id { return .anchorIdMismatch(user) }
        }
        return .constraint(message: "a target-user upsert changed fewer rows than it was given")
    }

    /// Encodes the eight columns of target users as array parameters $1...$8 of `upsertTargetUsers`.
    static func encodeTargetUsers(_ users: [TargetUserRecord], into p: inout PGParameters) {
        p.reset()
        p.appendArray(of: .text, users) { $0.element($1.targetTenant) }
        p.appendArray(of: .text, users) { $0.element($1.id) }
        p.appendArray(of: .text, users) { $0.element($1.sourceTenant) }
        p.appendArray(of: .text, users) { $0.element($1.sourceUserId) }
        p.appendArray(of: .text, users) { $0.element($1.userPrincipalName) }
        p.appendArray(of: .bool, users) { $0.element($1.isSoftDeleted) }
        p.appendArray(of: .int8, users) { $0.element($1.softDeletedAt) }
        p.appendArray(of: .bytea, users) { $0.element(bytes: $1.body) }
    }

    private func encodeMemberships(_ memberships: [MembershipRecord]) {
        parameters.reset()
        parameters.appendArray(of: .text, memberships) { $0.element($1.tenant) }
        parameters.appendArray(of: .text, memberships) { $0.element($1.groupId) }
        parameters.appendArray(of: .int4, memberships) { $0.element(Int32($1.memberKind.rawValue)) }
        parameters.appendArray(of: .text, memberships) { $0.element($1.memberId) }
        parameters.appendArray(of: .int4, memberships) { $0.element(Int32($1.role.rawValue)) }
    }

    /// The records with the last one of each key kept, in their order: one statement may not upsert a row twice
    /// (PostgreSQL refuses `ON CONFLICT DO UPDATE` affecting a row a second time). Returns the input itself when
    /// every key is distinct, the usual case.
    static func lastPerKey<T, K: Hashable>(_ records: [T], key: (T) -> K) -> [T] {
        guard records.count > 1 else { return records }
        var seen = Set<K>(minimumCapacity: records.count)
        for record in records { seen.insert(key(record)) }
        if seen.count == records.count { return records }
        seen.removeAll(keepingCapacity: true)
        var kept: [T] = []
        for record in records.reversed() where seen.insert(key(record)).inserted { kept.append(record) }
        return kept.reversed()
    }

    func deleteOutbox(ids: [Int64]) throws {
        guard !ids.isEmpty else { return }
        try reading { db in
            parameters.reset()
            parameters.appendArray(of: .int8, ids) { $0.element(Optional($1)) }
            try db.execute(prepared: PostgresStatement.deleteOutbox.name, parameters, sql: PostgresStatement.deleteOutbox.sql)
        }
    }

    // MARK: Reading

    private func query(_ statement: PostgresStatement, on db: PGConnection, _ encode: (inout PGParameters) -> Void)
        throws -> PGResult {
        parameters.reset()
        encode(&parameters)
        return try db.execute(prepared: statement.name, parameters, sql: statement.sql)
    }

    /// Sends every query of the request in one pipeline (one round trip), inside one REPEATABLE READ snapshot.
    func load(_ request: LoadRequest) throws -> LoadedRecords {
        try reading { db in
            var result = LoadedRecords()
            var readers: [(PGResult) -> Void] = []
            try db.beginPipeline()
            var finished = false
            defer { if !finished { _ = try? db.finishPipeline() } }  // a send failed: drain and leave pipeline mode
            func send(_ statement: PostgresStatement, _ encode: (inout PGParameters) -> Void,
                      _ read: @escaping (PGResult) -> Void) throws {
                parameters.reset()
                encode(&parameters)
                try db.send(prepared: statement.name, parameters, sql: statement.sql)
                readers.append(read)
            }
            try db.send("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            readers.append { _ in }

            let whole = request.wholeTenants
            let stateTenants = Array(request.tenantStates.union(whole))
            if !stateTenants.isEmpty {
                try send(.tenantStates, { $0.appendArray(of: .text, stateTenants) { $0.element($1) } }) { r in
                    for row in 0..<r.rowCount {
                        let state = Self.tenantState(r, row)
                        result.tenantStates[state.tenant] = state
                    }
                }
            }
            let users = Self.pairs(request.sourceUsers, excluding: whole)
            if !users.isEmpty {
                try send(.sourceUsers, { Self.encodePairs(users, &$0) }) { r in
                    for row in 0..<r.rowCount { result.sourceUsers.append(Self.sourceUser(r, row)) }
                }
            }
            let groups = Self.pairs(request.sourceGroups, excluding: whole)
            if !groups.isEmpty {
                try send(.sourceGroups, { Self.encodePairs(groups, &$0) }) { r in
                    for row in 0..<r.rowCount { result.sourceGroups.append(Self.sourceGroup(r, row)) }
                }
                try send(.membershipsByGroup, { Self.encodePairs(groups, &$0) }) { r in
                    for row in 0..<r.rowCount { result.memberships.append(Self.membership(r, row)) }
                }
            }
            let members = users.map { ($0.tenant, MembershipRecord.MemberKind.user, $0.id) }
                + groups.map { ($0.tenant, MembershipRecord.MemberKind.group, $0.id) }
            if !members.isEmpty {
                try send(.membershipsByMember, { p in
                    p.appendArray(of: .text, members) { $0.element($1.0) }
                    p.appendArray(of: .int4, members) { $0.element(Int32($1.1.rawValue)) }
                    p.appendArray(of: .text, members) { $0.element($1.2) }
                }) { r in
                    for row in 0..<r.rowCount { result.memberships.append(Self.membership(r, row)) }
                }
            }
            let anchors = Self.pairs(request.targetUsersByAnchor, excluding: whole)
            if !anchors.isEmpty {
                try send(.targetUsersByAnchor, { Self.encodePairs(anchors, &$0) }) { r in
                    for row in 0..<r.rowCount { result.targetUsers.append(Self.targetUser(r, row)) }
                }
            }
            if !whole.isEmpty {
                let tenants = Array(whole)
                let encode: (inout PGParameters) -> Void = { $0.appendArray(of: .text, tenants) { $0.element($1) } }
                try send(.sourceUsersOfTenants, encode) { r in
                    for row in 0..<r.rowCount { result.sourceUsers.append(Self.sourceUser(r, row)) }
                }
                try send(.sourceGroupsOfTenants, encode) { r in
                    for row in 0..<r.rowCount { result.sourceGroups.append(Self.sourceGroup(r, row)) }
                }
                try send(.membershipsOfTenants, encode) { r in
                    for row in 0..<r.rowCount { result.memberships.append(Self.membership(r, row)) }
                }
                try send(.targetUsersOfSourceTenants, encode) { r in
                    for row in 0..<r.rowCount { result.targetUsers.append(Self.targetUser(r, row)) }
                }
            }
            try db.send("COMMIT")
            readers.append { _ in }
            finished = true
            let results = try db.finishPipeline()
            for (r, read) in zip(results, readers) { read(r) }
            result.normalize()
            return result
        }
    }

    private static func pairs(_ byTenant: [String: Set<String>], excluding: Set<String>) -> [TenantScopedId] {
        var out: [TenantScopedId] = []
        for (tenant, ids) in byTenant where !excluding.contains(tenant) {
            for id in ids { out.append(TenantScopedId(tenant: tenant, id: id)) }
        }
        return out
    }

    private static func encodePairs(_ pairs: [TenantScopedId], _ p: inout PGParameters) {
        p.appendArray(of: .text, pairs) { $0.element($1.tenant) }
        p.appendArray(of: .text, pairs) { $0.element($1.id) }
    }

    func progress(group: String, topic: String, partitions: [Int32]) throws -> [Int32: Int64] {
        try reading { db in try progress(group: group, topic: topic, partitions: partitions, on: db) }
    }

    private func progress(group: String, topic: String, partitions: [Int32], on db: PGConnection) throws -> [Int32: Int64] {
        let r = try query(.progressGet, on: db) { p in
            p.append(group)
            p.append(topic)
            p.appendArray(of: .int4, partitions) { $0.element($1) }
        }
        var result: [Int32: Int64] = [:]
        for row in 0..<r.rowCount { result[Int32(r.int64(row, 0))] = r.int64(row, 1) }
        return result
    }

    func pendingOutbox(limit: Int) throws -> [OutboxRecord] {
        try reading { db in
            let r = try query(.pendingOutbox, on: db) { $0.append(Int64(limit)) }
            return (0..<r.rowCount).map { OutboxRecord(id: r.int64($0, 0), body: r.bytes($0, 1)) }
        }
    }

    func targetUsers(tenant: String) throws -> [TargetUserRecord] {
        try reading { db in
            let r = try query(.targetUsersOfTenant, on: db) { $0.append(tenant) }
            return (0..<r.rowCount).map { Self.targetUser(r, $0) }
        }
    }

    func targetUser(tenant: String, sourceTenant: String, sourceUserId: String) throws -> TargetUserRecord? {
        try reading { db in
            let r = try query(.targetUserByAnchor, on: db) { p in
                p.append(sourceTenant)
                p.append(sourceUserId)
                p.append(tenant)
            }
            return r.rowCount > 0 ? Self.targetUser(r, 0) : nil
        }
    }

    func targetUser(tenant: String, userPrincipalName: String) throws -> TargetUserRecord? {
        try reading { db in
            let r = try query(.targetUserByUPN, on: db) { p in
                p.append(tenant)
                p.append(userPrincipalName)
            }
            return r.rowCount > 0 ? Self.targetUser(r, 0) : nil
        }
    }

    func tenantStates() throws -> [TenantStateRecord] {
        try reading { db in
            let r = try query(.allTenantStates, on: db) { _ in }
            return (0..<r.rowCount).map { Self.tenantState(r, $0) }
        }
    }

    func sourceUsers(tenant: String) throws -> [SourceUserRecord] {
        try reading { db in
            let r = try query(.sourceUsersOfTenant, on: db) { $0.append(tenant) }
            return (0..<r.rowCount).map { Self.sourceUser(r, $0) }
        }
    }

    // MARK: Rows

    private static func sourceUser(_ r: PGResult, _ row: Int32) -> SourceUserRecord {
        SourceUserRecord(tenant: r.text(row, 0), userId: r.text(row, 1), body: r.bytes(row, 2))
    }

    private static func sourceGroup(_ r: PGResult, _ row: Int32) -> SourceGroupRecord {
        SourceGroupRecord(tenant: r.text(row, 0), groupId: r.text(row, 1), body: r.bytes(row, 2))
    }

    private static func membership(_ r: PGResult, _ row: Int32) -> MembershipRecord {
        MembershipRecord(tenant: r.text(row, 0), groupId: r.text(row, 1),
                         memberKind: MembershipRecord.MemberKind(rawValue: Int(r.int64(row, 2))) ?? .user,
                         memberId: r.text(row, 3),
                         role: MembershipRecord.Role(rawValue: Int(r.int64(row, 4))) ?? .member)
    }

    private static func targetUser(_ r: PGResult, _ row: Int32) -> TargetUserRecord {
        TargetUserRecord(targetTenant: r.text(row, 0), id: r.text(row, 1), sourceTenant: r.text(row, 2),
                         sourceUserId: r.text(row, 3), userPrincipalName: r.text(row, 4),
                         isSoftDeleted: r.bool(row, 5), softDeletedAt: r.optionalInt64(row, 6), body: r.bytes(row, 7))
    }

    private static func tenantState(_ r: PGResult, _ row: Int32) -> TenantStateRecord {
        TenantStateRecord(tenant: r.text(row, 0), lastSeq: r.int64(row, 1), body: r.bytes(row, 2))
    }
}

extension PostgresStore {
    /// Runs SQL on the store's connection (tests only).
    func executeForTesting(_ sql: String) throws { _ = try reading { try $0.execute(sql) } }

    /// The rows of `schema_version` (tests only).
    func schemaVersionsForTesting() throws -> [Int] {
        try reading { db in
            let r = try db.execute("SELECT version FROM schema_version")  // simple query: text results
            return (0..<r.rowCount).map { Int(r.text($0, 0)) ?? -1 }
        }
    }
}
