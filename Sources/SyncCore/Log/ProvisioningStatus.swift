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
