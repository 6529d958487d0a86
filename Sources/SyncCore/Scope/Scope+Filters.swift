/// Attribute scoping filters of a configuration: the clauses as written and their compiled form.
///
/// This file is the only place scope touches the `ScopingFilters` API of the filter module.
public struct AttributeFilters: Sendable, Hashable {
    /// The filters as written: outer list ORed, inner list ANDed.
    public let clauses: [[FilterClause]]
    private let compiled: ScopingFilters

    /// No filters: every user passes.
    public static let none = AttributeFilters(clauses: [], compiled: .none)

    private init(clauses: [[FilterClause]], compiled: ScopingFilters) {
        self.clauses = clauses
        self.compiled = compiled
    }

    /// Compiles the clauses.
    /// - Throws: `ScopingFilterError` naming the filter and clause (bad regex, unknown operator, forbidden attribute).
    public init(_ clauses: [[FilterClause]]) throws(ScopingFilterError) {
        let raw = clauses.map { $0.map { RawScopingClause(attribute: $0.attribute, operatorName: $0.operatorName, value: $0.value) } }
        self.init(clauses: clauses, compiled: try ScopingFilters.compile(raw))
    }

    /// Whether the user passes the filters (no filters: always).
    func matches(_ user: SourceUser) -> Bool {
        clauses.isEmpty || compiled.matches { user[property: $0] }
    }

    /// Why the user does not pass, one line.
    func explain(_ user: SourceUser) -> String { compiled.explain { user[property: $0] } }

    /// Equality follows the clauses as written.
    public static func == (lhs: AttributeFilters, rhs: AttributeFilters) -> Bool { lhs.clauses == rhs.clauses }

    /// Hashes the clauses.
    public func hash(into hasher: inout Hasher) { hasher.combine(clauses) }
}
