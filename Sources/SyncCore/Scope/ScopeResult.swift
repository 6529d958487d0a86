/// Whether a source user is in a configuration's scope, and why (one line a person can act on).
public enum ScopeResult: Sendable, Hashable {
    /// In scope; the detail says through what (e.g. "direct member of group g-sales").
    case inScope(detail: String)
    /// Out of scope, with a stable code, the reason and what to do.
    case outOfScope(OutOfScope)

    /// Whether the user is in scope.
    public var isInScope: Bool { if case .inScope = self { true } else { false } }
}
