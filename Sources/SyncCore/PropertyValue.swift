/// The value of one directory property (a Microsoft Graph user property, a mapped target property).
///
/// Graph properties are strings, booleans or numbers; a property absent from a snapshot is `.null`.
public enum PropertyValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)

    /// Whether the value is null.
    public var isNull: Bool { if case .null = self { true } else { false } }

    /// The value as a string for string-based operations (filters, expressions); nil for null.
    /// Booleans are `true`/`false` (as Graph prints them); integral numbers have no fraction.
    public var stringValue: String? {
        switch self {
        case .null: nil
        case .bool(let b): b ? "true" : "false"
        case .number(let n): n.rounded() == n && abs(n) < 1e15 ? String(Int64(n)) : String(n)
        case .string(let s): s
        }
    }
}
