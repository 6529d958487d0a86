/// One attribute mapping of a configuration: target property, source, when it applies, default if null.
public struct AttributeMapping: Sendable, Hashable {
    /// The target property (Graph name).
    public var target: String
    /// Where the value comes from.
    public var source: MappingSource
    /// When the mapping applies.
    public var apply: MappingApply
    /// The value used on create when the source value is null.
    public var defaultValue: PropertyValue

    /// Creates a mapping.
    public init(target: String, source: MappingSource, apply: MappingApply = .always, defaultValue: PropertyValue = .null) {
        self.target = target
        self.source = source
        self.apply = apply
        self.defaultValue = defaultValue
    }
}
