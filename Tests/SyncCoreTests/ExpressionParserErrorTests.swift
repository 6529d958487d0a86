import Testing
@testable import SyncCore

/// The error parsing `text`, or nil if it parses.
private func parseError(_ text: String) -> ExpressionError? {
    do {
        _ = try Expression.parse(text)
        return nil
    } catch {
        return error
    }
}

@Suite("Expressions: syntax errors with columns")
struct ExpressionParserErrorTests {
    @Test func unknownFunctionIsReportedAtItsName() {
        #expect(parseError(#"Join(" ", Lowr([a]))"#) == ExpressionError(column: 11, message: "unknown function 'Lowr'"))
    }

    @Test func wrongArgumentCountIsReportedAtTheFunctionName() {
        #expect(parseError(#"ToLower([a], "x")"#) == ExpressionError(column: 1, message: "ToLower expects 1 argument, got 2"))
        #expect(parseError("  Replace([a])") == ExpressionError(column: 3, message: "Replace expects 3 arguments, got 1"))
        #expect(parseError("Trim()")?.message == "Trim expects 1 argument, got 0")
        #expect(parseError(#"Join(" ")"#)?.message == "Join expects at least 2 arguments, got 1")
        #expect(parseError("Coalesce()")?.message == "Coalesce expects at least 1 argument, got 0")
    }

    @Test func switchNeedsSourceDefaultAndWholePairs() {
        #expect(parseError(#"Switch([a], "d", "k")"#)?.message.hasPrefix("Switch expects a source, a default and key/value pairs") == true)
        #expect(parseError(#"Switch([a], "d")"#) != nil)
        #expect(parseError(#"Switch([a], "d", "k", "v")"#) == nil)
    }

    @Test func unterminatedStringIsReportedAtItsOpeningQuote() {
        #expect(parseError(#"Append([a], "abc)"#) == ExpressionError(column: 13, message: "unterminated string"))
        #expect(parseError(#""ends with backslash \"#)?.column == 1)
    }

    @Test func invalidEscapeIsReportedAtTheBackslash() {
        #expect(parseError(#""a\nb""#) == ExpressionError(column: 3, message: #"invalid escape '\n' in string (only \" and \\ are allowed)"#))
    }

    @Test func attributeReferenceErrors() {
        #expect(parseError("ToLower([department)") == ExpressionError(column: 9, message: "unterminated attribute reference"))
        #expect(parseError("[ ]") == ExpressionError(column: 1, message: "empty attribute name"))
        #expect(parseError("[a[b]]")?.column == 3)
    }

    @Test func missingClosingParenthesisIsReportedAtTheEnd() {
        #expect(parseError("ToLower([a]") == ExpressionError(column: 12, message: "missing ')' to close ToLower( opened at column 8"))
    }

    @Test func missingSeparatorBetweenArgumentsIsReportedWhereItIsExpected() {
        #expect(parseError(#"Append([a] "x")"#) == ExpressionError(column: 12, message: #"expected ',' or ')' in the arguments of Append, found '"'"#))
    }

    @Test func missingArgumentIsReported() {
        #expect(parseError("Append([a], )") == ExpressionError(column: 13, message: "unexpected ')', expected a value"))
        #expect(parseError("Append(,[a])")?.column == 8)
    }

    @Test func trailingTextIsReported() {
        #expect(parseError("[a] [b]") == ExpressionError(column: 5, message: "unexpected '[' after the end of the expression"))
        #expect(parseError("[a] = [b] = [c]")?.column == 11)
    }

    @Test func emptyExpressionIsReported() {
        #expect(parseError("") == ExpressionError(column: 1, message: "empty expression"))
        #expect(parseError("   ")?.message == "empty expression")
    }

    @Test func incompleteComparisonIsReportedAtTheEnd() {
        #expect(parseError("[a] =") == ExpressionError(column: 6, message: "unexpected end of expression, expected a value"))
        #expect(parseError("[a] ! [b]")?.column == 5)
    }

    @Test func otherLanguagesComparisonOperatorsAreRejectedWithAHint() {
        #expect(parseError(#"IIF([a] == "x", 1, 2)"#) == ExpressionError(column: 9, message: "use '=' to compare, not '=='"))
        #expect(parseError(#"[a] != "x""#) == ExpressionError(column: 5, message: "use '<>' for 'not equal', not '!='"))
    }

    @Test func bareNamesAreRejectedWithAHint() {
        #expect(parseError("department")?.message.hasPrefix("unknown name 'department' (write attributes in brackets") == true)
        #expect(parseError("Join(\" \", givenName, [b])")?.column == 11)
    }

    @Test func numbersMustBeIntegersInRange() {
        #expect(parseError("Left([a], 1.5)") == ExpressionError(column: 11, message: "invalid number: only integers are supported"))
        #expect(parseError("Left([a], -)")?.message == "expected digits after '-'")
        #expect(parseError("99999999999999999999")?.message == "integer 99999999999999999999 is out of range")
    }

    @Test func integerArgumentsRejectOtherLiterals() {
        #expect(parseError(#"Left([a], "3")"#) == ExpressionError(column: 11, message: "Left expects an integer for n (argument 2)"))
        #expect(parseError(#"Mid([a], 1, true)"#) == ExpressionError(column: 13, message: "Mid expects an integer for length (argument 3)"))
        #expect(parseError("Mid([a], [s], [l])") == nil)
    }

    @Test func columnsCountCharactersNotBytes() {
        #expect(parseError(#""é🇫🇷" Lowr"#)?.column == 6)
    }

    @Test func deepNestingIsRefusedNotOverflowed() {
        let deep = String(repeating: "ToLower(", count: 65) + "[a]" + String(repeating: ")", count: 65)
        #expect(parseError(deep)?.message == "expression nested too deeply (more than 64 calls)")
        let fine = String(repeating: "ToLower(", count: 64) + "[a]" + String(repeating: ")", count: 64)
        #expect(parseError(fine) == nil)
    }

    @Test func errorDescriptionNamesTheColumn() {
        #expect(ExpressionError(column: 7, message: "unknown function 'Lowr'").description == "column 7: unknown function 'Lowr'")
    }
}
