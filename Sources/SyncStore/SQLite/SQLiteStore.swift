import Foundation
import Support

/// The embedded store: one SQLite file in WAL mode, `synchronous=NORMAL`, one `BEGIN IMMEDIATE` transaction per
/// batch, every statement prepared once and reused.
///
/// Several processes (or threads, each with its own store) may share the file: writers take turns on SQLite's write
/// lock, waiting `busy_timeout` and then retrying `BEGIN IMMEDIATE` with backoff; readers never wait (WAL). A
/// transaction that takes the write lock up front never fails half-way with `SQLITE_BUSY`.
///
/// Not thread-safe and not `Sendable`: one worker thread owns it.
final class SQLiteStore: DirectoryStore {
    private let connection: SQLiteConnection
    private let logger: Logger
    private let options: StoreOptions
    private let statements: Statements

    var locationDescription: String { "sqlite:\(connection.path)" }

    /// Opens the file, sets the pragmas, migrates the schema and prepares the statements.
    /// - Throws: `StoreError.cannotOpen`, `.schemaTooNew`, `.busy`.
    init(path: String, logger: Logger, options: StoreOptions) throws {
        self.logger = logger
        self.options = options
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let db = try SQLiteConnection(path: path, busyTimeout: options.busyTimeout)
        try Self.retryingBusy(options: options, logger: logger, what: "set WAL mode on \(path)") {
            // The page size only takes effect on a new, empty file (before WAL mode is set); see `pragmas`.
            try db.execute("PRAGMA page_size = \(Self.pageSize); PRAGMA journal_mode = WAL")
        }
        try db.execute(Self.pragmas)
        try Self.migrate(db, options: options, logger: logger)
        statements = try Statements(db)
        connection = db
    }

    /// Per-connection settings (the raw benchmark loop uses the same). `synchronous = NORMAL` in WAL mode: a commit
    /// is durable against a process crash, and against a power loss up to the last checkpoint. A batch of random keys
    /// dirties about a page per row, so checkpoints are spaced out (`wal_autocheckpoint` 10,000 pages, a WAL of up to
    /// ~40 MB): a page changed by several batches is then copied to the database once. Reads go through a memory map
    /// (256 MB) and a 64 MB page cache.
    /// 16 KiB pages: fewer page splits, cell moves and WAL frames per row than 4 KiB for ~700-byte rows (measured
    /// with the store benchmark: about 15% less CPU per upsert with sequential keys, 20% with random source ids).
    static let pageSize = 16384

    static let pragmas = """
        PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = OFF; PRAGMA cache_size = -65536;
        PRAGMA wal_autocheckpoint = 10000; PRAGMA mmap_size = 268435456
        """

    // MARK: Schema

    /// Creates or migrates the schema inside one `BEGIN IMMEDIATE` transaction, so two processes opening the same new
    /// file at once take turns and the second finds the work done.
    private static func migrate(_ db: SQLiteConnection, options: StoreOptions, logger: Logger) throws {
        try retryingBusy(options: options, logger: logger, what: "migrate \(db.path)") {
            try db.execute("BEGIN IMMEDIATE")
        }
        do {
            try db.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
            let read = try db.prepare("SELECT max(version) FROM schema_version")
            var found = 0
            try read.forEachRow { found = Int($0.optionalInt64(0) ?? 0) }
            guard found <= SQLiteSchema.version else {
                throw StoreError.schemaTooNew(found: found, supported: SQLiteSchema.version)
            }
            for version in (found + 1)...max(found + 1, SQLiteSchema.version) where version <= SQLiteSchema.version {
                try db.execute(SQLiteSchema.migrations[version - 1])
                try db.execute("DELETE FROM schema_version; INSERT INTO schema_version (version) VALUES (\(version))")
                logger.info("store schema migrated", metadata: ["store": "sqlite:\(db.path)", "version": "\(version)"])
            }
            try db.execute("COMMIT")
        } catch {
            try? db.execute("ROLLBACK")
            throw error
        }
    }

