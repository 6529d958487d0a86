extension Engine {
    /// Applies an admin action to the tenant slice of the record's tenant, then re-evaluates what it affects.
    ///
    /// Every validation happens before the first change to `state`: a rejection leaves it untouched.
    static func applyAdmin(_ action: AdminAction, record: ChangeRecord, to state: inout DirectoryState) throws(ChangeRejection) -> [ProvisioningLogEntry] {
        let t = record.change.tenantId
        let before = state.tenants[t] ?? TenantState(tenantId: t)
        var tenant = before
        var context = ReconcileContext(record: record, verbose: false)
        context.importDetail = "admin \(action.name) on \(t)"
        if let source = action.sourceTenant, source != t {
            throw ChangeRejection("\(fieldOfSource(action)): '\(source)' differs from the record's tenant '\(t)'")
        }

        switch action {
        case .provisionUser(_, let userId, let target):
            return try provision(user: userId, target: target, record: record, tenant: tenant, state: &state)

        case .orgCreate(let org, let tenants):
            try validate(tenants: tenants, field: "tenants")
            guard tenants.contains(where: { $0.id == t }) else {
                throw ChangeRejection("tenants: organization '\(org)' does not include the record's tenant '\(t)'")
            }
            if let current = tenant.organizationId, current != org {
                throw ChangeRejection("organizationId: tenant '\(t)' already belongs to organization '\(current)'")
            }
            tenant.organizationId = org
            tenant.members = tenants.sorted()

        case .orgAddTenant(let org, let added, let all):
            if added.id == t {
                if let current = tenant.organizationId, let org, current != org {
                    throw ChangeRejection("organizationId: tenant '\(t)' already belongs to organization '\(current)'")
                }
                if let all { try validate(tenants: all, field: "tenants") }
                tenant.organizationId = org ?? tenant.organizationId ?? "default"
                tenant.members = merge(all ?? tenant.members, added)
            } else {
                guard let current = tenant.organizationId else {
                    throw ChangeRejection("tenantId: '\(t)' belongs to no organization, so cannot learn of '\(added.id)' joining")
                }
                if let org, org != current {
                    throw ChangeRejection("organizationId: '\(org)' is not the organization of '\(t)' ('\(current)')")
                }
                tenant.members = merge(tenant.members, added)
            }

        case .orgRemoveTenant(let org, let removed):
            guard let current = tenant.organizationId else {
                throw ChangeRejection("tenantId: '\(t)' belongs to no organization")
            }
            if let org, org != current {
                throw ChangeRejection("organizationId: '\(org)' is not the organization of '\(t)' ('\(current)')")
            }
            guard tenant.isMember(removed) else {
                throw ChangeRejection("tenantId: '\(removed)' is not a tenant of organization '\(current)'")
            }
            if removed == t {
                // The source leaves: everything it synced into the others is soft-deleted, not held by thresholds,
                // because no configuration may keep users of a tenant outside the organization.
                var leaving = context
                leaving.forcedOut = OutOfScope(
                    code: "SourceTenantLeftOrganization", reason: "source tenant \(t) left organization \(current)",
                    recommendedAction: "add \(t) to the organization again and share its users")
                var entries: [ProvisioningLogEntry] = []
                let anchored = state.targetUsers.keys.filter { $0.sourceTenant == t }
                var removedConfigs: [String: Configuration] = [:]
                for target in Set(anchored.map(\.targetTenant)) where tenant.isMember(target) {
                    removedConfigs[target] = tenant.activeConfigurations.first { $0.targetTenant == target }
                        ?? Configuration(id: Configuration.sharedID(target: target), sourceTenant: t, targetTenant: target, scope: ConfigurationScope(groups: []))
                }
                leaving.removed = removedConfigs
                var emptied = tenant
                emptied.configurations = [:]
                state.setTenant(emptied)
                for user in Set(anchored.map(\.sourceUserId)).sorted() {
                    entries += reconcile(user: user, tenant: emptied, context: leaving, state: &state)
                }
                tenant = state.tenants[t] ?? emptied
                tenant.organizationId = nil
                tenant.members = []
                tenant.configurations = [:]
                tenant.thresholds = [:]
                tenant.sharedGroups = nil
                state.setTenant(tenant)
                return entries
            }
            // Another tenant leaves: this source's configurations for it stop; users synced into it stay as they are.
            tenant.members.removeAll { $0.id == removed }
            for (id, configuration) in tenant.configurations where configuration.targetTenant == removed {
                tenant.configurations[id] = nil
                tenant.thresholds[id] = nil
            }

        case .shareUsers(_, let groups):
            try requireOrganization(tenant)
            tenant.sharedGroups = groups
            for member in tenant.members where member.id != t {
                let id = Configuration.sharedID(target: member.id)
                var configuration = tenant.configurations[id]
                    ?? Configuration(id: id, sourceTenant: t, targetTenant: member.id, scope: ConfigurationScope(groups: groups))
                configuration.scope = ConfigurationScope(groups: groups)
                tenant.configurations[id] = configuration
            }

        case .shareCurrentScope:
            try requireOrganization(tenant)
            guard let groups = tenant.sharedGroups else {
                throw ChangeRejection("sourceTenant: '\(t)' has not shared users yet (run share.users first)")
            }
            for member in tenant.members where member.id != t {
                let id = Configuration.sharedID(target: member.id)
                if tenant.configurations[id] == nil {
                    tenant.configurations[id] = Configuration(id: id, sourceTenant: t, targetTenant: member.id, scope: ConfigurationScope(groups: groups))
                }
            }

        case .shareEdit(_, let groups):
            try requireOrganization(tenant)
            tenant.sharedGroups = groups
            for (id, configuration) in tenant.configurations where configuration.isShared {
                var edited = configuration
                edited.scope = ConfigurationScope(groups: groups, filters: configuration.scope.filters)
                tenant.configurations[id] = edited
            }

        case .configUpsert(let configuration):
            try requireOrganization(tenant)
            if configuration.id.isEmpty { throw ChangeRejection("configuration.id: missing") }
            if configuration.targetTenant == t {
                throw ChangeRejection("configuration.targetTenant: must differ from sourceTenant '\(t)'")
            }
            if !tenant.isMember(configuration.targetTenant) {
                throw ChangeRejection(
                    "configuration.targetTenant: '\(configuration.targetTenant)' is not a tenant of organization '\(tenant.organizationId ?? "")'")
            }
            if configuration.deletionThreshold < 0 { throw ChangeRejection("configuration.deletionThreshold: must not be negative") }
            if let old = tenant.configurations[configuration.id], old.targetTenant != configuration.targetTenant {
                context.removed[old.targetTenant] = old
            }
            tenant.configurations[configuration.id] = configuration

        case .configDelete(_, let id):
            guard let configuration = tenant.configurations[id] else {
                throw ChangeRejection("configurationId: no configuration '\(id)' in tenant '\(t)'")
            }
            tenant.configurations[id] = nil
            tenant.thresholds[id] = nil
            context.removed[configuration.targetTenant] = configuration

        case .configAllowDeletes(_, let id):
            guard tenant.configurations[id] != nil else {
                throw ChangeRejection("configurationId: no configuration '\(id)' in tenant '\(t)'")
            }
            var threshold = tenant.threshold(id)
            let held = threshold.release()
            tenant.thresholds[id] = threshold
            state.setTenant(tenant)
            context.bypassThreshold = [id]
            context.importDetail = "admin config.allowDeletes on \(t): releasing held deletes of \(id)"
            var entries: [ProvisioningLogEntry] = []
            for user in held { entries += reconcile(user: user, tenant: tenant, context: context, state: &state) }
            return entries
        }

        state.setTenant(tenant)
        // Re-evaluate every user of the source when what runs changed (scope, mappings, targets).
        guard before.activeConfigurations != tenant.activeConfigurations || !context.removed.isEmpty else { return [] }
        var entries: [ProvisioningLogEntry] = []
        for user in state.userIds(ofTenant: t) {
            entries += reconcile(user: user, tenant: tenant, context: context, state: &state)
        }
        return entries
    }

    private static func fieldOfSource(_ action: AdminAction) -> String {
        if case .configUpsert = action { return "configuration.sourceTenant" }
        return "sourceTenant"
    }

    private static func requireOrganization(_ tenant: TenantState) throws(ChangeRejection) {
        if tenant.organizationId == nil {
            throw ChangeRejection("sourceTenant: '\(tenant.tenantId)' belongs to no organization")
        }
    }

    private static func validate(tenants: [Tenant], field: String) throws(ChangeRejection) {
        if tenants.isEmpty { throw ChangeRejection("\(field): empty") }
        var seen: Set<String> = []
        for (i, tenant) in tenants.enumerated() {
            if tenant.id.isEmpty { throw ChangeRejection("\(field)[\(i)].id: missing") }
            if !seen.insert(tenant.id).inserted { throw ChangeRejection("\(field)[\(i)].id: duplicate '\(tenant.id)'") }
        }
    }

    private static func merge(_ members: [Tenant], _ added: Tenant) -> [Tenant] {
        (members.filter { $0.id != added.id } + [added]).sorted()
    }
}
