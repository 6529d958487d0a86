/// Every statement the PostgreSQL store runs, prepared on each (re)connection. Batch statements take whole columns
/// as binary arrays and `unnest` them, so a batch is one statement per record kind, whatever its size.
enum PostgresStatement: String, CaseIterable {
    case fenceUpdate, fenceInsert, progressGet
    case upsertSourceUsers, deleteSourceUsers, upsertSourceGroups, deleteSourceGroups
    case insertMemberships, deleteMemberships, upsertTargetUsers, deleteTargetUsers, upsertTenantStates
    case insertOutbox, deleteOutbox, pendingOutbox
    case tenantStates, sourceUsers, sourceGroups, membershipsByMember, membershipsByGroup, targetUsersByAnchor
    case sourceUsersOfTenants, sourceGroupsOfTenants, membershipsOfTenants, targetUsersOfSourceTenants
    case targetUsersOfTenant, targetUserByAnchor, targetUserByUPN, allTenantStates, sourceUsersOfTenant

    static let targetColumns =
        "target_tenant, id, source_tenant, source_user_id, user_principal_name, is_soft_deleted, soft_deleted_at, body"
    static let membershipColumns = "tenant, group_id, member_kind, member_id, role"

    /// The upsert of target users, by anchor (the primary key). A row whose stored id is not the record's is left
    /// alone, so fewer rows are affected than sent: the store turns that into `StoreError.constraint`. The
    /// benchmark's raw loop sends the same text and makes the same check.
    static let upsertTargetUsersSQL = """
        INSERT INTO target_users (\(targetColumns))
        SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::boolean[], $7::bigint[],
                             $8::bytea[])
        ON CONFLICT (source_tenant, source_user_id, target_tenant) DO UPDATE SET
        user_principal_name = EXCLUDED.user_principal_name, is_soft_deleted = EXCLUDED.is_soft_deleted,
        soft_deleted_at = EXCLUDED.soft_deleted_at, body = EXCLUDED.body
        WHERE target_users.id = EXCLUDED.id
        """

    /// The statement's name on the server.
    var name: String { "ts_" + rawValue }

