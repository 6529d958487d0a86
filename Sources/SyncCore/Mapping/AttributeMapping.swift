/// When a mapping writes its target property.
public enum MappingApply: String, Sendable, Hashable {
    /// On create and on every update.
    case always
    /// Only when the target user is created (or created anew).
    case onCreate
}

/// Where a mapped value comes from.
public enum MappingSource: Sendable, Hashable {
    /// A source property, copied unchanged.
    case direct(String)
    /// A constant.
    case constant(PropertyValue)
    /// An expression over source properties.
    case expression(MappingExpression)
    /// The property is not synced (removes a default mapping).
    case none
}

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
