/// An operator of an attribute scoping filter clause, with its raw value as written in configurations.
///
/// The operators are those of Microsoft Entra's scoping filters. `IS TRUE`, `IS FALSE`, `IS NULL` and `IS NOT NULL` are
/// unary (the clause has no value); every other operator compares the attribute with the clause's value. The exact
/// semantics of each operator are documented on ``ScopingFilters``.
public enum ScopingOperator: String, Sendable, CaseIterable {
    /// The attribute equals the value, ignoring case.
    case equals = "EQUALS"
    /// The negation of ``equals``.
    case notEquals = "NOT EQUALS"
    /// The attribute is the boolean true.
    case isTrue = "IS TRUE"
    /// The attribute is the boolean false.
    case isFalse = "IS FALSE"
    /// The attribute has no value.
    case isNull = "IS NULL"
    /// The attribute has a value.
    case isNotNull = "IS NOT NULL"
    /// The regular expression of the value matches somewhere in the attribute.
    case regexMatch = "REGEX MATCH"
    /// The negation of ``regexMatch``.
    case notRegexMatch = "NOT REGEX MATCH"
    /// The attribute, an integer, is greater than the value.
    case greaterThan = "Greater_Than"
    /// The attribute, an integer, is greater than or equal to the value.
    case greaterThanOrEquals = "Greater_Than_OR_EQUALS"
    /// The attribute contains the value, ignoring case.
    case includes = "Includes"
    /// The attribute ends with the value, ignoring case.
    case endsWith = "ENDS_WITH"
    /// The attribute, an integer, has every bit of the value set.
    case bitwiseAnd = "&"
    /// The negation of ``bitwiseAnd``.
    case notBitwiseAnd = "!&"

    /// Parses an operator name as an administrator may write it.
    ///
    /// Case-insensitive; `_` and spaces are interchangeable and runs of them count as one, so `not_equals`,
    /// `Not Equals` and `GREATER THAN OR EQUALS` are all accepted. Returns nil for an unknown name.
    public init?(parsing text: String) {
        let key = Self.normalizedKey(text)
        guard let found = Self.byKey[key] else { return nil }
        self = found
    }

    /// Whether the operator takes no value (`IS TRUE`, `IS FALSE`, `IS NULL`, `IS NOT NULL`).
    public var isUnary: Bool {
        switch self {
        case .isTrue, .isFalse, .isNull, .isNotNull: true
        default: false
        }
    }

    /// Whether the operator's value must be an integer (`Greater_Than`, `Greater_Than_OR_EQUALS`, `&`, `!&`).
    public var takesInteger: Bool {
        switch self {
        case .greaterThan, .greaterThanOrEquals, .bitwiseAnd, .notBitwiseAnd: true
        default: false
        }
    }

    private static let byKey: [String: ScopingOperator] = Dictionary(
        uniqueKeysWithValues: allCases.map { (normalizedKey($0.rawValue), $0) }
    )

    /// Uppercased, with `_` read as a space, surrounding blanks dropped and inner runs of blanks collapsed.
    private static func normalizedKey(_ text: String) -> String {
        var key = ""
        var pendingSpace = false
        for character in text.uppercased() {
            if character == "_" || character.isWhitespace {
                pendingSpace = !key.isEmpty
            } else {
                if pendingSpace { key.append(" ") }
                pendingSpace = false
                key.append(character)
            }
        }
        return key
    }
}
