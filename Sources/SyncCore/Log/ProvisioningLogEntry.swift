import Foundation

/// A provisioning log entry, v1 (`provisioning-log.md`): one per (change, configuration) touched.
public struct ProvisioningLogEntry: Sendable, Hashable {
    /// The schema name written in every entry.
    public static let schema = "tenantsync.provisioning-log.v1"

    /// Deterministic from (partition, offset, configuration, target tenant, source object id).
    public var id: String
    /// The processing time of the input record.
    public var time: Date
    /// Processing duration; the core reports 0 and the worker may fill in the batch's.
    public var durationMs: Int
    /// `<tenantId>:<seq>`.
    public var changeId: String
    /// The configuration id.
    public var configurationId: String
    /// The source tenant.
    public var sourceTenant: String
    /// The target tenant (the record key on the log topic).
    public var targetTenant: String
    /// What was done.
    public var action: ProvisioningAction
    /// How it went.
    public var status: ProvisioningStatus
    /// The source object: id and display name.
    public var sourceId: String
    /// The source display name, when known.
    public var sourceDisplayName: String?
    /// The target user id, when there is one.
    public var targetId: String?
    /// The target UPN, when there is one.
    public var targetUserPrincipalName: String?
    /// Every property whose value changed; empty for a skip.
    public var modifiedProperties: [ModifiedProperty]
    /// import, scoping, matching, action.
    public var steps: [ProvisioningStep]
    /// The error, on failure and on non-obvious skips.
    public var error: ProvisioningError?

    /// Creates an entry.
    public init(
        id: String, time: Date, durationMs: Int = 0, changeId: String, configurationId: String, sourceTenant: String,
        targetTenant: String, action: ProvisioningAction, status: ProvisioningStatus, sourceId: String,
        sourceDisplayName: String?, targetId: String?, targetUserPrincipalName: String?,
        modifiedProperties: [ModifiedProperty], steps: [ProvisioningStep], error: ProvisioningError?
    ) {
        self.id = id
        self.time = time
        self.durationMs = durationMs
        self.changeId = changeId
        self.configurationId = configurationId
        self.sourceTenant = sourceTenant
        self.targetTenant = targetTenant
        self.action = action
        self.status = status
        self.sourceId = sourceId
        self.sourceDisplayName = sourceDisplayName
        self.targetId = targetId
        self.targetUserPrincipalName = targetUserPrincipalName
        self.modifiedProperties = modifiedProperties
        self.steps = steps
        self.error = error
    }

    /// The deterministic entry id: a stable hash of the input position, the configuration, the target tenant and
    /// the source object.
    ///
    /// The target tenant is part of it because one record can log a configuration twice for the same user: a
    /// `config.upsert` that changes a configuration's target soft-deletes the user in the old target and creates it
    /// in the new one, and readers drop repeated ids.
    public static func makeID(partition: Int32, offset: Int64, sourceTenant: String, configurationId: String,
                              targetTenant: String, sourceId: String) -> String {
        StableHash.guid("log-entry", String(partition), String(offset), sourceTenant, configurationId, targetTenant, sourceId)
    }
}
