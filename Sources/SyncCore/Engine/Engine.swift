import Foundation

/// The synchronization engine: applies one change to a state slice and returns the provisioning log entries.
///
/// Pure: the same state and record give the same state and entries, whatever the machine or the time.
public enum Engine {
    /// How long a soft-deleted target user can be restored: 30 days, measured by the changes' `occurredAt`.
    public static let restoreWindow: Double = 30 * 24 * 3600

    /// Applies a change.
    /// - Parameters:
    ///   - record: the change with its input position and processing time.
    ///   - state: the slice holding what `requirements(for:)` asked for; updated in place, changes tracked.
    /// - Returns: the log entries, one per (change, configuration) touched, in order.
    /// - Throws: `ChangeRejection` when the change cannot be applied (dead letter); the state is then unchanged.
    public static func apply(_ record: ChangeRecord, to state: inout DirectoryState) throws(ChangeRejection) -> [ProvisioningLogEntry] {
        let change = record.change
        let tenant = state.tenants[change.tenantId] ?? TenantState(tenantId: change.tenantId)
        if case .admin(let action) = change.kind {
            if let duplicate = duplicateEntries(record, tenant: tenant, sourceId: action.name) { return duplicate }
            // applyAdmin validates before it changes anything, so a rejection leaves the state as it was (no copy of
            // the state, which would cost a full copy of every dictionary per admin action).
            var entries = try applyAdmin(action, record: record, to: &state)
            if let seq = change.seq {
                var updated = state.tenants[change.tenantId] ?? TenantState(tenantId: change.tenantId)
                updated.lastSeq = max(updated.lastSeq ?? seq, seq)
                state.setTenant(updated)
            }
            entries.sort { ($0.targetTenant, $0.configurationId, $0.sourceId) < ($1.targetTenant, $1.configurationId, $1.sourceId) }
            return entries
        }
        guard tenant.organizationId != nil else {
            throw ChangeRejection("tenantId: '\(change.tenantId)' belongs to no organization", code: .tenantOutsideOrganization)
        }
        if let duplicate = duplicateEntries(record, tenant: tenant, sourceId: sourceObjectId(change.kind)) { return duplicate }
        let entries = applyData(record, tenant: tenant, to: &state)
        if var updated = state.tenants[change.tenantId], let seq = change.seq {
            updated.lastSeq = max(updated.lastSeq ?? seq, seq)
            state.setTenant(updated)
        }
        return entries
    }

    /// What a batch of changes needs loaded, merged over the batch.
    public static func requirements(for changes: [ChangeEvent]) -> LoadRequest {
        var request = LoadRequest()
        for change in changes {
            let tenant = change.tenantId
            request.tenantStates.insert(tenant)
            switch change.kind {
            case .admin(.provisionUser(_, let id, _)):
                // Provision on demand reads one user with its context, like a change about that user.
                request.sourceUsers.insert(SourceUserKey(tenantId: tenant, userId: id))
            case .admin, .groupDeleted:
                request.wholeTenants.insert(tenant)
            case .userUpserted(let id, _), .userDeleted(let id, _), .userRestored(let id):
                request.sourceUsers.insert(SourceUserKey(tenantId: tenant, userId: id))
            case .groupUpserted(let id, _, _):
                request.groups.insert(GroupKey(tenantId: tenant, groupId: id))
            case .memberAdded(let m), .memberRemoved(let m):
                request.groups.insert(GroupKey(tenantId: tenant, groupId: m.groupId))
                if case .user(let id) = m.member { request.sourceUsers.insert(SourceUserKey(tenantId: tenant, userId: id)) }
            }
        }
        return request.simplified
    }

    /// The id of the source object a data change is about (user, or group for group-level changes).
    static func sourceObjectId(_ kind: ChangeKind) -> String {
        switch kind {
        case .userUpserted(let id, _), .userDeleted(let id, _), .userRestored(let id): id
        case .groupUpserted(let id, _, _), .groupDeleted(let id): id
        case .memberAdded(let m), .memberRemoved(let m): m.member.id
        case .admin(let action): action.name
        }
    }

    /// One skipped entry per active configuration when the change's seq was already applied; nil when it is new.
    static func duplicateEntries(_ record: ChangeRecord, tenant: TenantState, sourceId: String) -> [ProvisioningLogEntry]? {
        guard let seq = record.change.seq, let last = tenant.lastSeq, seq <= last else { return nil }
        return tenant.activeConfigurations.map { configuration in
            let builder = LogEntryBuilder(
                record: record, configuration: configuration, sourceId: sourceId, sourceDisplayName: nil,
                importDetail: "\(record.change.kind.typeName) seq \(seq) from \(record.change.tenantId)")
            return builder.skip(
                scopingDetail: "not evaluated: duplicate change", scopingStatus: .skipped,
                reason: "duplicate: seq \(seq) is not above the last applied seq \(last); applied zero times",
                error: ProvisioningError(
                    code: "DuplicateChange",
                    reason: "change \(record.change.changeId) arrived after seq \(last) of \(record.change.tenantId) was applied (replay or out of order)",
                    recommendedAction: "none if this is a replay; otherwise publish a new snapshot with a higher seq"))
        }
    }

