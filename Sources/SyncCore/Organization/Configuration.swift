/// A cross-tenant synchronization configuration: from one source tenant to one target tenant.
///
/// Named by (`sourceTenant`, `id`): ids are unique within their source tenant only.
public struct Configuration: Sendable, Hashable {
    /// The default deletion threshold: deletes and disables allowed per window.
    public static let defaultDeletionThreshold = 500
    /// The default sliding window of the deletion threshold, in seconds (40 minutes, one Entra cycle).
    public static let defaultDeletionWindow: Double = 40 * 60

    /// The id, e.g. `MTO_Sync_fabrikam`.
    public var id: String
    /// The source tenant.
    public var sourceTenant: String
    /// The target tenant.
    public var targetTenant: String
    /// The scope.
    public var scope: ConfigurationScope
    /// Mappings added to or overriding the defaults.
    public var mappings: [AttributeMapping]
    /// Deletes and disables allowed per window before the configuration is quarantined.
    public var deletionThreshold: Int
    /// The threshold's sliding window in seconds.
    public var deletionWindowSeconds: Double

    /// Creates a configuration.
    public init(
        id: String, sourceTenant: String, targetTenant: String, scope: ConfigurationScope,
        mappings: [AttributeMapping] = [], deletionThreshold: Int = Configuration.defaultDeletionThreshold,
        deletionWindowSeconds: Double = Configuration.defaultDeletionWindow
    ) {
        self.id = id
        self.sourceTenant = sourceTenant
        self.targetTenant = targetTenant
        self.scope = scope
        self.mappings = mappings
        self.deletionThreshold = deletionThreshold
        self.deletionWindowSeconds = deletionWindowSeconds
    }

    /// The name of the configuration "share users" creates for a target: `MTO_Sync_<TargetTenantID>`.
    public static func sharedID(target: String) -> String { "MTO_Sync_\(target)" }

    /// Whether this configuration was created by sharing (its id is `MTO_Sync_<its target>`).
    public var isShared: Bool { id == Configuration.sharedID(target: targetTenant) }
}
