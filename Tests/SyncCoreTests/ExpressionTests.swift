import Testing
@testable import SyncCore

/// The value of `text` for a user with `properties` (looked up by exact key: the expression passes Graph spellings).
private func eval(_ text: String, _ properties: [String: PropertyValue] = [:]) throws -> PropertyValue {
    try Expression.parse(text).evaluate { properties[$0] ?? .null }
}

private let ann: [String: PropertyValue] = [
    "givenName": .string("Ann"), "surname": .string("Lee"), "department": .string("R&D"),
    "mailNickname": .string("ann"), "country": .string("US"), "accountEnabled": .bool(true),
    "employeeId": .number(42), "jobTitle": .string("  Senior Engineer  "), "mail": .string(""),
]

@Suite("Expressions: values and references")
struct ExpressionValueTests {
    @Test func literalsEvaluateToThemselves() throws {
        #expect(try eval(#""Contoso""#) == .string("Contoso"))
        #expect(try eval(#""say \"hi\" \\ bye""#) == .string(#"say "hi" \ bye"#))
        #expect(try eval("42") == .number(42))
        #expect(try eval("-7") == .number(-7))
        #expect(try eval("TRUE") == .bool(true))
        #expect(try eval("false") == .bool(false))
        #expect(try eval(#""""#) == .string(""))
    }

    @Test func attributeReferencesReadTheUserByGraphSpelling() throws {
        #expect(try eval("[department]", ann) == .string("R&D"))
        #expect(try eval("[Department]", ann) == .string("R&D"))
        #expect(try eval("[ GIVENNAME ]", ann) == .string("Ann"))
        #expect(try eval("[city]", ann) == .null)
        #expect(try eval("[employeeId]", ann) == .number(42))
    }

    @Test func referencedAttributesAreTheNamesAsWritten() throws {
        let expression = try Expression.parse(#"Join(" ", [givenName], IIF(IsPresent([Surname]), [Surname], [givenName]))"#)
        #expect(expression.referencedAttributes == ["givenName", "Surname"])
        #expect(try Expression.parse(#""x""#).referencedAttributes.isEmpty)
    }

    @Test func expressionsAreEqualWhenTheirSourceIs() throws {
        let a = try Expression.parse("ToLower([mail])")
        #expect(a == (try Expression.parse("ToLower([mail])")))
        #expect(a != (try Expression.parse("tolower([mail])")))
        #expect(a.description == "ToLower([mail])" && a.source == "ToLower([mail])")
    }

    @Test func functionNamesAreCaseInsensitive() throws {
        #expect(try eval("tolower([givenName])", ann) == .string("ann"))
        #expect(try eval("TOUPPER([givenName])", ann) == .string("ANN"))
    }

    @Test func comparisonIsExactAndNullEqualsOnlyNull() throws {
        #expect(try eval(#"[country]="US""#, ann) == .bool(true))
        #expect(try eval(#"[country] = "us""#, ann) == .bool(false))
        #expect(try eval(#"[country]<>"US""#, ann) == .bool(false))
        #expect(try eval(#"[city]="""#, ann) == .bool(false))
        #expect(try eval("[city]=[state]", ann) == .bool(true))
        #expect(try eval("[employeeId]=42", ann) == .bool(true))
        #expect(try eval(#"[accountEnabled]="true""#, ann) == .bool(true))
    }

    @Test func whitespaceBetweenTokensIsIgnored() throws {
        #expect(try eval(" Join ( \"-\" ,\n[givenName] , [surname] ) ", ann) == .string("Ann-Lee"))
    }
}

@Suite("Expressions: functions")
struct ExpressionFunctionTests {
    @Test func appendAddsSuffixAndPropagatesNullSource() throws {
        #expect(try eval(#"Append([mailNickname], "@fabrikam.com")"#, ann) == .string("ann@fabrikam.com"))
        #expect(try eval(#"Append([city], "x")"#, ann) == .null)
        #expect(try eval("Append([mailNickname], [city])", ann) == .string("ann"))
    }

    @Test func joinSkipsNullsAndIsNullWhenAllAreNull() throws {
        #expect(try eval(#"Join(" ", [givenName], [surname])"#, ann) == .string("Ann Lee"))
        #expect(try eval(#"Join(", ", [givenName], [city], [surname])"#, ann) == .string("Ann, Lee"))
        #expect(try eval(#"Join(" ", [city], [state])"#, ann) == .null)
        #expect(try eval("Join([city], [givenName], [surname])", ann) == .string("AnnLee"))
        #expect(try eval(#"Join("-", [employeeId], true)"#, ann) == .string("42-true"))
    }

    @Test func replaceReplacesEveryLiteralOccurrence() throws {
        #expect(try eval(#"Replace("a.b.c", ".", "_")"#) == .string("a_b_c"))
        #expect(try eval(#"Replace("a.b.c", ".", [city])"#) == .string("abc"))
        #expect(try eval(#"Replace("a.b.c", "", "_")"#) == .string("a.b.c"))
        #expect(try eval(#"Replace("A.b", "a", "x")"#) == .string("A.b"))
        #expect(try eval(#"Replace([city], ".", "_")"#) == .null)
    }

