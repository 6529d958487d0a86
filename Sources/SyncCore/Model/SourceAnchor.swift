/// The source anchor of a target user (`alternativeSecurityIds`): the source tenant and the source object id.
public struct SourceAnchor: Sendable, Hashable, Comparable {
    /// The source tenant id (Graph calls it `identityProvider`).
    public var identityProvider: String
    /// The source user's object id.
    public var key: String

    /// Creates an anchor.
    public init(identityProvider: String, key: String) {
        self.identityProvider = identityProvider
        self.key = key
    }

    /// Anchors sort by tenant, then key.
    public static func < (lhs: SourceAnchor, rhs: SourceAnchor) -> Bool {
        (lhs.identityProvider, lhs.key) < (rhs.identityProvider, rhs.key)
    }
}