    /// Runs `body` again with exponential backoff (10 ms doubling, capped at 1 s) while it throws `.busy`, up to
    /// `options.busyRetries` more times. Each try already waited `busy_timeout` inside SQLite.
    private static func retryingBusy(options: StoreOptions, logger: Logger, what: String,
                                     _ body: () throws -> Void) throws {
        var pause = 0.01
        var attempt = 0
        while true {
            do {
                return try body()
            } catch let error as StoreError {
                guard case .busy = error, attempt < options.busyRetries else { throw error }
                attempt += 1
                logger.warning("store busy, retrying", metadata: ["what": what, "attempt": "\(attempt)"])
                Thread.sleep(forTimeInterval: pause)
                pause = min(pause * 2, 1)
            }
        }
    }

    // MARK: Writing

    func apply(_ batch: StoreBatch) throws {
        let s = statements
        try Self.retryingBusy(options: options, logger: logger, what: "begin a batch") { try s.begin.execute() }
        do {
            let faults = options.faults
            func ran() throws { try faults?.statementExecuted() }

            for update in batch.progress {
                let key = update.partition
                s.progressGet.bind(1, key.group)
                s.progressGet.bind(2, key.topic)
                s.progressGet.bind(3, Int64(key.partition))
                var found: Int64?
                try s.progressGet.forEachRow { found = $0.int64(0) }
                guard found == update.expected else {
                    throw StoreError.progressConflict(partition: key, expected: update.expected, found: found)
                }
                s.progressPut.bind(1, key.group)
                s.progressPut.bind(2, key.topic)
                s.progressPut.bind(3, Int64(key.partition))
                s.progressPut.bind(4, update.next)
                try s.progressPut.execute()
                try ran()
            }
            for key in batch.deletedSourceUsers {
                s.deleteSourceUser.bind(1, key.tenant)
                s.deleteSourceUser.bind(2, key.id)
                try s.deleteSourceUser.execute()
                try ran()
            }
            for key in batch.deletedSourceGroups {
                s.deleteSourceGroup.bind(1, key.tenant)
                s.deleteSourceGroup.bind(2, key.id)
                try s.deleteSourceGroup.execute()
                try ran()
            }
            for m in batch.deletedMemberships {
                bindMembership(s.deleteMembership, m)
                try s.deleteMembership.execute()
                try ran()
            }
            for anchor in batch.deletedTargetUsers {
                s.deleteTargetUser.bind(1, anchor.sourceTenant)
                s.deleteTargetUser.bind(2, anchor.sourceUserId)
                s.deleteTargetUser.bind(3, anchor.targetTenant)
                try s.deleteTargetUser.execute()
                try ran()
            }
            for user in batch.sourceUsers {
                s.upsertSourceUser.bind(1, user.tenant)
                s.upsertSourceUser.bind(2, user.userId)
                try s.upsertSourceUser.execute(blobAt: 3, user.body)
                try ran()
            }
            for group in batch.sourceGroups {
                s.upsertSourceGroup.bind(1, group.tenant)
                s.upsertSourceGroup.bind(2, group.groupId)
                try s.upsertSourceGroup.execute(blobAt: 3, group.body)
                try ran()
            }
            for m in batch.memberships {
                bindMembership(s.insertMembership, m)
                try s.insertMembership.execute()
                try ran()
            }
            for user in batch.targetUsers {
                Self.bindTargetUser(s.upsertTargetUser, user)
                try s.upsertTargetUser.execute(blobAt: 8, user.body)
                guard s.upsertTargetUser.changes == 1 else { throw StoreError.anchorIdMismatch(user) }
                try ran()
            }
            for state in batch.tenantStates {
                s.upsertTenantState.bind(1, state.tenant)
                s.upsertTenantState.bind(2, state.lastSeq)
                try s.upsertTenantState.execute(blobAt: 3, state.body)
                try ran()
            }
            if let outbox = batch.outbox {
                try s.insertOutbox.execute(blobAt: 1, outbox)
                try ran()
            }
            try s.commit.execute()
        } catch {
            if connection.isInTransaction { try? s.rollback.execute() }
            throw error
        }
    }

