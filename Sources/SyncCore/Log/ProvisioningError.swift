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
