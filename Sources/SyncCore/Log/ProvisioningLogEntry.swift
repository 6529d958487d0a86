import Foundation

/// The action of a provisioning log entry.
public enum ProvisioningAction: String, Sendable, Hashable, CaseIterable {
    /// A target user was created.
    case create
    /// Changed properties were written.
    case update
    /// The target user was soft-deleted.
    case delete
    /// A soft-deleted target user was restored.
    case restore
    /// The target user was disabled (an update of accountEnabled to false).
    case disable
    /// A delete or disable held by the deletion threshold.
    case stagedDelete
    /// Anything else, skips included.
    case other
}

/// The status of an entry or of one of its steps.
public enum ProvisioningStatus: String, Sendable, Hashable, CaseIterable {
    /// Done.
    case success
    /// Nothing done, on purpose.
    case skipped
    /// Failed.
    case failure
    /// Done, with something to look at.
    case warning
}

/// One step of an entry: `import`, `scoping`, `matching`, `action`.
public struct ProvisioningStep: Sendable, Hashable {
    /// The step name.
    public var name: String
    /// Its status.
    public var status: ProvisioningStatus
    /// One line a person can act on.
    public var detail: String

    /// Creates a step.
    public init(name: String, status: ProvisioningStatus, detail: String) {
        self.name = name
        self.status = status
        self.detail = detail
    }
}

/// One modified target property, with old and new value.
public struct ModifiedProperty: Sendable, Hashable {
    /// The property name.
    public var name: String
    /// The value before.
    public var oldValue: PropertyValue
    /// The value after.
    public var newValue: PropertyValue

    /// Creates a modified property.
    public init(name: String, oldValue: PropertyValue, newValue: PropertyValue) {
        self.name = name
        self.oldValue = oldValue
        self.newValue = newValue
    }
}

/// The error of a failed or non-obviously skipped entry.
public struct ProvisioningError: Sendable, Hashable {
    /// A stable code, e.g. `OwnerOnlyMembership`.
    public var code: String
    /// Why.
    public var reason: String
    /// What to do about it.
    public var recommendedAction: String

    /// Creates an error.
    public init(code: String, reason: String, recommendedAction: String) {
        self.code = code
        self.reason = reason
        self.recommendedAction = recommendedAction
    }
}

/// A provisioning log entry, v1 (`provisioning-log.md`): one per (change, configuration) touched.
public struct ProvisioningLogEntry: Sendable, Hashable {
    /// The schema name written in every entry.
    public static let schema = "tenantsync.provisioning-log.v1"

    /// Deterministic from (partition, offset, configuration, source object id).
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

    /// The deterministic entry id: a stable hash of the input position, the configuration and the source object.
    public static func makeID(partition: Int32, offset: Int64, sourceTenant: String, configurationId: String, sourceId: String) -> String {
        StableHash.guid("log-entry", String(partition), String(offset), sourceTenant, configurationId, sourceId)
    }
}
