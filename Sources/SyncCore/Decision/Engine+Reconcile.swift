import Foundation

extension Engine {
    /// Brings every target of one source user in line with the configurations of its tenant.
    ///
    /// Per target tenant: the user should be active there iff some configuration for that target keeps it in scope.
    /// Each configuration that keeps it applies its mappings (create, restore, update, disable); when none does,
    /// the first configuration (by id) soft-deletes it, through its deletion threshold.
    static func reconcile(user userId: String, tenant: TenantState, context: ReconcileContext, state: inout DirectoryState) -> [ProvisioningLogEntry] {
        let t = tenant.tenantId
        let current = state.tenants[t] ?? tenant
        var byTarget = Dictionary(grouping: current.activeConfigurations, by: \.targetTenant)
        for (target, _) in context.removed where byTarget[target] == nil && current.isMember(target) { byTarget[target] = [] }
        var entries: [ProvisioningLogEntry] = []
        for target in byTarget.keys.sorted() where context.onlyTarget == nil || context.onlyTarget == target {
            entries += reconcile(user: userId, tenant: t, target: target, configurations: byTarget[target] ?? [], context: context, state: &state)
        }
        return entries
    }

    private static func reconcile(
        user userId: String, tenant t: String, target: String, configurations: [Configuration], context: ReconcileContext,
        state: inout DirectoryState
    ) -> [ProvisioningLogEntry] {
        let sourceKey = SourceUserKey(tenantId: t, userId: userId)
        let user = state.sourceUsers[sourceKey]
        let memberships = state.memberships(ofUser: sourceKey)
        var nesting: [String: [String]] = [:]
        for m in memberships where m.role == .member { nesting[m.groupId] = state.groupsContaining(group: m.groupId, tenant: t) }
        let results: [(Configuration, ScopeResult)] = configurations.map { configuration in
            if let forced = context.forcedOut { return (configuration, .outOfScope(forced)) }
            return (configuration, ScopeEvaluator.evaluate(
                configuration, user: user, userId: userId, memberships: memberships, nestedIn: { nesting[$0] ?? [] }))
        }
        let targetKey = TargetUserKey(targetTenant: target, sourceTenant: t, sourceUserId: userId)
        var entries: [ProvisioningLogEntry] = []
        func builder(_ configuration: Configuration) -> LogEntryBuilder {
            LogEntryBuilder(
                record: context.record, configuration: configuration, sourceId: userId,
                sourceDisplayName: user?.displayName ?? state.targetUsers[targetKey]?[property: "displayName"].stringValue,
                importDetail: context.importDetail)
        }

        if let keeper = results.first(where: { $0.1.isInScope })?.0, let user {
            // Once one configuration holds a disable, the others of the pair must not apply it behind its back.
            var heldBy: String? = nil
            for (configuration, result) in results {
                switch result {
                case .inScope(let detail):
                    if let heldBy {
                        if context.verbose {
                            entries.append(builder(configuration).skip(
                                scopingDetail: detail, scopingStatus: .success, reason: "held: \(heldBy) staged this change by its deletion threshold",
                                error: nil))
                        }
                        continue
                    }
                    if let entry = keep(user, configuration: configuration, scopeDetail: detail, builder: builder(configuration), context: context, state: &state) {
                        if entry.action == .stagedDelete { heldBy = configuration.id }
                        entries.append(entry)
                    }
                case .outOfScope(let why):
                    unhold(userId, configuration: configuration, state: &state)
                    guard context.verbose else { continue }
                    entries.append(builder(configuration).skip(
                        scopingDetail: why.reason, scopingStatus: .skipped,
                        reason: "out of scope of this configuration; kept in \(target) by \(keeper.id)", error: nil))
                }
            }
            return entries
        }

        let existing = state.targetUsers[targetKey]
        // A configuration just removed answers for the users it synced; otherwise the first remaining one does.
        let attributed = context.removed[target] ?? configurations.first
        for (configuration, result) in results where configuration.id != attributed?.id || existing?.isActive != true {
            unhold(userId, configuration: configuration, state: &state)
            guard context.verbose, case .outOfScope(let why) = result else { continue }
            if let existing, existing.isSoftDeleted {
                entries.append(builder(configuration).skip(
                    scopingDetail: why.reason, scopingStatus: .skipped,
                    reason: "out of scope; target user \(existing.id) is already soft-deleted", error: why))
            } else if existing == nil {
                entries.append(builder(configuration).skip(
                    scopingDetail: why.reason, scopingStatus: .skipped, reason: "out of scope and never synced: nothing to do", error: why))
            } else {
                entries.append(builder(configuration).skip(
                    scopingDetail: why.reason, scopingStatus: .skipped,
                    reason: "out of scope; the delete is done by \(attributed?.id ?? "?")", error: nil))
            }
        }
        if let attributed, let existing, existing.isActive {
            // A user TenantSync does not manage (one that was in the target before, like a B2B guest) never was in
            // scope, so it cannot leave it: it is left as it is.
            guard existing.isManaged else {
                if context.verbose {
                    entries.append(builder(attributed).skip(
                        scopingDetail: "not in scope", scopingStatus: .skipped,
                        reason: "target user \(existing.id) was not created or matched in scope by TenantSync: left as it is",
                        error: nil))
                }
                return entries
            }
            let why: OutOfScope = context.forcedOut ?? results.first { $0.0.id == attributed.id }.flatMap {
                if case .outOfScope(let w) = $0.1 { w } else { nil }
            } ?? OutOfScope(
                code: "ConfigurationRemoved", reason: "configuration \(attributed.id) was deleted and no other configuration keeps the user",
                recommendedAction: "add the user to the scope of another configuration for \(target) to sync it again")
            // Removing a configuration (or a tenant) is an explicit admin decision: its soft deletes are not held.
            let bypass = context.bypassThreshold.contains(attributed.id) || context.removed[target] != nil || context.forcedOut != nil
            entries.append(softDelete(existing, configuration: attributed, why: why, bypass: bypass, builder: builder(attributed), context: context, state: &state))
        }
        return entries
    }