    /// Binds the seven key columns of a target user (the body, parameter 8, is bound by `execute(blobAt:)`).
    static func bindTargetUser(_ statement: SQLiteStatement, _ user: TargetUserRecord) {
        statement.bind(1, user.targetTenant)
        statement.bind(2, user.id)
        statement.bind(3, user.sourceTenant)
        statement.bind(4, user.sourceUserId)
        statement.bind(5, user.userPrincipalName)
        statement.bind(6, Int64(user.isSoftDeleted ? 1 : 0))
        statement.bind(7, user.softDeletedAt)
    }

    private func bindMembership(_ statement: SQLiteStatement, _ m: MembershipRecord) {
        statement.bind(1, m.tenant)
        statement.bind(2, m.groupId)
        statement.bind(3, Int64(m.memberKind.rawValue))
        statement.bind(4, m.memberId)
        statement.bind(5, Int64(m.role.rawValue))
    }

    func deleteOutbox(ids: [Int64]) throws {
        guard !ids.isEmpty else { return }
        let begin = statements.begin
        try Self.retryingBusy(options: options, logger: logger, what: "delete outbox rows") { try begin.execute() }
        do {
            for id in ids {
                statements.deleteOutbox.bind(1, id)
                try statements.deleteOutbox.execute()
            }
            try statements.commit.execute()
        } catch {
            if connection.isInTransaction { try? statements.rollback.execute() }
            throw error
        }
    }

    // MARK: Reading

    func load(_ request: LoadRequest) throws -> LoadedRecords {
        let s = statements
        var result = LoadedRecords()
        // One read transaction: every list comes from the same snapshot.
        try s.beginDeferred.execute()
        defer { try? s.commit.execute() }

        for tenant in request.tenantStates.union(request.wholeTenants) {
            s.tenantState.bind(1, tenant)
            try s.tenantState.forEachRow { result.tenantStates[tenant] = Self.tenantState($0) }
        }
        for (tenant, ids) in request.sourceUsers where !request.wholeTenants.contains(tenant) {
            for id in ids {
                s.sourceUser.bind(1, tenant)
                s.sourceUser.bind(2, id)
                try s.sourceUser.forEachRow { result.sourceUsers.append(Self.sourceUser($0)) }
                s.membershipsByMember.bind(1, tenant)
                s.membershipsByMember.bind(2, Int64(MembershipRecord.MemberKind.user.rawValue))
                s.membershipsByMember.bind(3, id)
                try s.membershipsByMember.forEachRow { result.memberships.append(Self.membership($0)) }
            }
        }
        for (tenant, ids) in request.sourceGroups where !request.wholeTenants.contains(tenant) {
            for id in ids {
                s.sourceGroup.bind(1, tenant)
                s.sourceGroup.bind(2, id)
                try s.sourceGroup.forEachRow { result.sourceGroups.append(Self.sourceGroup($0)) }
                s.membershipsByGroup.bind(1, tenant)
                s.membershipsByGroup.bind(2, id)
                try s.membershipsByGroup.forEachRow { result.memberships.append(Self.membership($0)) }
                s.membershipsByMember.bind(1, tenant)
                s.membershipsByMember.bind(2, Int64(MembershipRecord.MemberKind.group.rawValue))
                s.membershipsByMember.bind(3, id)
                try s.membershipsByMember.forEachRow { result.memberships.append(Self.membership($0)) }
            }
        }
        for (tenant, ids) in request.targetUsersByAnchor where !request.wholeTenants.contains(tenant) {
            for id in ids {
                s.targetUsersByAnchor.bind(1, tenant)
                s.targetUsersByAnchor.bind(2, id)
                try s.targetUsersByAnchor.forEachRow { result.targetUsers.append(Self.targetUser($0)) }
            }
        }
        for tenant in request.wholeTenants {
            s.sourceUsersOfTenant.bind(1, tenant)
            try s.sourceUsersOfTenant.forEachRow { result.sourceUsers.append(Self.sourceUser($0)) }
            s.sourceGroupsOfTenant.bind(1, tenant)
            try s.sourceGroupsOfTenant.forEachRow { result.sourceGroups.append(Self.sourceGroup($0)) }
            s.membershipsOfTenant.bind(1, tenant)
            try s.membershipsOfTenant.forEachRow { result.memberships.append(Self.membership($0)) }
            s.targetUsersOfSourceTenant.bind(1, tenant)
            try s.targetUsersOfSourceTenant.forEachRow { result.targetUsers.append(Self.targetUser($0)) }
        }
        result.normalize()
        return result
    }

