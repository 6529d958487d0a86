import Foundation
import SyncCore
import SyncStore

extension BatchApplier {
    /// The store rows for what a batch changed: only the changed rows, encoded by the domain core.
    func storeBatch(from changes: StateChanges, of state: DirectoryState) -> StoreBatch {
        var batch = StoreBatch()
        batch.tenantStates.reserveCapacity(changes.tenants.count)
        for tenant in changes.tenants.sorted() {
            guard let t = state.tenants[tenant] else { continue }
            batch.tenantStates.append(TenantStateRecord(tenant: tenant, lastSeq: t.lastSeq ?? 0, body: StateRecordCodec.encode(t)))
        }
        for (key, change) in changes.sourceUsers {
            if change == .upserted, let user = state.sourceUsers[key] {
                batch.sourceUsers.append(SourceUserRecord(tenant: key.tenantId, userId: key.userId, body: StateRecordCodec.encode(user)))
            } else {
                batch.deletedSourceUsers.append(TenantScopedId(tenant: key.tenantId, id: key.userId))
            }
        }
        for (key, change) in changes.groups {
            if change == .upserted, let group = state.groups[key] {
                batch.sourceGroups.append(SourceGroupRecord(tenant: key.tenantId, groupId: key.groupId, body: StateRecordCodec.encode(group)))
            } else {
                batch.deletedSourceGroups.append(TenantScopedId(tenant: key.tenantId, id: key.groupId))
            }
        }
        for (membership, change) in changes.memberships {
            if change == .upserted { batch.memberships.append(Self.record(membership)) } else { batch.deletedMemberships.append(Self.record(membership)) }
        }
        batch.targetUsers.reserveCapacity(changes.targetUsers.count)
        for key in changes.targetUsers {
            guard let user = state.targetUsers[key] else { continue }
            batch.targetUsers.append(TargetUserRecord(
                targetTenant: user.targetTenant, id: user.id, sourceTenant: key.sourceTenant, sourceUserId: key.sourceUserId,
                userPrincipalName: user[property: "userPrincipalName"].stringValue ?? "",
                isSoftDeleted: user.isSoftDeleted,
                softDeletedAt: user.softDeletedAt.map { Int64(($0.timeIntervalSince1970 * 1000).rounded()) },
                body: StateRecordCodec.encode(user)))
        }
        return batch
    }
}

extension StoreBatch {
    /// Rows written or deleted by the batch (progress and outbox aside).
    var rowCount: Int {
        tenantStates.count + sourceUsers.count + deletedSourceUsers.count + sourceGroups.count + deletedSourceGroups.count
            + memberships.count + deletedMemberships.count + targetUsers.count + deletedTargetUsers.count
    }
}
