extension Engine {
    /// The error code of a provision-on-demand entry for a user id the source tenant's slice knows nothing about.
    public static let sourceUserNotFoundCode = "SourceUserNotFound"

    /// Provision on demand (`provision.user`): re-evaluates one source user now, from the mirror, against every active
    /// configuration of its tenant (or those targeting `target`), and applies what reconciliation decides: create,
    /// update, disable, soft delete, restore, a delete staged by the threshold, or nothing.
    ///
    /// It brings no new source data: it re-applies what the mirror holds, so it repairs a target user edited behind
    /// TenantSync's back and shows why a user is or is not synced. Every configuration evaluated gets exactly one
    /// entry, skips included ("already up to date", out of scope, unknown user), each with a reason a person can act on.
    /// - Throws: `ChangeRejection` (state unchanged) when there is nothing to evaluate against: the source belongs to
    ///   no organization, the target is not a member of it or is the source, or no active configuration matches.
    static func provision(
        user userId: String, target: String?, record: ChangeRecord, tenant: TenantState, state: inout DirectoryState
    ) throws(ChangeRejection) -> [ProvisioningLogEntry] {
        let t = tenant.tenantId
        guard let organization = tenant.organizationId else {
            throw ChangeRejection(
                "sourceTenant: '\(t)' belongs to no organization (no org.create or org.addTenant naming it was applied)",
                code: .tenantOutsideOrganization)
        }
        var configurations = tenant.activeConfigurations
        if let target {
            if target == t { throw ChangeRejection("targetTenant: must differ from sourceTenant '\(t)'") }
            guard tenant.isMember(target) else {
                throw ChangeRejection("targetTenant: '\(target)' is not a tenant of organization '\(organization)'")
            }
            configurations = configurations.filter { $0.targetTenant == target }
        }
        guard !configurations.isEmpty else {
            let which = target.map { "targets '\($0)'" } ?? "is active"
            throw ChangeRejection(
                "sourceTenant: no configuration of '\(t)' \(which), so there is nothing to provision "
                    + "(share users, or apply a configuration, first)")
        }

        let key = SourceUserKey(tenantId: t, userId: userId)
        let user = state.sourceUsers[key]
        let mirror = "the source mirror of \(t) (" + (tenant.lastSeq.map { "as of seq \($0)" } ?? "no change applied yet") + ")"
        guard user != nil || !state.targetUsers(anchoredTo: key).isEmpty else {
            return configurations.map { configuration in
                var entry = LogEntryBuilder(
                    record: record, configuration: configuration, sourceId: userId, sourceDisplayName: nil,
                    importDetail: "provision on demand: \(userId) is not in \(mirror)"
                ).skip(
                    scopingDetail: "not evaluated: no source user \(userId)", scopingStatus: .skipped,
                    reason: "nothing to provision: \(t) has no user \(userId) and \(configuration.targetTenant) no user synced from it",
                    error: ProvisioningError(
                        code: sourceUserNotFoundCode,
                        reason: "no change about source user \(userId) of \(t) has been applied, and no target user is anchored to it",
                        recommendedAction: "check the id (the source object id, not the userPrincipalName); if the user is new, "
                            + "publish its snapshot (tenantsync feed or feed snapshot) and provision again"))
                entry.steps[0].status = .skipped
                return entry
            }
        }
        var context = ReconcileContext(record: record, verbose: true)
        context.onlyTarget = target
        context.importDetail = if let user {
            "provision on demand: \(userId)\(user.displayName.map { " (\($0))" } ?? "") read from \(mirror)"
                + (user.isSoftDeleted ? ", deleted at the source" : "")
        } else {
            "provision on demand: \(userId) is no longer in \(mirror) (hard-deleted); its target users are re-evaluated"
        }
        return reconcile(user: userId, tenant: tenant, context: context, state: &state)
    }
}