    func progress(group: String, topic: String, partitions: [Int32]) throws -> [Int32: Int64] {
        var result: [Int32: Int64] = [:]
        for partition in partitions {
            statements.progressGet.bind(1, group)
            statements.progressGet.bind(2, topic)
            statements.progressGet.bind(3, Int64(partition))
            try statements.progressGet.forEachRow { result[partition] = $0.int64(0) }
        }
        return result
    }

    func pendingOutbox(limit: Int) throws -> [OutboxRecord] {
        var result: [OutboxRecord] = []
        statements.pendingOutbox.bind(1, Int64(limit))
        try statements.pendingOutbox.forEachRow { result.append(OutboxRecord(id: $0.int64(0), body: $0.blob(1))) }
        return result
    }

    func targetUsers(tenant: String) throws -> [TargetUserRecord] {
        var result: [TargetUserRecord] = []
        statements.targetUsersOfTenant.bind(1, tenant)
        try statements.targetUsersOfTenant.forEachRow { result.append(Self.targetUser($0)) }
        return result
    }

    func targetUser(tenant: String, sourceTenant: String, sourceUserId: String) throws -> TargetUserRecord? {
        var result: TargetUserRecord?
        statements.targetUserByAnchor.bind(1, sourceTenant)
        statements.targetUserByAnchor.bind(2, sourceUserId)
        statements.targetUserByAnchor.bind(3, tenant)
        try statements.targetUserByAnchor.forEachRow { result = Self.targetUser($0) }
        return result
    }

    func targetUser(tenant: String, userPrincipalName: String) throws -> TargetUserRecord? {
        var result: TargetUserRecord?
        statements.targetUserByUPN.bind(1, tenant)
        statements.targetUserByUPN.bind(2, userPrincipalName)
        try statements.targetUserByUPN.forEachRow { result = Self.targetUser($0) }
        return result
    }

    func tenantStates() throws -> [TenantStateRecord] {
        var result: [TenantStateRecord] = []
        try statements.allTenantStates.forEachRow { result.append(Self.tenantState($0)) }
        return result
    }

    func sourceUsers(tenant: String) throws -> [SourceUserRecord] {
        var result: [SourceUserRecord] = []
        statements.sourceUsersOfTenant.bind(1, tenant)
        try statements.sourceUsersOfTenant.forEachRow { result.append(Self.sourceUser($0)) }
        return result
    }

    // MARK: Rows

    private static func sourceUser(_ r: SQLiteStatement) -> SourceUserRecord {
        SourceUserRecord(tenant: r.text(0), userId: r.text(1), body: r.blob(2))
    }

    private static func sourceGroup(_ r: SQLiteStatement) -> SourceGroupRecord {
        SourceGroupRecord(tenant: r.text(0), groupId: r.text(1), body: r.blob(2))
    }

    private static func membership(_ r: SQLiteStatement) -> MembershipRecord {
        MembershipRecord(tenant: r.text(0), groupId: r.text(1),
                         memberKind: MembershipRecord.MemberKind(rawValue: Int(r.int64(2))) ?? .user,
                         memberId: r.text(3), role: MembershipRecord.Role(rawValue: Int(r.int64(4))) ?? .member)
    }