    /// Creates, restores, updates or disables the target user for a configuration that keeps the user in scope.
    private static func keep(
        _ user: SourceUser, configuration c: Configuration, scopeDetail: String, builder: LogEntryBuilder,
        context: ReconcileContext, state: inout DirectoryState
    ) -> ProvisioningLogEntry? {
        let tenant = state.tenants[user.tenantId] ?? TenantState(tenantId: user.tenantId)
        let sourceDomain = tenant.tenant?.defaultDomain ?? user.tenantId
        let targetDomain = tenant.member(c.targetTenant)?.defaultDomain ?? c.targetTenant
        let key = TargetUserKey(targetTenant: c.targetTenant, sourceTenant: user.tenantId, sourceUserId: user.id)
        let existing = state.targetUsers[key]
        let now = context.record.change.occurredAt
        let scoping = ProvisioningStep(name: "scoping", status: .success, detail: scopeDetail)
        let anchorText = "source anchor \(user.tenantId)/\(user.id)"

        let expired = existing.map { $0.isSoftDeleted && now.timeIntervalSince($0.softDeletedAt ?? now) > restoreWindow } ?? false
        if existing == nil || expired {
            let values = MappingEvaluator.properties(
                mappings: c.mappings, user: user, creating: true, sourceDomain: sourceDomain, targetDomain: targetDomain
            ).filter { !$0.value.isNull }
            let created = TargetUser(
                id: existing?.id ?? TargetUser.deterministicID(targetTenant: c.targetTenant, sourceTenant: user.tenantId, sourceUserId: user.id),
                targetTenant: c.targetTenant, anchor: SourceAnchor(identityProvider: user.tenantId, key: user.id), properties: values)
            state.setTargetUser(created)
            unhold(user.id, configuration: c, state: &state)
            let matching = existing.map {
                "target user \($0.id) was soft-deleted more than 30 days ago (\(Timestamp.format($0.softDeletedAt ?? now))): creating anew"
            } ?? "no target user with \(anchorText)"
            return builder.entry(
                action: .create, status: .success, target: created,
                modified: values.keys.sorted().map { ModifiedProperty(name: $0, oldValue: .null, newValue: values[$0] ?? .null) },
                scoping: scoping, matching: ProvisioningStep(name: "matching", status: .success, detail: matching),
                actionDetail: "created as \(created[property: "userType"].stringValue ?? "Member") \(created[property: "userPrincipalName"].stringValue ?? created.id) in \(c.targetTenant)")
        }
        guard var updated = existing else { return nil }
        let becomesManaged = !updated.isManaged
        updated.isManaged = true
        let values = MappingEvaluator.properties(
            mappings: c.mappings, user: user, creating: false, sourceDomain: sourceDomain, targetDomain: targetDomain)
        var modified: [ModifiedProperty] = []
        for name in values.keys.sorted() {
            let new = values[name] ?? .null
            let old = updated[property: name]
            guard old != new else { continue }
            modified.append(ModifiedProperty(name: name, oldValue: old, newValue: new))
            updated.properties[name] = new.isNull ? nil : new
        }
        let guestNote = updated.isGuest ? " (an existing guest stays a guest: userType is not mapped Always)" : ""
        let matching = ProvisioningStep(
            name: "matching", status: .success,
            detail: "matched \(existing?.isSoftDeleted == true ? "soft-deleted " : "")target user \(updated.id) by \(anchorText)\(guestNote)")

        if updated.isSoftDeleted {
            updated.isSoftDeleted = false
            updated.softDeletedAt = nil
            state.setTargetUser(updated)
            unhold(user.id, configuration: c, state: &state)
            return builder.entry(
                action: .restore, status: .success, target: updated,
                modified: [ModifiedProperty(name: "isSoftDeleted", oldValue: .bool(true), newValue: .bool(false))] + modified,
                scoping: scoping, matching: matching, actionDetail: "restored: back in scope within 30 days of the soft delete")
        }
        guard !modified.isEmpty else {
            if becomesManaged { state.setTargetUser(updated) }
            unhold(user.id, configuration: c, state: &state)
            guard context.verbose else { return nil }
            return builder.entry(
                action: .other, status: .skipped, target: updated, scoping: scoping, matching: matching,
                actionDetail: "target user already up to date: no changes")
        }
        let disabling = existing?[property: "accountEnabled"] != .bool(false) && updated[property: "accountEnabled"] == .bool(false)
        if disabling && !context.bypassThreshold.contains(c.id) {
            if let staged = stage(user.id, configuration: c, builder: builder, target: existing, scoping: scoping, matching: matching, what: "disable", context: context, state: &state) {
                return staged
            }
        } else if !disabling {
            unhold(user.id, configuration: c, state: &state)
        }
        state.setTargetUser(updated)
        let names = modified.map(\.name).joined(separator: ", ")
        return builder.entry(
            action: disabling ? .disable : .update, status: .success, target: updated, modified: modified,
            scoping: scoping, matching: matching,
            actionDetail: disabling ? "disabled (accountEnabled false in the source); also updated: \(names)" : "updated \(modified.count) properties: \(names)")
    }

