/// The scope of a configuration: which groups' direct members, and which attribute filters.
public struct ConfigurationScope: Sendable, Hashable {
    /// The groups whose direct members (role member) are in scope; nil means every internal user of the source.
    public var groups: [String]?
    /// Attribute scoping filters over the source user's properties.
    public var filters: AttributeFilters

    /// Creates a scope.
    public init(groups: [String]?, filters: AttributeFilters = .none) {
        self.groups = groups
        self.filters = filters
    }
}
