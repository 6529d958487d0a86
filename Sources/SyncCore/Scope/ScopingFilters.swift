/// Attribute scoping filters of a configuration: which users of the groups in scope are synced.
///
/// A filter is a list of clauses that must all hold (AND); the user is in scope when any filter holds (OR). No filter
/// at all keeps everyone. Filters are validated and compiled once by ``compile(_:)`` (operators resolved, integers
/// parsed, regular expressions compiled); ``matches(_:)`` then runs per user on the worker's hot path.
///
/// Attribute names are case-insensitive: the lookup closure is called with the Graph spelling of a known user property
/// (`Department` is looked up as `department`) and with the name as written otherwise.
///
/// Semantics, for an attribute value `a` (strings as in ``PropertyValue/stringValue``) and the clause's value `v`:
///
/// | operator | true when | null `a` |
/// | --- | --- | --- |
/// | `EQUALS` | `a` equals `v` ignoring case (numbers compare numerically, booleans as `true`/`false`) | false |
/// | `NOT EQUALS` | not `EQUALS` | true |
/// | `IS TRUE` | `a` is the boolean true or the string `true` (any case) | false |
/// | `IS FALSE` | `a` is the boolean false or the string `false` (any case) | false |
/// | `IS NULL` | `a` is null or the empty string | true |
/// | `IS NOT NULL` | not `IS NULL` | false |
/// | `REGEX MATCH` | the ICU pattern `v` matches somewhere in `a`, case-sensitively (anchor with `^…$`; `(?i)` ignores case) | false |
/// | `NOT REGEX MATCH` | not `REGEX MATCH` | true |
/// | `Greater_Than` | `a` is a 64-bit integer (a whole number, or a string of digits) greater than the integer `v` | false |
/// | `Greater_Than_OR_EQUALS` | the same, greater or equal | false |
/// | `Includes` | `a` contains `v` ignoring case | false |
/// | `ENDS_WITH` | `a` ends with `v` ignoring case | false |
/// | `&` | `a` is an integer with every bit of the integer `v` set: `a & v == v` | false |
/// | `!&` | not `&` | true |
///
/// Every negated operator is the exact negation of its positive one, including for null and non-integer values: a user
/// without a department is kept by `department NOT EQUALS 'Sales'`. Case is ignored the way `String.lowercased()`
/// folds it, in every locale alike. `EQUALS ''` holds only for an empty string, not for null.
///
/// `compile` rejects, naming the clause: an unknown operator, a missing value for a binary operator or a value for a
/// unary one (an empty value counts as none there), a value that is not an integer for `Greater_Than`,
/// `Greater_Than_OR_EQUALS`, `&` and `!&` (or a negative one for `&`, `!&`), an invalid regular expression, an empty
/// filter, and an attribute Entra cannot filter on: group membership (`memberOf`), multi-valued attributes
/// (`proxyAddresses`, `otherMails`, `alternativeSecurityIds`, `businessPhones`, `imAddresses`, …), `userType`,
/// `manager`, and dates (any `…Date` or `…DateTime` attribute, `birthday`).
public struct ScopingFilters: Sendable, Hashable {
    /// The validated clauses: outer list ORed, inner lists ANDed. No filters (empty outer list) keeps everyone.
    public let filters: [[ScopingClause]]

    /// The same clauses, ready to evaluate.
    private let compiled: [[CompiledScopingClause]]

    private init(filters: [[ScopingClause]], compiled: [[CompiledScopingClause]]) {
        self.filters = filters
        self.compiled = compiled
    }

    /// The clauses in the shape of a configuration, e.g. to write it back: operators by their raw values.
    public var raw: [[RawScopingClause]] {
        filters.map { filter in
            filter.map { RawScopingClause(attribute: $0.attribute, operatorName: $0.op.rawValue, value: $0.value) }
        }
    }

    /// The attributes the filters read, by the names the lookup closure receives (Graph spelling for known
    /// properties): a change to any other attribute cannot change the filters' answer.
    public var referencedAttributes: Set<String> {
        Set(compiled.lazy.flatMap { $0 }.map(\.lookupName))
    }

