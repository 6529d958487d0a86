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
