/// Decides whether a source user is in a configuration's scope.
///
/// Rules, in order: the user must be known and not deleted at the source; source guests are never in scope; with
/// groups, the user must be a direct member (role member) of one of them: owners and members of nested groups are
/// not; then the attribute filters must match.
public enum ScopeEvaluator {
    /// Evaluates scope.
    /// - Parameters:
    ///   - configuration: the configuration.
    ///   - user: the source user, nil if the mirror does not know it (yet, or any more).
    ///   - userId: the user's id, for messages.
    ///   - memberships: the memberships whose member is this user.
    ///   - nestedIn: for a group id, the groups it is a direct member of (to explain nested-only membership).
    public static func evaluate(
        _ configuration: Configuration, user: SourceUser?, userId: String, memberships: [Membership],
        nestedIn: (String) -> [String] = { _ in [] }
    ) -> ScopeResult {
        guard let user else {
            return .outOfScope(OutOfScope(
                code: "SourceUserUnknown", reason: "source user \(userId) is not known (no user.upserted yet, or hard-deleted)",
                recommendedAction: "publish a user.upserted snapshot of the user"))
        }
        if user.isSoftDeleted {
            return .outOfScope(OutOfScope(
                code: "SourceUserDeleted", reason: "source user \(userId) is deleted in the source tenant",
                recommendedAction: "restore the user in the source tenant to sync it again"))
        }
        if user.isGuest {
            return .outOfScope(OutOfScope(
                code: "SourceGuestNotSynced", reason: "source user \(userId) is a guest in its own tenant; only internal members are synced",
                recommendedAction: "sync the guest from its home tenant instead"))
        }
        var detail = "all users of \(configuration.sourceTenant) are in scope"
        if let groups = configuration.scope.groups {
            let scoped = Set(groups)
            let direct = memberships.filter { scoped.contains($0.groupId) }
            if let via = direct.filter({ $0.role == .member }).map(\.groupId).sorted().first {
                detail = "direct member of group \(via)"
            } else if let owned = direct.filter({ $0.role == .owner }).map(\.groupId).sorted().first {
                return .outOfScope(OutOfScope(
                    code: "OwnerOnlyMembership", reason: "user \(userId) is an owner, not a member, of group \(owned); owners are not synced",
                    recommendedAction: "add the user as a member of \(owned) if it should be synced"))
            } else if let nested = memberships.filter({ $0.role == .member }).map(\.groupId).sorted()
                .first(where: { !scoped.isDisjoint(with: nestedIn($0)) })
            {
                let outer = nestedIn(nested).filter { scoped.contains($0) }.sorted().first ?? "?"
                return .outOfScope(OutOfScope(
                    code: "NestedGroupMember", reason: "user \(userId) is a member of \(nested), which is nested in \(outer); nested group members are not in scope",
                    recommendedAction: "add the user (or \(nested)) directly to \(outer)'s members, or share \(nested) itself"))
            } else {
                let list = groups.isEmpty ? "no groups are shared" : "not a member of " + groups.sorted().joined(separator: ", ")
                return .outOfScope(OutOfScope(
                    code: "NotInScopedGroup", reason: "user \(userId) is \(list)",
                    recommendedAction: "add the user as a member of a shared group to sync it"))
            }
        }
        if !configuration.scope.filters.matches(user) {
            return .outOfScope(OutOfScope(
                code: "ScopingFilterMismatch", reason: "attribute scoping filters exclude user \(userId): \(configuration.scope.filters.explain(user))",
                recommendedAction: "change the user's attributes or the configuration's scoping filters"))
        }
        return .inScope(detail: detail)
    }
}
