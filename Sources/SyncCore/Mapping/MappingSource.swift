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
