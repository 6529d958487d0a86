/// An admin action of `scenario.md`, as a value. Applied by `Engine` as a pure transition of `TenantState`.
public enum AdminAction: Sendable, Hashable {
    /// Creates an organization of the given tenants (an addition to the contract: how a tenant's partition learns
    /// its initial organization). Published under every member's key.
    case orgCreate(organizationId: String, tenants: [Tenant])
    /// Adds a tenant; `tenants` (optional) is the full membership afterwards, so the joining tenant learns the others.
    case orgAddTenant(organizationId: String?, tenant: Tenant, tenants: [Tenant]?)
    /// Removes a tenant: its configurations stop, users synced into it are left as they are.
    case orgRemoveTenant(organizationId: String?, tenantId: String)
    /// Creates or replaces `MTO_Sync_<target>` for every other member, scoped to `groups`.
    case shareUsers(sourceTenant: String, groups: [String])
    /// Creates `MTO_Sync_<target>` with the current shared scope for members that have none.
    case shareCurrentScope(sourceTenant: String)
    /// Replaces the scope of every `MTO_Sync_*` of the source.
    case shareEdit(sourceTenant: String, groups: [String])
    /// A hand-made configuration.
    case configUpsert(Configuration)
    /// Removes a configuration; users only it kept in scope are soft-deleted.
    case configDelete(sourceTenant: String, configurationId: String)
    /// Releases deletes held by the deletion threshold.
    case configAllowDeletes(sourceTenant: String, configurationId: String)
    /// Provision on demand (an addition to the contract): re-evaluates one source user now against every active
    /// configuration of the source, or only those targeting `targetTenant`, applies what reconciliation decides and
    /// logs one entry per configuration evaluated, skips included. Changes nothing else.
    case provisionUser(sourceTenant: String, userId: String, targetTenant: String?)

    /// The contract name of the action (`share.users`, …).
    public var name: String {
        switch self {
        case .orgCreate: "org.create"
        case .orgAddTenant: "org.addTenant"
        case .orgRemoveTenant: "org.removeTenant"
        case .shareUsers: "share.users"
        case .shareCurrentScope: "share.currentScope"
        case .shareEdit: "share.edit"
        case .configUpsert: "config.upsert"
        case .configDelete: "config.delete"
        case .configAllowDeletes: "config.allowDeletes"
        case .provisionUser: "provision.user"
        }
    }

    /// The source tenant the action concerns, for actions on sharing or configurations.
    public var sourceTenant: String? {
        switch self {
        case .orgCreate, .orgAddTenant, .orgRemoveTenant: nil
        case .shareUsers(let s, _), .shareCurrentScope(let s), .shareEdit(let s, _): s
        case .configUpsert(let c): c.sourceTenant
        case .configDelete(let s, _), .configAllowDeletes(let s, _): s
        case .provisionUser(let s, _, _): s
        }
    }
}