    @Test func toLowerAndToUpperChangeCaseAndPropagateNull() throws {
        #expect(try eval(#"ToLower("ÉMILE Zola")"#) == .string("émile zola"))
        #expect(try eval(#"ToUpper("straße")"#) == .string("STRASSE"))
        #expect(try eval("ToLower([city])") == .null)
    }

    @Test func leftTakesTheFirstCharacters() throws {
        #expect(try eval(#"Left("Contoso", 3)"#) == .string("Con"))
        #expect(try eval(#"Left("Contoso", 30)"#) == .string("Contoso"))
        #expect(try eval(#"Left("Contoso", 0)"#) == .string(""))
        #expect(try eval(#"Left("Contoso", -2)"#) == .string(""))
        #expect(try eval(#"Left("é🇫🇷x", 2)"#) == .string("é🇫🇷"))
        #expect(try eval(#"Left("Contoso", [n])"#, ["n": .string("2")]) == .string("Co"))
        #expect(try eval(#"Left("Contoso", [n])"#, ["n": .string("two")]) == .null)
        #expect(try eval(#"Left("Contoso", [n])"#, ["n": .number(1.5)]) == .null)
        #expect(try eval("Left([city], 2)") == .null)
    }

    @Test func midTakesCharactersFromAOneBasedStartClippedToTheString() throws {
        #expect(try eval(#"Mid("Contoso", 2, 3)"#) == .string("ont"))
        #expect(try eval(#"Mid("Contoso", 5, 100)"#) == .string("oso"))
        #expect(try eval(#"Mid("Contoso", 0, 2)"#) == .string("C"))
        #expect(try eval(#"Mid("Contoso", 9, 2)"#) == .string(""))
        #expect(try eval(#"Mid("Contoso", 2, -1)"#) == .string(""))
        #expect(try eval("Mid([city], 1, 1)") == .null)
        #expect(try eval(#"Mid("abc", [s], 1)"#, ["s": .number(-9.0e18)]) == .string(""))
    }

    @Test func trimRemovesSurroundingWhitespace() throws {
        #expect(try eval("Trim([jobTitle])", ann) == .string("Senior Engineer"))
        #expect(try eval("Trim([city])", ann) == .null)
    }

    @Test func stripSpacesRemovesAllWhitespace() throws {
        #expect(try eval("StripSpaces([jobTitle])", ann) == .string("SeniorEngineer"))
        #expect(try eval("StripSpaces([city])", ann) == .null)
    }

    @Test func coalesceReturnsTheFirstNonEmptyValue() throws {
        #expect(try eval("Coalesce([mail], [city], [mailNickname], [givenName])", ann) == .string("ann"))
        #expect(try eval("Coalesce([mail], [city])", ann) == .null)
        #expect(try eval("Coalesce([employeeId])", ann) == .number(42))
    }

    @Test func iifChoosesABranchByTheCondition() throws {
        #expect(try eval(#"IIF([country]="US", "Americas", "Other")"#, ann) == .string("Americas"))
        #expect(try eval(#"IIF([country]<>"US", "Other", "Americas")"#, ann) == .string("Americas"))
        #expect(try eval(#"IIF(IsPresent([city]), [city], "none")"#, ann) == .string("none"))
        #expect(try eval(#"IIF([accountEnabled], "on", "off")"#, ann) == .string("on"))
        #expect(try eval(#"IIF([city], "on", "off")"#, ann) == .string("off"))
        #expect(try eval(#"IIF("TRUE", 1, 2)"#) == .number(1))
        #expect(try eval(#"IIF("yes", 1, 2)"#) == .number(2))
    }

    @Test func presenceFunctionsNeverReturnNull() throws {
        #expect(try eval("IsPresent([givenName])", ann) == .bool(true))
        #expect(try eval("IsPresent([mail])", ann) == .bool(false))
        #expect(try eval("IsPresent([city])", ann) == .bool(false))
        #expect(try eval("IsNull([city])", ann) == .bool(true))
        #expect(try eval("IsNull([mail])", ann) == .bool(false))
        #expect(try eval("IsNullOrEmpty([mail])", ann) == .bool(true))
        #expect(try eval("IsNullOrEmpty([city])", ann) == .bool(true))
        #expect(try eval("IsNullOrEmpty([givenName])", ann) == .bool(false))
    }

    @Test func notNegatesBooleansAndIsNullOtherwise() throws {
        #expect(try eval("Not(IsNull([city]))", ann) == .bool(false))
        #expect(try eval(#"Not("false")"#) == .bool(true))
        #expect(try eval("Not([city])") == .null)
        #expect(try eval("Not(3)") == .null)
    }

