/// The version of TenantSync, printed by `tenantsync --version` and carried in logs and metrics.
public enum TenantSyncVersion {
    /// The release this build belongs to.
    public static let current = "0.1.0"
}
