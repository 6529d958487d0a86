/// The SQLite schema, as numbered migrations applied in order at open.
///
/// Bodies are BLOBs (the domain core encodes them); tables keyed by text are `WITHOUT ROWID`, so each table is one
/// B-tree ordered by its key. Booleans and enums are integers.
enum SQLiteSchema {
    /// The newest version this code knows.
    static var version: Int { migrations.count }

    /// Migration `i` (0-based) takes the schema from version `i` to `i + 1`. Never edit a released one: append.
    static let migrations: [String] = [
        """
        CREATE TABLE source_users (
            tenant TEXT NOT NULL, user_id TEXT NOT NULL, body BLOB NOT NULL,
            PRIMARY KEY (tenant, user_id)) WITHOUT ROWID;
        CREATE TABLE source_groups (
            tenant TEXT NOT NULL, group_id TEXT NOT NULL, body BLOB NOT NULL,
            PRIMARY KEY (tenant, group_id)) WITHOUT ROWID;
        CREATE TABLE memberships (
            tenant TEXT NOT NULL, group_id TEXT NOT NULL, member_kind INTEGER NOT NULL, member_id TEXT NOT NULL,
            role INTEGER NOT NULL,
            PRIMARY KEY (tenant, group_id, member_kind, member_id, role)) WITHOUT ROWID;
        CREATE INDEX memberships_by_member ON memberships (tenant, member_kind, member_id);
        CREATE TABLE target_users (
            target_tenant TEXT NOT NULL, id TEXT NOT NULL, source_tenant TEXT NOT NULL, source_user_id TEXT NOT NULL,
            user_principal_name TEXT NOT NULL, is_soft_deleted INTEGER NOT NULL, soft_deleted_at INTEGER,
            body BLOB NOT NULL,
            PRIMARY KEY (target_tenant, id)) WITHOUT ROWID;
        CREATE UNIQUE INDEX target_users_by_anchor ON target_users (source_tenant, source_user_id, target_tenant);
        CREATE TABLE tenant_states (
            tenant TEXT NOT NULL PRIMARY KEY, last_seq INTEGER NOT NULL, body BLOB NOT NULL) WITHOUT ROWID;
        CREATE TABLE partition_progress (
            consumer_group TEXT NOT NULL, topic TEXT NOT NULL, partition INTEGER NOT NULL, next_offset INTEGER NOT NULL,
            PRIMARY KEY (consumer_group, topic, partition)) WITHOUT ROWID;
        CREATE TABLE outbox (id INTEGER PRIMARY KEY AUTOINCREMENT, body BLOB NOT NULL);
        """,
        // 2: one B-tree per target user. Version 1 had two (the primary key (target_tenant, id) and the unique anchor
        // index), so every upsert paid two seeks and two page writes; keyed by its anchor, the table alone serves the
        // worker's look-ups (by source anchor, by source tenant) and the upsert. Listing a target tenant and the UPN
        // look-up (tooling) scan the table; see README, Stores.
        """
        CREATE TABLE target_users_v2 (
            source_tenant TEXT NOT NULL, source_user_id TEXT NOT NULL, target_tenant TEXT NOT NULL, id TEXT NOT NULL,
            user_principal_name TEXT NOT NULL, is_soft_deleted INTEGER NOT NULL, soft_deleted_at INTEGER,
            body BLOB NOT NULL,
            PRIMARY KEY (source_tenant, source_user_id, target_tenant)) WITHOUT ROWID;
        INSERT INTO target_users_v2 (source_tenant, source_user_id, target_tenant, id, user_principal_name,
                                     is_soft_deleted, soft_deleted_at, body)
            SELECT source_tenant, source_user_id, target_tenant, id, user_principal_name, is_soft_deleted,
                   soft_deleted_at, body
            FROM target_users ORDER BY source_tenant, source_user_id, target_tenant;
        DROP TABLE target_users;
        ALTER TABLE target_users_v2 RENAME TO target_users;
        """,
    ]
}