    /// Soft-deletes an active target user, through the configuration's deletion threshold unless bypassed.
    private static func softDelete(
        _ existing: TargetUser, configuration c: Configuration, why: OutOfScope, bypass: Bool, builder: LogEntryBuilder,
        context: ReconcileContext, state: inout DirectoryState
    ) -> ProvisioningLogEntry {
        let scoping = ProvisioningStep(name: "scoping", status: .skipped, detail: why.reason)
        let matching = ProvisioningStep(
            name: "matching", status: .success,
            detail: "matched target user \(existing.id) by source anchor \(existing.anchor.identityProvider)/\(existing.anchor.key)")
        if !bypass, let staged = stage(existing.anchor.key, configuration: c, builder: builder, target: existing, scoping: scoping, matching: matching, what: "soft delete", context: context, state: &state) {
            return staged
        }
        var deleted = existing
        deleted.isSoftDeleted = true
        deleted.softDeletedAt = context.record.change.occurredAt
        state.setTargetUser(deleted)
        unhold(existing.anchor.key, configuration: c, state: &state)
        return builder.entry(
            action: .delete, status: .success, target: deleted,
            modified: [ModifiedProperty(name: "isSoftDeleted", oldValue: .bool(false), newValue: .bool(true))],
            scoping: scoping, matching: matching,
            actionDetail: "soft-deleted (restorable for 30 days): \(why.reason)")
    }

    /// Consults the threshold; returns a stagedDelete entry when the delete or disable is held, nil when admitted.
    private static func stage(
        _ userId: String, configuration c: Configuration, builder: LogEntryBuilder, target: TargetUser?, scoping: ProvisioningStep,
        matching: ProvisioningStep, what: String, context: ReconcileContext, state: inout DirectoryState
    ) -> ProvisioningLogEntry? {
        guard var tenant = state.tenants[c.sourceTenant] else { return nil }
        var threshold = tenant.threshold(c.id)
        let verdict = threshold.admit(
            at: context.record.change.occurredAt, limit: c.deletionThreshold, window: c.deletionWindowSeconds, sourceUserId: userId)
        tenant.thresholds[c.id] = threshold
        state.setTenant(tenant)
        guard verdict == .stage else { return nil }
        return builder.entry(
            action: .stagedDelete, status: .skipped, target: target, scoping: scoping, matching: matching,
            actionDetail: "\(what) held: configuration \(c.id) is quarantined by its deletion threshold",
            error: ProvisioningError(
                code: "DeletionThresholdExceeded",
                reason: "configuration \(c.id) is quarantined: \(threshold.reason ?? "deletion threshold exceeded")",
                recommendedAction: "review the staged deletes of \(c.id); if intended run config.allowDeletes, else fix the scope change"))
    }

    /// Forgets a held delete or disable that no longer applies.
    private static func unhold(_ userId: String, configuration c: Configuration, state: inout DirectoryState) {
        guard var tenant = state.tenants[c.sourceTenant], var threshold = tenant.thresholds[c.id], threshold.held.contains(userId) else { return }
        threshold.held.remove(userId)
        tenant.thresholds[c.id] = threshold
        state.setTenant(tenant)
    }
}
