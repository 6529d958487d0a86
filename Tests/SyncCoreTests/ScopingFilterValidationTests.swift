import Testing
@testable import SyncCore

/// The error compiling one filter made of `clauses`, placed as the second filter so indices are visible.
private func compileError(_ clauses: [(String, String, String?)]) -> ScopingFilterError? {
    let valid = [RawScopingClause(attribute: "department", operatorName: "EQUALS", value: "R&D")]
    let raw = [valid, clauses.map { RawScopingClause(attribute: $0.0, operatorName: $0.1, value: $0.2) }]
    do {
        _ = try ScopingFilters.compile(raw)
        return nil
    } catch {
        return error
    }
}

@Suite("Scoping filters: validation")
struct ScopingFilterValidationTests {
    @Test func operatorNamesAreCaseInsensitiveWithUnderscoresOrSpaces() {
        #expect(ScopingOperator(parsing: "equals") == .equals)
        #expect(ScopingOperator(parsing: "not_equals") == .notEquals)
        #expect(ScopingOperator(parsing: "Is Not  Null") == .isNotNull)
        #expect(ScopingOperator(parsing: "greater than or equals") == .greaterThanOrEquals)
        #expect(ScopingOperator(parsing: "GREATER_THAN") == .greaterThan)
        #expect(ScopingOperator(parsing: "ends with") == .endsWith)
        #expect(ScopingOperator(parsing: " & ") == .bitwiseAnd)
        #expect(ScopingOperator(parsing: "!&") == .notBitwiseAnd)
        #expect(ScopingOperator(parsing: "EQUAL") == nil)
        #expect(ScopingOperator(parsing: "") == nil)
        for op in ScopingOperator.allCases { #expect(ScopingOperator(parsing: op.rawValue) == op) }
    }

    @Test func unknownOperatorIsRejectedNamingTheClause() throws {
        let error = try #require(compileError([("city", "IS NULL", nil), ("department", "EQUAL", "R&D")]))
        #expect(error.filterIndex == 1 && error.clauseIndex == 1)
        #expect(error.description.hasPrefix("filters[1][1] (department EQUAL 'R&D'): unknown operator 'EQUAL'"))
    }

    @Test func invalidRegexIsRejectedNamingTheClause() throws {
        let error = try #require(compileError([("department", "REGEX MATCH", "[a")]))
        #expect(error.filterIndex == 1 && error.clauseIndex == 0)
        #expect(error.description == "filters[1][0] (department REGEX MATCH '[a'): invalid regular expression: unclosed '[' character class")
        #expect(compileError([("department", "NOT REGEX MATCH", "(unclosed")])?.message == "invalid regular expression: unclosed '(' group")
        #expect(compileError([("department", "REGEX MATCH", "a)")])?.message == "invalid regular expression: unmatched ')'")
        #expect(compileError([("department", "REGEX MATCH", "*a")])?.message == "invalid regular expression: nothing to repeat before '*'")
        #expect(compileError([("department", "REGEX MATCH", "a{2,1}")])?.message == "invalid regular expression: 'a{2,1}' is not a valid ICU pattern")
        #expect(compileError([("department", "REGEX MATCH", #"\[a\]"#)]) == nil)
    }

    @Test func binaryOperatorWithoutValueIsRejected() throws {
        let error = try #require(compileError([("department", "EQUALS", nil)]))
        #expect(error.description == "filters[1][0] (department EQUALS): EQUALS needs a value")
        #expect(compileError([("mail", "Includes", nil)]) != nil)
    }

    @Test func unaryOperatorWithValueIsRejectedButEmptyValueIsAccepted() throws {
        let error = try #require(compileError([("accountEnabled", "IS TRUE", "yes")]))
        #expect(error.description == "filters[1][0] (accountEnabled IS TRUE 'yes'): IS TRUE takes no value, got 'yes'")
        #expect(compileError([("accountEnabled", "IS TRUE", "")]) == nil)
    }

    @Test(arguments: ["Greater_Than", "Greater_Than_OR_EQUALS", "&", "!&"])
    func integerOperatorsRejectNonIntegerValues(op: String) throws {
        for bad in ["abc", "1.5", "", "1e3"] {
            let error = try #require(compileError([("employeeId", op, bad)]))
            #expect(error.message == "\(op) needs an integer value, got '\(bad)'")
        }
        #expect(compileError([("employeeId", op, "12")]) == nil)
    }

    @Test func bitwiseOperatorsRejectNegativeValues() {
        #expect(compileError([("userAccountControl", "&", "-2")])?.message == "& needs a non-negative integer, got '-2'")
        #expect(compileError([("employeeId", "Greater_Than", "-2")]) == nil)
    }

    @Test(arguments: ["memberOf", "MemberOf", "proxyAddresses", "otherMails", "alternativeSecurityIds", "businessPhones",
                      "imAddresses", "userType", "UserType", "manager", "createdDateTime", "employeeHireDate",
                      "employeeLeaveDateTime", "birthday"])
    func forbiddenAttributesAreRejectedNamingTheClause(attribute: String) throws {
        let error = try #require(compileError([("city", "IS NOT NULL", nil), (attribute, "IS NOT NULL", nil)]))
        #expect(error.filterIndex == 1 && error.clauseIndex == 1)
        #expect(error.description.hasPrefix("filters[1][1] (\(attribute) IS NOT NULL): cannot filter on"))
    }

    @Test func missingAttributeNameIsRejected() {
        #expect(compileError([("  ", "IS NULL", nil)])?.message == "missing attribute name")
    }

    @Test func emptyFilterIsRejected() throws {
        let error = try #require(compileError([]))
        #expect(error.description == "filters[1]: empty filter: a filter needs at least one clause")
    }

    @Test func theFirstInvalidClauseIsReported() throws {
        let error = try #require(compileError([("city", "IS NULL", nil), ("manager", "EQUALS", "x"), ("x", "BAD", nil)]))
        #expect(error.clauseIndex == 1)
    }
}
