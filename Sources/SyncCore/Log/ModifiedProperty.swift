/// One modified target property, with old and new value.
public struct ModifiedProperty: Sendable, Hashable {
    /// The property name.
    public var name: String
    /// The value before.
    public var oldValue: PropertyValue
    /// The value after.
    public var newValue: PropertyValue

    /// Creates a modified property.
    public init(name: String, oldValue: PropertyValue, newValue: PropertyValue) {
        self.name = name
        self.oldValue = oldValue
        self.newValue = newValue
    }
}
