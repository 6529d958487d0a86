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
