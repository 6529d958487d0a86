/// An invalid scoping filter clause, named by its position in the configuration's `scope.filters`.
public struct ScopingFilterError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The 0-based index of the filter (the outer list).
    public var filterIndex: Int
    /// The 0-based index of the clause in its filter (the inner list).
    public var clauseIndex: Int
    /// What is wrong, e.g. `invalid regular expression: ...` or `unknown operator 'EQUAL'`.
    public var message: String
    /// The clause as written, e.g. `department REGEX MATCH '[a'`; empty when the whole filter is at fault.
    public var clause: String

    /// Creates an error for the clause at `filters[filterIndex][clauseIndex]`.
    public init(filterIndex: Int, clauseIndex: Int, message: String, clause: String = "") {
        self.filterIndex = filterIndex
        self.clauseIndex = clauseIndex
        self.message = message
        self.clause = clause
    }

    /// `filters[0][1] (department REGEX MATCH '[a'): invalid regular expression: ...`.
    public var description: String {
        if clause.isEmpty {
            "filters[\(filterIndex)]: \(message)"
        } else {
            "filters[\(filterIndex)][\(clauseIndex)] (\(clause)): \(message)"
        }
    }
}
