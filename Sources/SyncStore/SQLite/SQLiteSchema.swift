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
    ]
}