    /// Filters that keep everyone.
    public static let none = ScopingFilters(filters: [], compiled: [])

    /// Validates and compiles filters read from a configuration.
    ///
    /// - Parameter raw: the configuration's `scope.filters`: outer list ORed, inner lists ANDed.
    /// - Throws: ``ScopingFilterError`` for the first invalid clause, named by its indices and text, e.g.
    ///   `filters[0][1] (department REGEX MATCH '[a'): invalid regular expression: ...`.
    public static func compile(_ raw: [[RawScopingClause]]) throws(ScopingFilterError) -> ScopingFilters {
        var filters: [[ScopingClause]] = []
        var compiled: [[CompiledScopingClause]] = []
        filters.reserveCapacity(raw.count)
        compiled.reserveCapacity(raw.count)
        for (filterIndex, rawFilter) in raw.enumerated() {
            guard !rawFilter.isEmpty else {
                throw ScopingFilterError(filterIndex: filterIndex, clauseIndex: 0,
                                         message: "empty filter: a filter needs at least one clause")
            }
            var clauses: [ScopingClause] = []
            var compiledClauses: [CompiledScopingClause] = []
            for (clauseIndex, rawClause) in rawFilter.enumerated() {
                do {
                    let clause = try CompiledScopingClause.validate(rawClause)
                    clauses.append(clause)
                    compiledClauses.append(try CompiledScopingClause(clause))
                } catch {
                    throw ScopingFilterError(filterIndex: filterIndex, clauseIndex: clauseIndex,
                                             message: error.message, clause: rawClause.description)
                }
            }
            filters.append(clauses)
            compiled.append(compiledClauses)
        }
        return ScopingFilters(filters: filters, compiled: compiled)
    }

    /// Whether a user is in scope of these filters.
    ///
    /// - Parameter attribute: the user's value for an attribute name (Graph spelling for known properties).
    public func matches(_ attribute: (String) -> PropertyValue) -> Bool {
        if compiled.isEmpty { return true }
        for filter in compiled where filter.allSatisfy({ $0.holds(attribute($0.lookupName)) }) {
            return true
        }
        return false
    }

    /// One line for the provisioning log's "scoping" step: which filter kept the user, or the first failing clause of
    /// every filter, e.g. `filter 1: department EQUALS 'R&D' is false (department is 'Sales')`.
    ///
    /// Filters are numbered from 1. The text agrees with ``matches(_:)``: it starts with `kept by` exactly when the user
    /// is in scope.
    public func explain(_ attribute: (String) -> PropertyValue) -> String {
        if compiled.isEmpty { return "kept: no scoping filters" }
        var failures: [String] = []
        for (index, filter) in compiled.enumerated() {
            var failed: String?
            for (clauseIndex, clause) in filter.enumerated() {
                let value = attribute(clause.lookupName)
                if !clause.holds(value) {
                    let written = filters[index][clauseIndex]
                    failed = "filter \(index + 1): \(written) is false (\(written.attribute) is \(Self.show(value)))"
                    break
                }
            }
            guard let failed else {
                return "kept by filter \(index + 1): " + filters[index].map(\.description).joined(separator: " AND ")
            }
            failures.append(failed)
        }
        return failures.joined(separator: "; ")
    }

    /// A value as the log shows it: `'Sales'`, `null`, `true`, `42`.
    private static func show(_ value: PropertyValue) -> String {
        switch value {
        case .null: "null"
        case .string(let text): "'\(text)'"
        case .bool, .number: value.stringValue ?? "null"
        }
    }

    /// Filters are equal when their validated clauses are (the compiled form follows from them).
    public static func == (lhs: ScopingFilters, rhs: ScopingFilters) -> Bool { lhs.filters == rhs.filters }

    /// Hashes the validated clauses.
    public func hash(into hasher: inout Hasher) { hasher.combine(filters) }
}
