import Foundation

// TEMPORARY: minimal stand-ins for the `expr` branch's API (Expression, ScopingFilters), so SyncCore builds before
// that branch is merged. Deleted in the merge commit; nothing here is tested as behaviour.

/// Stand-in for the expression error of the `expr` branch.
public struct ExpressionError: Error, Sendable {
    /// The 1-based column of the error.
    public var column: Int
    /// What is wrong.
    public var message: String
}

/// Stand-in for the expression of the `expr` branch: only a bare `[attribute]` reference or a quoted literal.
public struct Expression: Sendable {
    let attribute: String?
    let literal: String?

    /// Parses `[name]` or `"text"`.
    public static func parse(_ text: String) throws(ExpressionError) -> Expression {
        let t = text.trimmingCharacters(in: .whitespaces)
        if t.hasPrefix("["), t.hasSuffix("]") { return Expression(attribute: String(t.dropFirst().dropLast()), literal: nil) }
        if t.hasPrefix("\""), t.hasSuffix("\""), t.count >= 2 { return Expression(attribute: nil, literal: String(t.dropFirst().dropLast())) }
        throw ExpressionError(column: 1, message: "unsupported expression")
    }

    /// Evaluates against the attributes.
    public func evaluate(_ attribute: (String) -> PropertyValue) -> PropertyValue {
        if let a = self.attribute { return attribute(a) }
        return literal.map(PropertyValue.string) ?? .null
    }

    /// The attributes the expression reads.
    public var referencedAttributes: Set<String> { attribute.map { [$0] } ?? [] }
}

/// Stand-in for a raw scoping clause of the `expr` branch.
public struct RawScopingClause: Sendable, Hashable {
    /// The attribute filtered on.
    public var attribute: String
    /// The operator name as written.
    public var operatorName: String
    /// The comparison value.
    public var value: String?

    /// Creates a clause.
    public init(attribute: String, operatorName: String, value: String?) {
        self.attribute = attribute
        self.operatorName = operatorName
        self.value = value
    }
}

/// Stand-in for the scoping filter error of the `expr` branch.
public struct ScopingFilterError: Error, Sendable {
    /// The index of the filter.
    public var filterIndex: Int
    /// The index of the clause.
    public var clauseIndex: Int
    /// What is wrong.
    public var message: String
}

/// Stand-in for compiled scoping filters: EQUALS only.
public struct ScopingFilters: Sendable {
    let raw: [[RawScopingClause]]

    /// No filters: everything matches.
    public static let none = ScopingFilters(raw: [])

    /// Compiles raw filters.
    public static func compile(_ raw: [[RawScopingClause]]) throws(ScopingFilterError) -> ScopingFilters {
        for (f, filter) in raw.enumerated() {
            for (c, clause) in filter.enumerated() where clause.operatorName != "EQUALS" {
                throw ScopingFilterError(filterIndex: f, clauseIndex: c, message: "unknown operator '\(clause.operatorName)'")
            }
        }
        return ScopingFilters(raw: raw)
    }

    /// Whether the attributes pass.
    public func matches(_ attribute: (String) -> PropertyValue) -> Bool {
        if raw.isEmpty { return true }
        return raw.contains { $0.allSatisfy { attribute($0.attribute).stringValue == $0.value } }
    }

    /// Why the attributes do not pass.
    public func explain(_ attribute: (String) -> PropertyValue) -> String {
        matches(attribute) ? "matches" : "no scoping filter matches"
    }
}
