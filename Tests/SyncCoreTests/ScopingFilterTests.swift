import Testing
@testable import SyncCore

/// A user as a dictionary of Graph properties; lookups are by exact key, as the filters pass canonical names.
private func user(_ properties: [String: PropertyValue]) -> (String) -> PropertyValue {
    { properties[$0] ?? .null }
}

private func filters(_ clauses: [[(String, String, String?)]]) throws -> ScopingFilters {
    try ScopingFilters.compile(clauses.map { $0.map { RawScopingClause(attribute: $0.0, operatorName: $0.1, value: $0.2) } })
}

private func holds(_ attribute: String, _ op: String, _ value: String?, for property: PropertyValue) throws -> Bool {
    try filters([[(attribute, op, value)]]).matches(user([attribute: property]))
}

@Suite("Scoping filters: operators")
struct ScopingFilterOperatorTests {
    @Test func equalsIgnoresCase() throws {
        #expect(try holds("department", "EQUALS", "R&D", for: .string("r&d")))
        #expect(try holds("department", "EQUALS", "R&D", for: .string("R&D")))
        #expect(try !holds("department", "EQUALS", "R&D", for: .string("Sales")))
        #expect(try !holds("department", "EQUALS", "R&D", for: .string("R&D ")))
    }

    @Test func equalsIsFalseForNullAndEmptyValueMatchesOnlyEmptyString() throws {
        #expect(try !holds("department", "EQUALS", "R&D", for: .null))
        #expect(try !holds("department", "EQUALS", "", for: .null))
        #expect(try holds("department", "EQUALS", "", for: .string("")))
    }

    @Test func equalsComparesNumbersNumericallyAndBooleansByName() throws {
        #expect(try holds("extensionNumber", "EQUALS", "42", for: .number(42)))
        #expect(try holds("extensionNumber", "EQUALS", "42.0", for: .number(42)))
        #expect(try !holds("extensionNumber", "EQUALS", "43", for: .number(42)))
        #expect(try holds("showInAddressList", "EQUALS", "TRUE", for: .bool(true)))
        #expect(try !holds("showInAddressList", "EQUALS", "true", for: .bool(false)))
    }

    @Test func notEqualsIsTheNegationOfEqualsIncludingNull() throws {
        #expect(try holds("department", "NOT EQUALS", "R&D", for: .string("Sales")))
        #expect(try !holds("department", "NOT EQUALS", "R&D", for: .string("r&d")))
        #expect(try holds("department", "NOT EQUALS", "R&D", for: .null))
    }

    @Test func isTrueAndIsFalseAcceptBooleansAndBooleanStrings() throws {
        #expect(try holds("accountEnabled", "IS TRUE", nil, for: .bool(true)))
        #expect(try holds("accountEnabled", "IS TRUE", nil, for: .string("True")))
        #expect(try !holds("accountEnabled", "IS TRUE", nil, for: .bool(false)))
        #expect(try !holds("accountEnabled", "IS TRUE", nil, for: .null))
        #expect(try holds("accountEnabled", "IS FALSE", nil, for: .bool(false)))
        #expect(try holds("accountEnabled", "IS FALSE", nil, for: .string("FALSE")))
        #expect(try !holds("accountEnabled", "IS FALSE", nil, for: .bool(true)))
        #expect(try !holds("accountEnabled", "IS FALSE", nil, for: .null))
        #expect(try !holds("accountEnabled", "IS FALSE", nil, for: .number(0)))
    }

    @Test func isNullHoldsForNullAndEmptyString() throws {
        #expect(try holds("department", "IS NULL", nil, for: .null))
        #expect(try holds("department", "IS NULL", nil, for: .string("")))
        #expect(try !holds("department", "IS NULL", nil, for: .string("Sales")))
        #expect(try !holds("department", "IS NOT NULL", nil, for: .null))
        #expect(try holds("department", "IS NOT NULL", nil, for: .string("Sales")))
        #expect(try holds("accountEnabled", "IS NOT NULL", nil, for: .bool(false)))
    }

    @Test func regexMatchSearchesCaseSensitivelyAnywhere() throws {
        #expect(try holds("jobTitle", "REGEX MATCH", "Eng.*r", for: .string("Senior Engineer")))
        #expect(try !holds("jobTitle", "REGEX MATCH", "^Eng", for: .string("Senior Engineer")))
        #expect(try !holds("jobTitle", "REGEX MATCH", "engineer", for: .string("Senior Engineer")))
        #expect(try holds("jobTitle", "REGEX MATCH", "(?i)engineer", for: .string("Senior Engineer")))
        #expect(try !holds("jobTitle", "REGEX MATCH", ".*", for: .null))
        #expect(try holds("jobTitle", "REGEX MATCH", "^é+$", for: .string("éé")))
    }

    @Test func notRegexMatchIsTheNegationIncludingNull() throws {
        #expect(try holds("jobTitle", "NOT REGEX MATCH", "^Eng", for: .string("Senior Engineer")))
        #expect(try !holds("jobTitle", "NOT REGEX MATCH", "Eng", for: .string("Senior Engineer")))
        #expect(try holds("jobTitle", "NOT REGEX MATCH", ".*", for: .null))
    }

