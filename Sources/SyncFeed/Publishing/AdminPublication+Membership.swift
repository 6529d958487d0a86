import SyncCore

extension AdminPublication {
    /// Why a `config.upsert` names a tenant outside the source tenant's organization, given the source tenant's
    /// state as the workers applied it; nil when both tenants are members, or when the action is not a
    /// `config.upsert`.
    ///
    /// - Parameter sourceState: the source tenant's state from the store, nil when the workers have not seen it.
    public func tenantProblem(sourceState: TenantState?) -> String? {
        guard case .configUpsert(let configuration) = action else { return nil }
        guard let state = sourceState, let organization = state.organizationId else {
            return "configuration.sourceTenant: '\(configuration.sourceTenant)' belongs to no organization "
                + "(as the workers applied it): add it with `org add-tenant` first"
        }
        guard state.isMember(configuration.targetTenant) else {
            return "configuration.targetTenant: '\(configuration.targetTenant)' is not a member of organization "
                + "'\(organization)' of \(configuration.sourceTenant); sharing never crosses organizations"
        }
        return nil
    }
}

extension AdminPublication {
    /// Why an `org.addTenant` cannot be applied as the workers' store shows the joining tenant: it already belongs
    /// to another organization (a tenant belongs to at most one, and its own worker would refuse the action while the
    /// other members' workers accepted it); nil otherwise, or when the action is not an `org.addTenant`.
    ///
    /// - Parameter joiningState: the joining tenant's state from the store, nil when the workers have not seen it.
    public func membershipProblem(joiningState: TenantState?) -> String? {
        guard case .orgAddTenant(let organizationId, let tenant, _) = action,
              let current = joiningState?.organizationId else { return nil }
        let organization = organizationId ?? "default"
        guard current != organization else { return nil }
        return "--id: '\(tenant.id)' already belongs to organization '\(current)' (as the workers applied it); a "
            + "tenant belongs to at most one: remove it there first with `org remove-tenant`"
    }

    /// The members of `organization` as the workers applied it: every tenant named by the stored state of a tenant
    /// that belongs to it, sorted by id (the first default domain seen wins; all members learn the same list).
    public static func members(of organization: String, in states: [TenantState]) -> [Tenant] {
        var byId: [String: Tenant] = [:]
        for state in states where state.organizationId == organization {
            for member in state.members where byId[member.id] == nil { byId[member.id] = member }
        }
        return byId.values.sorted()
    }
}
