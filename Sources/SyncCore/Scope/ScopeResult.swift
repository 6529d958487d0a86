/// Whether a source user is in a configuration's scope, and why (one line a person can act on).
public enum ScopeResult: Sendable, Hashable {
    /// In scope; the detail says through what (e.g. "direct member of group g-sales").
    case inScope(detail: String)
    /// Out of scope, with a stable code, the reason and what to do.
    case outOfScope(OutOfScope)

    /// Whether the user is in scope.
    public var isInScope: Bool { if case .inScope = self { true } else { false } }
}

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
