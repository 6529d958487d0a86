/// When a mapping writes its target property.
public enum MappingApply: String, Sendable, Hashable {
    /// On create and on every update.
    case always
    /// Only when the target user is created (or created anew).
    case onCreate
}