    private static func targetUser(_ r: SQLiteStatement) -> TargetUserRecord {
        TargetUserRecord(targetTenant: r.text(0), id: r.text(1), sourceTenant: r.text(2), sourceUserId: r.text(3),
                         userPrincipalName: r.text(4), isSoftDeleted: r.int64(5) != 0, softDeletedAt: r.optionalInt64(6),
                         body: r.blob(7))
    }

    private static func tenantState(_ r: SQLiteStatement) -> TenantStateRecord {
        TenantStateRecord(tenant: r.text(0), lastSeq: r.int64(1), body: r.blob(2))
    }
}

extension SQLiteStore {
    /// Every statement the store runs, prepared once at open.
    final class Statements {
        static let targetColumns =
            "target_tenant, id, source_tenant, source_user_id, user_principal_name, is_soft_deleted, soft_deleted_at, body"
        static let membershipColumns = "tenant, group_id, member_kind, member_id, role"
        /// The upsert of a target user, by its anchor (the primary key). A row whose stored id is not the record's
        /// is left alone, so the statement changes no row: the caller turns that into `StoreError.constraint`
        /// (`changes` is 1 for an insert or an update). The benchmark's raw loop runs the same text and check.
        static let upsertTargetUserSQL = """
            INSERT INTO target_users (\(targetColumns)) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
            ON CONFLICT (source_tenant, source_user_id, target_tenant) DO UPDATE SET
            user_principal_name = excluded.user_principal_name, is_soft_deleted = excluded.is_soft_deleted,
            soft_deleted_at = excluded.soft_deleted_at, body = excluded.body
            WHERE target_users.id = excluded.id
            """

        let begin, beginDeferred, commit, rollback: SQLiteStatement
        let progressGet, progressPut: SQLiteStatement
        let upsertSourceUser, deleteSourceUser, upsertSourceGroup, deleteSourceGroup: SQLiteStatement
        let insertMembership, deleteMembership: SQLiteStatement
        let upsertTargetUser, deleteTargetUser, upsertTenantState, insertOutbox, deleteOutbox: SQLiteStatement
        let tenantState, sourceUser, sourceGroup, membershipsByMember, membershipsByGroup: SQLiteStatement
        let targetUsersByAnchor, sourceUsersOfTenant, sourceGroupsOfTenant, membershipsOfTenant: SQLiteStatement
        let targetUsersOfSourceTenant, targetUsersOfTenant, targetUserByAnchor, targetUserByUPN: SQLiteStatement
        let allTenantStates, pendingOutbox: SQLiteStatement