    @Test func greaterThanComparesIntegers() throws {
        #expect(try holds("employeeId", "Greater_Than", "100", for: .string("101")))
        #expect(try !holds("employeeId", "Greater_Than", "100", for: .string("100")))
        #expect(try !holds("employeeId", "Greater_Than", "100", for: .string("99")))
        #expect(try holds("employeeId", "Greater_Than", "-5", for: .number(0)))
        // Integer, not string, comparison: "9" < "10" numerically although "9" > "10" as text.
        #expect(try !holds("employeeId", "Greater_Than", "10", for: .string("9")))
        #expect(try !holds("employeeId", "Greater_Than", "1", for: .string("abc")))
        #expect(try !holds("employeeId", "Greater_Than", "1", for: .number(1.5)))
        #expect(try !holds("employeeId", "Greater_Than", "1", for: .number(1e20)))  // beyond 64 bits: not an integer
        #expect(try holds("employeeId", "Greater_Than", "1", for: .string(" 2 ")))
        #expect(try !holds("employeeId", "Greater_Than", "1", for: .null))
    }

    @Test func greaterThanOrEqualsIncludesEquality() throws {
        #expect(try holds("employeeId", "Greater_Than_OR_EQUALS", "100", for: .string("100")))
        #expect(try holds("employeeId", "Greater_Than_OR_EQUALS", "100", for: .number(250)))
        #expect(try !holds("employeeId", "Greater_Than_OR_EQUALS", "100", for: .string("99")))
        #expect(try !holds("employeeId", "Greater_Than_OR_EQUALS", "100", for: .null))
    }

    @Test func includesIsCaseInsensitiveSubstring() throws {
        #expect(try holds("mail", "Includes", "CONTOSO", for: .string("ann@contoso.com")))
        #expect(try !holds("mail", "Includes", "fabrikam", for: .string("ann@contoso.com")))
        #expect(try !holds("mail", "Includes", "contoso", for: .null))
        #expect(try holds("mail", "Includes", "", for: .string("ann@contoso.com")))
        #expect(try holds("mail", "Includes", "", for: .string("")))
        #expect(try holds("department", "Includes", "É", for: .string("Recherche et développement")))
    }

    @Test func endsWithIsCaseInsensitiveSuffix() throws {
        #expect(try holds("userPrincipalName", "ENDS_WITH", "@Contoso.com", for: .string("ann@contoso.COM")))
        #expect(try !holds("userPrincipalName", "ENDS_WITH", "@contoso", for: .string("ann@contoso.com")))
        #expect(try !holds("userPrincipalName", "ENDS_WITH", ".com", for: .null))
        #expect(try holds("userPrincipalName", "ENDS_WITH", "", for: .string("ann")))
    }

    @Test func bitwiseAndRequiresEveryBitOfTheValue() throws {
        #expect(try holds("userAccountControl", "&", "2", for: .number(514)))
        #expect(try !holds("userAccountControl", "&", "2", for: .number(512)))
        #expect(try holds("userAccountControl", "&", "6", for: .string("7")))
        #expect(try !holds("userAccountControl", "&", "6", for: .string("4")))  // one of the two bits only
        #expect(try holds("userAccountControl", "&", "0", for: .number(0)))
        #expect(try !holds("userAccountControl", "&", "2", for: .null))
        #expect(try !holds("userAccountControl", "&", "2", for: .string("two")))
    }

    @Test func notBitwiseAndIsTheNegationIncludingNull() throws {
        #expect(try holds("userAccountControl", "!&", "2", for: .number(512)))
        #expect(try !holds("userAccountControl", "!&", "2", for: .number(514)))
        #expect(try holds("userAccountControl", "!&", "6", for: .number(4)))
        #expect(try holds("userAccountControl", "!&", "2", for: .null))
    }
}

@Suite("Scoping filters: OR of ANDs")
struct ScopingFilterLogicTests {
    let salesInFrance = [("department", "EQUALS", "Sales"), ("country", "EQUALS", "FR")]
    let engineering = [("department", "EQUALS", "R&D")]

    @Test func noFiltersKeepEveryone() throws {
        #expect(ScopingFilters.none.matches(user([:])))
        #expect(try ScopingFilters.compile([]).matches(user(["department": .string("x")])))
        #expect(ScopingFilters.none.filters.isEmpty)
    }

    @Test func clausesOfOneFilterMustAllHold() throws {
        let scope = try filters([salesInFrance.map { ($0.0, $0.1, Optional($0.2)) }])
        #expect(scope.matches(user(["department": .string("Sales"), "country": .string("FR")])))
        #expect(!scope.matches(user(["department": .string("Sales"), "country": .string("DE")])))
        #expect(!scope.matches(user(["department": .string("R&D"), "country": .string("FR")])))
    }

