/// Why a user is out of a configuration's scope.
public struct OutOfScope: Sendable, Hashable {
    /// A stable code for the log's `error.code`.
    public var code: String
    /// The reason, one line.
    public var reason: String
    /// What an admin can do about it.
    public var recommendedAction: String

    /// Creates a reason.
    public init(code: String, reason: String, recommendedAction: String) {
        self.code = code
        self.reason = reason
        self.recommendedAction = recommendedAction
    }
}
