/// The PostgreSQL schema, as numbered migrations applied in order at open, under an advisory lock.
///
/// Bodies are `bytea` (the domain core encodes them; `jsonb` would cost a parse per row, see the reference
/// measurements). Key columns use the "C" collation: byte order, the same as SQLite, and faster comparisons. Tables
/// whose rows are rewritten often leave room on each page (`fillfactor`), so an update that changes no indexed
/// column stays on its page (a HOT update) and writes no new index entries.
enum PostgresSchema {
    /// The newest version this code knows.
    static var version: Int { migrations.count }

    /// The advisory lock key that serializes migrations between processes ("TSyn").
    static let migrationLock: Int64 = 0x5453_796E

    /// Migration `i` (0-based) takes the schema from version `i` to `i + 1`. Never edit a released one: append.
    static let migrations: [String] = [
        """
        CREATE TABLE source_users (
            tenant text COLLATE "C" NOT NULL, user_id text COLLATE "C" NOT NULL, body bytea NOT NULL,
            PRIMARY KEY (tenant, user_id)) WITH (fillfactor = 80);
        CREATE TABLE source_groups (
            tenant text COLLATE "C" NOT NULL, group_id text COLLATE "C" NOT NULL, body bytea NOT NULL,
            PRIMARY KEY (tenant, group_id));
        CREATE TABLE memberships (
            tenant text COLLATE "C" NOT NULL, group_id text COLLATE "C" NOT NULL, member_kind integer NOT NULL,
            member_id text COLLATE "C" NOT NULL, role integer NOT NULL,
            PRIMARY KEY (tenant, group_id, member_kind, member_id, role));
        CREATE INDEX memberships_by_member ON memberships (tenant, member_kind, member_id);
        CREATE TABLE target_users (
            target_tenant text COLLATE "C" NOT NULL, id text COLLATE "C" NOT NULL,
            source_tenant text COLLATE "C" NOT NULL, source_user_id text COLLATE "C" NOT NULL,
            user_principal_name text COLLATE "C" NOT NULL, is_soft_deleted boolean NOT NULL, soft_deleted_at bigint,
            body bytea NOT NULL,
            PRIMARY KEY (target_tenant, id)) WITH (fillfactor = 80);
        CREATE UNIQUE INDEX target_users_by_anchor ON target_users (source_tenant, source_user_id, target_tenant);
        CREATE TABLE tenant_states (
            tenant text COLLATE "C" PRIMARY KEY, last_seq bigint NOT NULL, body bytea NOT NULL) WITH (fillfactor = 50);
        CREATE TABLE partition_progress (
            consumer_group text COLLATE "C" NOT NULL, topic text COLLATE "C" NOT NULL, partition integer NOT NULL,
            next_offset bigint NOT NULL,
            PRIMARY KEY (consumer_group, topic, partition));
        CREATE TABLE outbox (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, body bytea NOT NULL);
        """,
        // 2: one index per target user. Version 1 had two unique ones (the primary key (target_tenant, id) and the
        // anchor index), so every insert wrote two index entries; the anchor index becomes the primary key (kept as
        // it is, not rebuilt) and serves the worker's look-ups and the upsert. Listing a target tenant and the UPN
        // look-up (tooling) scan the table; see README, Stores.
        """
        ALTER TABLE target_users DROP CONSTRAINT target_users_pkey;
        ALTER TABLE target_users ADD CONSTRAINT target_users_pkey PRIMARY KEY USING INDEX target_users_by_anchor;
        """,
    ]
}