    var sql: String {
        let t = Self.targetColumns
        let m = Self.membershipColumns
        return switch self {
        // The fence. READ COMMITTED is enough: the UPDATE takes the row lock, so two transactions moving the same
        // partition queue up, and the second re-checks `next_offset = $5` against the first one's committed row and
        // updates nothing (a conflict). A first insert races on the primary key the same way: ON CONFLICT DO NOTHING
        // waits for the other insert, then inserts nothing. Disjoint partitions own disjoint tenants, hence disjoint
        // rows, so no stronger isolation is needed, and no serialization failure can hit a worker.
        case .fenceUpdate: """
            UPDATE partition_progress SET next_offset = $4::bigint
            WHERE consumer_group = $1::text AND topic = $2::text AND partition = $3::integer AND next_offset = $5::bigint
            """
        case .fenceInsert: """
            INSERT INTO partition_progress (consumer_group, topic, partition, next_offset)
            VALUES ($1::text, $2::text, $3::integer, $4::bigint) ON CONFLICT DO NOTHING
            """
        case .progressGet: """
            SELECT partition, next_offset FROM partition_progress
            WHERE consumer_group = $1::text AND topic = $2::text AND partition = ANY($3::integer[])
            """
        case .upsertSourceUsers: """
            INSERT INTO source_users (tenant, user_id, body) SELECT * FROM unnest($1::text[], $2::text[], $3::bytea[])
            ON CONFLICT (tenant, user_id) DO UPDATE SET body = EXCLUDED.body
            """
        case .deleteSourceUsers: """
            DELETE FROM source_users s USING unnest($1::text[], $2::text[]) AS k(tenant, id)
            WHERE s.tenant = k.tenant AND s.user_id = k.id
            """
        case .upsertSourceGroups: """
            INSERT INTO source_groups (tenant, group_id, body) SELECT * FROM unnest($1::text[], $2::text[], $3::bytea[])
            ON CONFLICT (tenant, group_id) DO UPDATE SET body = EXCLUDED.body
            """
        case .deleteSourceGroups: """
            DELETE FROM source_groups s USING unnest($1::text[], $2::text[]) AS k(tenant, id)
            WHERE s.tenant = k.tenant AND s.group_id = k.id
            """
        case .insertMemberships: """
            INSERT INTO memberships (\(m))
            SELECT * FROM unnest($1::text[], $2::text[], $3::integer[], $4::text[], $5::integer[])
            ON CONFLICT DO NOTHING
            """
        case .deleteMemberships: """
            DELETE FROM memberships m
            USING unnest($1::text[], $2::text[], $3::integer[], $4::text[], $5::integer[]) AS k(t, g, mk, mi, r)
            WHERE m.tenant = k.t AND m.group_id = k.g AND m.member_kind = k.mk AND m.member_id = k.mi AND m.role = k.r
            """
        case .upsertTargetUsers: Self.upsertTargetUsersSQL
        case .deleteTargetUsers: """
            DELETE FROM target_users u USING unnest($1::text[], $2::text[], $3::text[]) AS k(st, sid, tt)
            WHERE u.source_tenant = k.st AND u.source_user_id = k.sid AND u.target_tenant = k.tt
            """
        case .upsertTenantStates: """
            INSERT INTO tenant_states (tenant, last_seq, body) SELECT * FROM unnest($1::text[], $2::bigint[], $3::bytea[])
            ON CONFLICT (tenant) DO UPDATE SET last_seq = EXCLUDED.last_seq, body = EXCLUDED.body
            """
        case .insertOutbox: "INSERT INTO outbox (body) VALUES ($1::bytea)"
        case .deleteOutbox: "DELETE FROM outbox WHERE id = ANY($1::bigint[])"
        case .pendingOutbox: "SELECT id, body FROM outbox ORDER BY id LIMIT $1::bigint"
        case .tenantStates: "SELECT tenant, last_seq, body FROM tenant_states WHERE tenant = ANY($1::text[])"
        case .sourceUsers: """
            SELECT s.tenant, s.user_id, s.body FROM source_users s
            JOIN unnest($1::text[], $2::text[]) AS k(tenant, id) ON s.tenant = k.tenant AND s.user_id = k.id
            """
        case .sourceGroups: """
            SELECT s.tenant, s.group_id, s.body FROM source_groups s
            JOIN unnest($1::text[], $2::text[]) AS k(tenant, id) ON s.tenant = k.tenant AND s.group_id = k.id
            """
        case .membershipsByMember: """
            SELECT \(m) FROM memberships m
            JOIN unnest($1::text[], $2::integer[], $3::text[]) AS k(t, mk, mi)
            ON m.tenant = k.t AND m.member_kind = k.mk AND m.member_id = k.mi
            """
        case .membershipsByGroup: """
            SELECT \(m) FROM memberships m
            JOIN unnest($1::text[], $2::text[]) AS k(t, g) ON m.tenant = k.t AND m.group_id = k.g
            """
        case .targetUsersByAnchor: """
            SELECT \(t) FROM target_users u
            JOIN unnest($1::text[], $2::text[]) AS k(st, sid) ON u.source_tenant = k.st AND u.source_user_id = k.sid
            """
        case .sourceUsersOfTenants: "SELECT tenant, user_id, body FROM source_users WHERE tenant = ANY($1::text[])"
        case .sourceGroupsOfTenants: "SELECT tenant, group_id, body FROM source_groups WHERE tenant = ANY($1::text[])"
        case .membershipsOfTenants: "SELECT \(m) FROM memberships WHERE tenant = ANY($1::text[])"
        case .targetUsersOfSourceTenants: "SELECT \(t) FROM target_users WHERE source_tenant = ANY($1::text[])"
        case .targetUsersOfTenant: "SELECT \(t) FROM target_users WHERE target_tenant = $1::text ORDER BY id"
        case .targetUserByAnchor: """
            SELECT \(t) FROM target_users
            WHERE source_tenant = $1::text AND source_user_id = $2::text AND target_tenant = $3::text
            """
        case .targetUserByUPN: """
            SELECT \(t) FROM target_users WHERE target_tenant = $1::text AND user_principal_name = $2::text
            ORDER BY id LIMIT 1
            """
        case .allTenantStates: "SELECT tenant, last_seq, body FROM tenant_states ORDER BY tenant"
        case .sourceUsersOfTenant: "SELECT tenant, user_id, body FROM source_users WHERE tenant = $1::text ORDER BY user_id"
        }
    }
}