    @Test func switchPicksTheValueOfTheMatchingKeyOrTheDefault() throws {
        let text = #"Switch([country], "Other", "US", "Americas", "FR", "Europe", "DE", "Europe")"#
        #expect(try eval(text, ann) == .string("Americas"))
        #expect(try eval(text, ["country": .string("DE")]) == .string("Europe"))
        #expect(try eval(text, ["country": .string("fr")]) == .string("Other"))
        #expect(try eval(text, [:]) == .string("Other"))
        #expect(try eval(#"Switch([employeeId], "x", "42", "answer")"#, ann) == .string("answer"))
    }

    @Test func normalizeDiacriticsSpellsLatinLettersPlainly() throws {
        #expect(try eval(#"NormalizeDiacritics("Zoë Ångström-Müller")"#) == .string("Zoe Angstrom-Muller"))
        #expect(try eval(#"NormalizeDiacritics("Straße Æsir Œuvre Søren Łukasz Đorđe Þór Ðan")"#)
            == .string("Strasse AEsir OEuvre Soren Lukasz Dorde THor Dan"))
        #expect(try eval("NormalizeDiacritics(\"Re\u{301}my\")") == .string("Remy"))  // a decomposed é
        #expect(try eval(#"NormalizeDiacritics("ガ 한국 Ελλάδα Йошкар-Ола")"#) == .string("ガ 한국 Ελλάδα Йошкар-Ола"))
        #expect(try eval("NormalizeDiacritics(\"\u{438}\u{306}\")") == .string("\u{438}\u{306}"))  // a decomposed й stays
        #expect(try eval(#"NormalizeDiacritics("Nguyễn Thị Định, Çağlar Öztürk, Dvořák, Ærøskøbing")"#)
            == .string("Nguyen Thi Dinh, Caglar Ozturk, Dvorak, AEroskobing"))
        #expect(try eval(#"NormalizeDiacritics("plain")"#) == .string("plain"))
        #expect(try eval(#"NormalizeDiacritics("Ĳsselmeer ſ ħ ŋ ı")"#) == .string("IJsselmeer s h n i"))
        #expect(try eval("NormalizeDiacritics([city])") == .null)
    }

    @Test func functionsNest() throws {
        let upn = #"Append(ToLower(NormalizeDiacritics(Join(".", Left([givenName], 1), Replace([surname], " ", "")))), "@fabrikam.com")"#
        #expect(try eval(upn, ["givenName": .string("Élodie"), "surname": .string("Van Der Berg")])
            == .string("e.vanderberg@fabrikam.com"))
        #expect(try eval(upn, ["surname": .string("Lee")]) == .string("lee@fabrikam.com"))
    }
}

@Suite("Expressions: null handling")
struct ExpressionNullTests {
    /// Every function given a null source, with the documented result.
    @Test(arguments: [
        ("ToLower([x])", PropertyValue.null), ("ToUpper([x])", .null), ("Trim([x])", .null), ("StripSpaces([x])", .null),
        ("NormalizeDiacritics([x])", .null), (#"Append([x], "s")"#, .null), (#"Replace([x], "a", "b")"#, .null),
        ("Left([x], 1)", .null), ("Mid([x], 1, 1)", .null), (#"Join(",", [x], [y])"#, .null), ("Coalesce([x], [y])", .null),
        ("Not([x])", .null), ("IsNull([x])", .bool(true)), ("IsNullOrEmpty([x])", .bool(true)), ("IsPresent([x])", .bool(false)),
        (#"IIF([x], "t", "f")"#, .string("f")), (#"Switch([x], "d", "k", "v")"#, .string("d")), ("[x]=[y]", .bool(true)),
        (#"[x]="""#, .bool(false)), (#"[x]<>"a""#, .bool(true)),
    ])
    func nullArgumentsGiveTheDocumentedResult(text: String, expected: PropertyValue) throws {
        #expect(try Expression.parse(text).evaluate { _ in .null } == expected)
    }

    @Test func numbersAndBooleansAreUsedByTheirStringForm() throws {
        #expect(try eval("ToUpper([accountEnabled])", ann) == .string("TRUE"))
        #expect(try eval("Left([employeeId], 1)", ann) == .string("4"))
        #expect(try eval(#"Append([employeeId], "-x")"#, ann) == .string("42-x"))
        #expect(try eval("Left(12345, 2)") == .string("12"))
    }

    @Test func onlyTheChosenBranchIsEvaluated() throws {
        var asked: [String] = []
        let value = try Expression.parse(#"IIF([a]="1", [b], [c])"#).evaluate { name in
            asked.append(name)
            return .string("1")
        }
        #expect(value == .string("1"))
        #expect(asked == ["a", "b"])
    }

    @Test func coalesceStopsAtTheFirstUsableValue() throws {
        var asked: [String] = []
        _ = try Expression.parse("Coalesce([a], [b], [c])").evaluate { name in
            asked.append(name)
            return name == "b" ? .string("B") : .null
        }
        #expect(asked == ["a", "b"])
    }
}
