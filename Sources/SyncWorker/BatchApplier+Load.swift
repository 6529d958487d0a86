import SyncCore
import SyncStore

extension BatchApplier {
    /// Reads what `request` names from the store into a fresh state: exactly that, as `SyncCore.LoadRequest` asks,
    /// because log entry details depend on what is loaded and must not vary with batching.
    ///
    /// The store's request is broader (a group brings its members too) and cannot express "memberships of the groups
    /// a user is a direct member of" in one call, so a second call fetches those, and the results are filtered.
    func loadState(for request: SyncCore.LoadRequest) throws -> DirectoryState {
        let request = request.simplified
        let whole = request.wholeTenants
        var first = SyncStore.LoadRequest(tenantStates: request.tenantStates, wholeTenants: whole)
        for key in request.sourceUsers {
            first.sourceUsers[key.tenantId, default: []].insert(key.userId)
            first.targetUsersByAnchor[key.tenantId, default: []].insert(key.userId)
        }
        for key in request.groups { first.sourceGroups[key.tenantId, default: []].insert(key.groupId) }
        var loaded = first.isEmpty ? LoadedRecords() : try store.load(first)

        // Groups whose parents are needed: the requested ones and those the requested users are direct members of.
        var parentsWanted = request.groups
        var secondGroups: [String: Set<String>] = [:]
        for m in loaded.memberships where m.memberKind == .user && !whole.contains(m.tenant)
            && request.sourceUsers.contains(SourceUserKey(tenantId: m.tenant, userId: m.memberId)) {
            let group = GroupKey(tenantId: m.tenant, groupId: m.groupId)
            if parentsWanted.insert(group).inserted { secondGroups[m.tenant, default: []].insert(m.groupId) }
        }
        if !secondGroups.isEmpty {
            loaded.memberships += try store.load(SyncStore.LoadRequest(sourceGroups: secondGroups)).memberships
        }

        var state = DirectoryState()
        for (tenant, record) in loaded.tenantStates where request.tenantStates.contains(tenant) || whole.contains(tenant) {
            state.load(try StateRecordCodec.decodeTenantState(record.body))
        }
        for record in loaded.sourceUsers { state.load(try StateRecordCodec.decodeSourceUser(record.body)) }
        for record in loaded.sourceGroups
        where whole.contains(record.tenant) || request.groups.contains(GroupKey(tenantId: record.tenant, groupId: record.groupId)) {
            state.load(try StateRecordCodec.decodeGroup(record.body))
        }
        var seen = Set<MembershipRecord>()
        for m in loaded.memberships where seen.insert(m).inserted {
            let wanted = switch m.memberKind {
            case _ where whole.contains(m.tenant): true
            case .user: request.sourceUsers.contains(SourceUserKey(tenantId: m.tenant, userId: m.memberId))
            case .group: parentsWanted.contains(GroupKey(tenantId: m.tenant, groupId: m.memberId))
            }
            if wanted { state.load(Self.membership(m)) }
        }
        for record in loaded.targetUsers { state.load(try StateRecordCodec.decodeTargetUser(record.body)) }
        return state
    }

    static func membership(_ m: MembershipRecord) -> Membership {
        Membership(tenantId: m.tenant, groupId: m.groupId,
                   member: m.memberKind == .user ? .user(m.memberId) : .group(m.memberId),
                   role: m.role == .owner ? .owner : .member)
    }

    static func record(_ m: Membership) -> MembershipRecord {
        switch m.member {
        case .user(let id):
            MembershipRecord(tenant: m.tenantId, groupId: m.groupId, memberKind: .user, memberId: id, role: m.role == .owner ? .owner : .member)
        case .group(let id):
            MembershipRecord(tenant: m.tenantId, groupId: m.groupId, memberKind: .group, memberId: id, role: m.role == .owner ? .owner : .member)
        }
    }
}