        init(_ db: SQLiteConnection) throws {
            let t = Self.targetColumns
            let m = Self.membershipColumns
            begin = try db.prepare("BEGIN IMMEDIATE")
            beginDeferred = try db.prepare("BEGIN DEFERRED")
            commit = try db.prepare("COMMIT")
            rollback = try db.prepare("ROLLBACK")
            progressGet = try db.prepare(
                "SELECT next_offset FROM partition_progress WHERE consumer_group = ?1 AND topic = ?2 AND partition = ?3")
            progressPut = try db.prepare("""
                INSERT INTO partition_progress (consumer_group, topic, partition, next_offset) VALUES (?1, ?2, ?3, ?4)
                ON CONFLICT (consumer_group, topic, partition) DO UPDATE SET next_offset = excluded.next_offset
                """)
            upsertSourceUser = try db.prepare("""
                INSERT INTO source_users (tenant, user_id, body) VALUES (?1, ?2, ?3)
                ON CONFLICT (tenant, user_id) DO UPDATE SET body = excluded.body
                """)
            deleteSourceUser = try db.prepare("DELETE FROM source_users WHERE tenant = ?1 AND user_id = ?2")
            upsertSourceGroup = try db.prepare("""
                INSERT INTO source_groups (tenant, group_id, body) VALUES (?1, ?2, ?3)
                ON CONFLICT (tenant, group_id) DO UPDATE SET body = excluded.body
                """)
            deleteSourceGroup = try db.prepare("DELETE FROM source_groups WHERE tenant = ?1 AND group_id = ?2")
            insertMembership = try db.prepare("INSERT OR IGNORE INTO memberships (\(m)) VALUES (?1, ?2, ?3, ?4, ?5)")
            deleteMembership = try db.prepare("""
                DELETE FROM memberships
                WHERE tenant = ?1 AND group_id = ?2 AND member_kind = ?3 AND member_id = ?4 AND role = ?5
                """)
            upsertTargetUser = try db.prepare(Self.upsertTargetUserSQL)
            deleteTargetUser = try db.prepare(
                "DELETE FROM target_users WHERE source_tenant = ?1 AND source_user_id = ?2 AND target_tenant = ?3")
            upsertTenantState = try db.prepare("""
                INSERT INTO tenant_states (tenant, last_seq, body) VALUES (?1, ?2, ?3)
                ON CONFLICT (tenant) DO UPDATE SET last_seq = excluded.last_seq, body = excluded.body
                """)
            insertOutbox = try db.prepare("INSERT INTO outbox (body) VALUES (?1)")
            deleteOutbox = try db.prepare("DELETE FROM outbox WHERE id = ?1")
            tenantState = try db.prepare("SELECT tenant, last_seq, body FROM tenant_states WHERE tenant = ?1")
            sourceUser = try db.prepare("SELECT tenant, user_id, body FROM source_users WHERE tenant = ?1 AND user_id = ?2")
            sourceGroup = try db.prepare(
                "SELECT tenant, group_id, body FROM source_groups WHERE tenant = ?1 AND group_id = ?2")
            membershipsByMember = try db.prepare(
                "SELECT \(m) FROM memberships WHERE tenant = ?1 AND member_kind = ?2 AND member_id = ?3")
            membershipsByGroup = try db.prepare("SELECT \(m) FROM memberships WHERE tenant = ?1 AND group_id = ?2")
            targetUsersByAnchor = try db.prepare(
                "SELECT \(t) FROM target_users WHERE source_tenant = ?1 AND source_user_id = ?2")
            sourceUsersOfTenant = try db.prepare(
                "SELECT tenant, user_id, body FROM source_users WHERE tenant = ?1 ORDER BY user_id")
            sourceGroupsOfTenant = try db.prepare("SELECT tenant, group_id, body FROM source_groups WHERE tenant = ?1")
            membershipsOfTenant = try db.prepare("SELECT \(m) FROM memberships WHERE tenant = ?1")
            targetUsersOfSourceTenant = try db.prepare("SELECT \(t) FROM target_users WHERE source_tenant = ?1")
            targetUsersOfTenant = try db.prepare("SELECT \(t) FROM target_users WHERE target_tenant = ?1 ORDER BY id")
            targetUserByAnchor = try db.prepare("""
                SELECT \(t) FROM target_users WHERE source_tenant = ?1 AND source_user_id = ?2 AND target_tenant = ?3
                """)
            targetUserByUPN = try db.prepare(
                "SELECT \(t) FROM target_users WHERE target_tenant = ?1 AND user_principal_name = ?2 ORDER BY id LIMIT 1")
            allTenantStates = try db.prepare("SELECT tenant, last_seq, body FROM tenant_states ORDER BY tenant")
            pendingOutbox = try db.prepare("SELECT id, body FROM outbox ORDER BY id LIMIT ?1")
        }
    }
}

extension SQLiteStore {
    /// Runs SQL on the store's connection (tests only).
    func executeForTesting(_ sql: String) throws { try connection.execute(sql) }

    /// The rows of `schema_version` (tests only).
    func schemaVersionsForTesting() throws -> [Int] {
        var versions: [Int] = []
        try connection.prepare("SELECT version FROM schema_version").forEachRow { versions.append(Int($0.int64(0))) }
        return versions
    }
}
