/// The in-memory state of one or more source tenants: tenant states, source mirrors and anchored target users,
/// with change tracking.
///
/// The worker fills one with `load(_:)` from its store (untracked), runs `Engine.apply` over a batch, then writes
/// `changes` back. Over all tenants at once it is the reference model the fleet test and `simulate` compare against.
public struct DirectoryState: Sendable {
    /// Tenant states by tenant id.
    public private(set) var tenants: [String: TenantState] = [:]
    /// Source users.
    public private(set) var sourceUsers: [SourceUserKey: SourceUser] = [:]
    /// Groups.
    public private(set) var groups: [GroupKey: Group] = [:]
    /// Target users by (target, source tenant, source user).
    public private(set) var targetUsers: [TargetUserKey: TargetUser] = [:]
    /// Rows changed since the last `takeChanges()`.
    public private(set) var changes = StateChanges()

    private var membershipsByMember: [MemberKey: Set<Membership>] = [:]
    private var membershipsByGroup: [GroupKey: Set<Membership>] = [:]
    private var targetsBySource: [SourceUserKey: Set<TargetUserKey>] = [:]
    // Every user id a tenant's slice knows (mirrored or anchoring a target user), so re-evaluating one tenant does
    // not scan the others.
    private var userIdsByTenant: [String: Set<String>] = [:]

    private struct MemberKey: Hashable, Sendable {
        var tenantId: String
        var member: MemberReference
    }

    /// An empty state.
    public init() {}

    // MARK: Loading (not tracked)

    /// Loads a tenant state read from the store.
    public mutating func load(_ tenant: TenantState) { tenants[tenant.tenantId] = tenant }
    /// Loads a source user read from the store.
    public mutating func load(_ user: SourceUser) {
        sourceUsers[user.key] = user
        userIdsByTenant[user.tenantId, default: []].insert(user.id)
    }
    /// Loads a group read from the store.
    public mutating func load(_ group: Group) { groups[group.key] = group }
    /// Loads a membership read from the store.
    public mutating func load(_ membership: Membership) { index(membership) }
    /// Loads a target user read from the store (or a pre-existing user of a target tenant, e.g. a scenario's guest).
    public mutating func load(_ user: TargetUser) {
        targetUsers[user.key] = user
        targetsBySource[user.key.source, default: []].insert(user.key)
        userIdsByTenant[user.anchor.identityProvider, default: []].insert(user.anchor.key)
    }

    /// Returns the changes since the last call and starts tracking afresh.
    public mutating func takeChanges() -> StateChanges {
        defer { changes = StateChanges() }
        return changes
    }

    // MARK: Queries

    /// Every membership, sorted.
    public var memberships: [Membership] { membershipsByGroup.values.flatMap { $0 }.sorted() }

    /// The memberships whose member is the given user.
    public func memberships(ofUser key: SourceUserKey) -> [Membership] {
        Array(membershipsByMember[MemberKey(tenantId: key.tenantId, member: .user(key.userId))] ?? []).sorted()
    }

    /// The groups a group is directly nested in (as a member).
    public func groupsContaining(group groupId: String, tenant: String) -> [String] {
        (membershipsByMember[MemberKey(tenantId: tenant, member: .group(groupId))] ?? [])
            .filter { $0.role == .member }.map(\.groupId).sorted()
    }

    /// The memberships of a group (as container).
    public func memberships(ofGroup key: GroupKey) -> [Membership] { Array(membershipsByGroup[key] ?? []).sorted() }

    /// The target users anchored to a source user, in every target tenant, sorted by key.
    public func targetUsers(anchoredTo key: SourceUserKey) -> [TargetUser] {
        (targetsBySource[key] ?? []).sorted().compactMap { targetUsers[$0] }
    }

    /// The ids of every source user of a tenant known to this state: mirrored, or anchoring a target user. Sorted.
    public func userIds(ofTenant tenant: String) -> [String] {
        (userIdsByTenant[tenant] ?? []).filter {
            let key = SourceUserKey(tenantId: tenant, userId: $0)
            return sourceUsers[key] != nil || targetsBySource[key] != nil
        }.sorted()
    }

    // MARK: Tracked mutations (the engine's)

    mutating func setTenant(_ tenant: TenantState) {
        guard tenants[tenant.tenantId] != tenant else { return }
        tenants[tenant.tenantId] = tenant
        changes.tenants.insert(tenant.tenantId)
    }

    mutating func setSourceUser(_ user: SourceUser) {
        guard sourceUsers[user.key] != user else { return }
        load(user)
        changes.sourceUsers[user.key] = .upserted
    }

    mutating func removeSourceUser(_ key: SourceUserKey) {
        sourceUsers[key] = nil
        changes.sourceUsers[key] = .deleted
    }

    mutating func setGroup(_ group: Group) {
        guard groups[group.key] != group else { return }
        groups[group.key] = group
        changes.groups[group.key] = .upserted
    }

    mutating func removeGroup(_ key: GroupKey) {
        groups[key] = nil
        changes.groups[key] = .deleted
    }

    mutating func insertMembership(_ membership: Membership) {
        let key = GroupKey(tenantId: membership.tenantId, groupId: membership.groupId)
        guard membershipsByGroup[key]?.contains(membership) != true else { return }
        index(membership)
        changes.memberships[membership] = .upserted
    }

    mutating func removeMembership(_ membership: Membership) {
        let key = GroupKey(tenantId: membership.tenantId, groupId: membership.groupId)
        membershipsByGroup[key]?.remove(membership)
        if membershipsByGroup[key]?.isEmpty == true { membershipsByGroup[key] = nil }
        let memberKey = MemberKey(tenantId: membership.tenantId, member: membership.member)
        membershipsByMember[memberKey]?.remove(membership)
        if membershipsByMember[memberKey]?.isEmpty == true { membershipsByMember[memberKey] = nil }
        // Recorded even when not loaded: removing an absent row in the store is harmless, missing one is not.
        changes.memberships[membership] = .deleted
    }

    /// The memberships whose member is the given group (nested-group rows).
    func memberships(ofNestedGroup groupId: String, tenant: String) -> [Membership] {
        Array(membershipsByMember[MemberKey(tenantId: tenant, member: .group(groupId))] ?? []).sorted()
    }

    mutating func setTargetUser(_ user: TargetUser) {
        guard targetUsers[user.key] != user else { return }
        load(user)
        changes.targetUsers.insert(user.key)
    }

    private mutating func index(_ membership: Membership) {
        membershipsByGroup[GroupKey(tenantId: membership.tenantId, groupId: membership.groupId), default: []].insert(membership)
        membershipsByMember[MemberKey(tenantId: membership.tenantId, member: membership.member), default: []].insert(membership)
    }
}