    @Test func anyFilterKeepsTheUser() throws {
        let scope = try filters([salesInFrance.map { ($0.0, $0.1, Optional($0.2)) }, engineering.map { ($0.0, $0.1, Optional($0.2)) }])
        #expect(scope.matches(user(["department": .string("Sales"), "country": .string("FR")])))
        #expect(scope.matches(user(["department": .string("R&D"), "country": .string("DE")])))
        #expect(!scope.matches(user(["department": .string("Sales"), "country": .string("DE")])))
        #expect(!scope.matches(user([:])))
    }

    @Test func attributeNamesAreCaseInsensitiveAndLookedUpByGraphSpelling() throws {
        var asked: [String] = []
        let scope = try filters([[("DEPARTMENT", "equals", "R&D"), ("  PhysicalDeliveryOfficeName ", "is not null", nil)]])
        let kept = scope.matches { name in
            asked.append(name)
            return .string(name == "department" ? "R&D" : "Paris")
        }
        #expect(kept)
        #expect(asked == ["department", "physicalDeliveryOfficeName"])
    }

    @Test func referencedAttributesAreTheLookupNames() throws {
        let scope = try filters([[("Department", "EQUALS", "R&D")], [("COUNTRY", "IS NOT NULL", nil), ("department", "IS NULL", nil)]])
        #expect(scope.referencedAttributes == ["department", "country"])
        #expect(ScopingFilters.none.referencedAttributes.isEmpty)
    }

    @Test func unknownAttributesAreLookedUpAsWritten() throws {
        let scope = try filters([[("extension_ab12_costCenter", "EQUALS", "42")]])
        #expect(scope.matches(user(["extension_ab12_costCenter": .string("42")])))
        #expect(!scope.matches(user(["extension_AB12_costcenter": .string("42")])))
    }

    @Test func everyChangeEventPropertyIsLookedUpByItsGraphSpelling() {
        let properties = ["userPrincipalName", "displayName", "givenName", "surname", "mail", "mailNickname", "jobTitle",
                          "department", "employeeId", "city", "country", "state", "streetAddress", "postalCode",
                          "physicalDeliveryOfficeName", "telephoneNumber", "preferredLanguage", "showInAddressList",
                          "accountEnabled", "userType", "companyName", "isSoftDeleted"]
        for name in properties {
            #expect(AttributeSpelling.canonical(name.uppercased()) == name)
            #expect(AttributeSpelling.canonical(name.lowercased()) == name)
        }
    }

    @Test func compiledFiltersRoundTripThroughRawClauses() throws {
        let raw = [[RawScopingClause(attribute: "department", operatorName: "EQUALS", value: "R&D"),
                    RawScopingClause(attribute: "accountEnabled", operatorName: "IS TRUE", value: nil)],
                   [RawScopingClause(attribute: "userAccountControl", operatorName: "!&", value: "2")]]
        let scope = try ScopingFilters.compile(raw)
        #expect(scope.raw == raw)
        #expect(try ScopingFilters.compile(scope.raw) == scope)
    }

    @Test func compiledFiltersExposeTheValidatedClauses() throws {
        let scope = try filters([[("Department", "not_equals", "Sales"), ("accountEnabled", "is_true", "")]])
        #expect(scope.filters == [[
            ScopingClause(attribute: "Department", op: .notEquals, value: "Sales"),
            ScopingClause(attribute: "accountEnabled", op: .isTrue, value: nil),
        ]])
        #expect(scope == (try filters([[("Department", "NOT EQUALS", "Sales"), ("accountEnabled", "IS TRUE", nil)]])))
    }
}

@Suite("Scoping filters: explanations")
struct ScopingFilterExplainTests {
    @Test func explainsTheFailingClauseOfEveryFilterWithTheValue() throws {
        let scope = try filters([[("department", "EQUALS", "R&D")], [("country", "EQUALS", "US"), ("city", "IS NOT NULL", nil)]])
        let text = scope.explain(user(["department": .string("Sales"), "country": .string("US")]))
        #expect(text == "filter 1: department EQUALS 'R&D' is false (department is 'Sales'); filter 2: city IS NOT NULL is false (city is null)")
        #expect(!scope.matches(user(["department": .string("Sales"), "country": .string("US")])))
    }

    @Test func explainsWhichFilterKeptTheUser() throws {
        let scope = try filters([[("department", "EQUALS", "R&D")], [("country", "EQUALS", "US"), ("accountEnabled", "IS TRUE", nil)]])
        let text = scope.explain(user(["country": .string("us"), "accountEnabled": .bool(true)]))
        #expect(text == "kept by filter 2: country EQUALS 'US' AND accountEnabled IS TRUE")
    }

    @Test func explainsNoFilters() {
        #expect(ScopingFilters.none.explain(user([:])) == "kept: no scoping filters")
    }

    @Test func showsNumbersAndBooleansUnquoted() throws {
        let scope = try filters([[("employeeId", "Greater_Than", "10")], [("accountEnabled", "IS FALSE", nil)]])
        #expect(scope.explain(user(["employeeId": .number(3), "accountEnabled": .bool(true)]))
            == "filter 1: employeeId Greater_Than '10' is false (employeeId is 3); filter 2: accountEnabled IS FALSE is false (accountEnabled is true)")
    }
}