    /// Applies a data change (not admin) of a tenant that belongs to an organization.
    static func applyData(_ record: ChangeRecord, tenant: TenantState, to state: inout DirectoryState) -> [ProvisioningLogEntry] {
        let change = record.change
        let t = change.tenantId
        var context = ReconcileContext(record: record, verbose: true)
        switch change.kind {
        case .userUpserted(let id, let properties):
            let key = SourceUserKey(tenantId: t, userId: id)
            // An upsert updates the mirror but never undoes a source soft delete: only user.restored does.
            let deleted = state.sourceUsers[key]?.isSoftDeleted ?? false
            state.setSourceUser(SourceUser(tenantId: t, id: id, properties: properties, isSoftDeleted: deleted))
            context.importDetail = "user.upserted: snapshot of \(id)"
            return reconcile(user: id, tenant: tenant, context: context, state: &state)
        case .userDeleted(let id, let hard):
            let key = SourceUserKey(tenantId: t, userId: id)
            if hard {
                state.removeSourceUser(key)
                for membership in state.memberships(ofUser: key) { state.removeMembership(membership) }
            } else if var user = state.sourceUsers[key] {
                user.isSoftDeleted = true
                state.setSourceUser(user)
            }
            context.importDetail = hard ? "user.deleted (hard) of \(id)" : "user.deleted of \(id)"
            return reconcile(user: id, tenant: tenant, context: context, state: &state)
        case .userRestored(let id):
            let key = SourceUserKey(tenantId: t, userId: id)
            if var user = state.sourceUsers[key] {
                user.isSoftDeleted = false
                state.setSourceUser(user)
            }
            context.importDetail = "user.restored of \(id)"
            return reconcile(user: id, tenant: tenant, context: context, state: &state)
        case .groupUpserted(let id, let name, let security):
            state.setGroup(Group(tenantId: t, id: id, displayName: name, securityEnabled: security))
            return []
        case .groupDeleted(let id):
            let key = GroupKey(tenantId: t, groupId: id)
            let contained = state.memberships(ofGroup: key)
            for membership in contained + state.memberships(ofNestedGroup: id, tenant: t) { state.removeMembership(membership) }
            state.removeGroup(key)
            let affected = Set(contained.compactMap { m -> String? in if case .user(let u) = m.member { u } else { nil } })
            context.verbose = false
            var entries: [ProvisioningLogEntry] = []
            for user in affected.sorted() {
                context.importDetail = "group.deleted: \(id), of which \(user) was a member"
                entries += reconcile(user: user, tenant: tenant, context: context, state: &state)
            }
            return entries
        case .memberAdded(let m), .memberRemoved(let m):
            let added: Bool = if case .memberAdded = change.kind { true } else { false }
            let membership = Membership(tenantId: t, groupId: m.groupId, member: m.member, role: m.role)
            if added { state.insertMembership(membership) } else { state.removeMembership(membership) }
            switch m.member {
            case .user(let id):
                context.importDetail = "\(change.kind.typeName): \(id) as \(m.role.rawValue) of \(m.groupId)"
                return reconcile(user: id, tenant: tenant, context: context, state: &state)
            case .group(let nested):
                guard added, m.role == .member else { return [] }
                return nestedGroupEntries(record: record, tenant: tenant, groupId: m.groupId, nested: nested)
            }
        case .admin:
            return []
        }
    }

    /// Nested groups are never expanded: say so, once per configuration that shares the outer group.
    static func nestedGroupEntries(record: ChangeRecord, tenant: TenantState, groupId: String, nested: String) -> [ProvisioningLogEntry] {
        tenant.activeConfigurations.filter { $0.scope.groups?.contains(groupId) == true }.map { configuration in
            LogEntryBuilder(
                record: record, configuration: configuration, sourceId: nested, sourceDisplayName: nil,
                importDetail: "group.member.added: group \(nested) nested in \(groupId)"
            ).skip(
                scopingDetail: "group \(nested) is nested in shared group \(groupId); nested members are not in scope",
                scopingStatus: .skipped, reason: "nested group not synced",
                error: ProvisioningError(
                    code: "NestedGroupNotSynced",
                    reason: "members of \(nested) are not synced through \(groupId): scope reads direct members only",
                    recommendedAction: "share \(nested) itself, or add its users directly to \(groupId)"))
        }
    }
}
