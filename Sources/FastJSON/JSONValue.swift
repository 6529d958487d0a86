/// One JSON value, as read by `JSONValue(parsing:)` or built in code.
///
/// Numbers keep their precision where JSON text allows it: a literal without a fraction or an exponent that fits in
/// 64 bits becomes ``int(_:)``; every other number (`1.5`, `1e3`, `1.0`, integers beyond `Int64`) becomes
/// ``double(_:)``. Equality is structural, so `.int(1) != .double(1)`; use ``int64`` or ``double`` to compare
/// numerically.
///
/// A value is immutable and `Sendable`; sharing one across threads is safe.
public enum JSONValue: Sendable, Equatable {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// An integral number literal that fits in `Int64`, kept exact.
    case int(Int64)
    /// Any other number. Never NaN or infinite when read from text.
    case double(Double)
    /// A string, with escapes decoded.
    case string(String)
    /// An array, in document order.
    case array([JSONValue])
    /// An object, in document order, with lookup by key.
    case object(JSONObject)
}

extension JSONValue {
    /// The deepest nesting of arrays and objects the reader accepts by default.
    ///
    /// The reader is recursive; the limit bounds its stack use on hostile input.
    public static let defaultMaxDepth = 512

    /// The string, if this is a string.
    public var string: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// The number as an `Int64`, if this is an integer, or a double with an exact integral value in range.
    public var int64: Int64? {
        switch self {
        case .int(let i):
            return i
        case .double(let d):
            // Int64(exactly:) refuses fractions, out-of-range values and non-finite values alike.
            return Int64(exactly: d)
        default:
            return nil
        }
    }

    /// The number as a `Double`, if this is a number; integers beyond 2^53 may round.
    public var double: Double? {
        switch self {
        case .int(let i): return Double(i)
        case .double(let d): return d
        default: return nil
        }
    }

    /// The boolean, if this is `true` or `false`.
    public var bool: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }

    /// The elements, if this is an array.
    public var array: [JSONValue]? {
        if case .array(let a) = self { return a }
        return nil
    }

    /// The object, if this is an object.
    public var object: JSONObject? {
        if case .object(let o) = self { return o }
        return nil
    }

    /// Whether this is `null`.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// The member named `key`, if this is an object that has one; `nil` otherwise.
    public subscript(key: String) -> JSONValue? {
        if case .object(let o) = self { return o[key] }
        return nil
    }

    /// The element at `index`, if this is an array and the index is in range; `nil` otherwise.
    public subscript(index: Int) -> JSONValue? {
        if case .array(let a) = self, a.indices.contains(index) { return a[index] }
        return nil
    }
}

extension JSONValue: ExpressibleByNilLiteral {
    /// `nil` written in code is JSON `null`.
    public init(nilLiteral: ()) { self = .null }
}

extension JSONValue: ExpressibleByBooleanLiteral {
    /// A boolean literal.
    public init(booleanLiteral value: Bool) { self = .bool(value) }
}

extension JSONValue: ExpressibleByIntegerLiteral {
    /// An integer literal.
    public init(integerLiteral value: Int64) { self = .int(value) }
}

extension JSONValue: ExpressibleByFloatLiteral {
    /// A floating-point literal.
    public init(floatLiteral value: Double) { self = .double(value) }
}

extension JSONValue: ExpressibleByStringLiteral {
    /// A string literal.
    public init(stringLiteral value: String) { self = .string(value) }
}

extension JSONValue: ExpressibleByArrayLiteral {
    /// An array literal.
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
}

extension JSONValue: ExpressibleByDictionaryLiteral {
    /// An object literal; member order is kept and a repeated key keeps its last value.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(JSONObject(elements))
    }
}
