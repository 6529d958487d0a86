import Support
import Testing
@testable import SyncCore

@Suite("Scoping filters: totality and consistency on random inputs")
struct ScopingFilterPropertyTests {
    private static let attributes = ["department", "Country", "employeeId", "accountEnabled", "extension_x"]

    private static func randomClause(_ g: inout ExpressionFuzz.Generator) -> RawScopingClause {
        let op = ScopingOperator.allCases.randomElement(using: &g)!
        let value: String? = op.isUnary ? nil
            : op.takesInteger ? ["0", "1", "2", "6", "42", "9223372036854775807"].randomElement(using: &g)!
            : op == .regexMatch || op == .notRegexMatch ? ["^R", "(?i)d$", ".*", "é+", "\\d+"].randomElement(using: &g)!
            : ["R&D", "", "42", "true", "é", "e\u{301}", "US"].randomElement(using: &g)!
        return RawScopingClause(attribute: attributes.randomElement(using: &g)!, operatorName: op.rawValue, value: value)
    }

    @Test(arguments: [7, 8, 9] as [UInt64])
    func matchingNeverTrapsAndExplainAgreesWithMatches(seed: UInt64) throws {
        var g = ExpressionFuzz.Generator(seed: seed)
        var kept = 0
        for _ in 0..<800 {
            let raw = (0..<Int.random(in: 0...3, using: &g)).map { _ in
                (0..<Int.random(in: 1...3, using: &g)).map { _ in Self.randomClause(&g) }
            }
            let scope = try ScopingFilters.compile(raw)
            let values = Dictionary(uniqueKeysWithValues: ["department", "country", "employeeId", "accountEnabled", "extension_x"]
                .map { ($0, ExpressionFuzz.value(&g)) })
            let lookup: (String) -> PropertyValue = { values[$0] ?? .null }
            let matches = scope.matches(lookup)
            if matches { kept += 1 }
            #expect(scope.explain(lookup).hasPrefix("kept") == matches)
            // The same decision from each clause alone, combined by hand: OR over filters of AND over clauses.
            let byHand = raw.isEmpty || raw.contains { filter in
                filter.allSatisfy { clause in (try? ScopingFilters.compile([[clause]]).matches(lookup)) == true }
            }
            #expect(matches == byHand, "\(raw) on \(values)")
        }
        #expect(kept > 50 && kept < 750)
    }

    @Test func everyNegatedOperatorIsTheExactNegationOnAnyValue() throws {
        let pairs: [(ScopingOperator, ScopingOperator, String)] = [
            (.equals, .notEquals, "42"), (.regexMatch, .notRegexMatch, "^4"), (.bitwiseAnd, .notBitwiseAnd, "2"),
            (.isNull, .isNotNull, ""),
        ]
        var g = ExpressionFuzz.Generator(seed: 5)
        for (positive, negative, value) in pairs {
            let v: String? = positive.isUnary ? nil : value
            let p = try ScopingFilters.compile([[RawScopingClause(attribute: "employeeId", operatorName: positive.rawValue, value: v)]])
            let n = try ScopingFilters.compile([[RawScopingClause(attribute: "employeeId", operatorName: negative.rawValue, value: v)]])
            for _ in 0..<200 {
                let value = ExpressionFuzz.value(&g)
                #expect(p.matches { _ in value } != n.matches { _ in value }, "\(positive) on \(value)")
            }
        }
    }
}

@Suite("Scoping filters: case folding")
struct ScopingFilterCaseFoldingTests {
    /// Random short texts over an alphabet mixing ASCII letters of both cases with non-ASCII look-alikes.
    private static func text(_ g: inout ExpressionFuzz.Generator) -> String {
        let alphabet: [String] = ["a", "A", "b", "B", "z", "Z", " ", "-", "@", "1", "é", "É", "e\u{301}", "\u{212A}", "k", "ß", "İ"]
        return (0..<Int.random(in: 0...6, using: &g)).map { _ in alphabet.randomElement(using: &g)! }.joined()
    }

    @Test func fastPathsAgreeWithLowercasedComparison() {
        var g = ExpressionFuzz.Generator(seed: 11)
        var checked = 0
        for _ in 0..<4_000 {
            let value = Self.text(&g)
            let folding = ScopingCaseFolding(value)
            let candidates = [Self.text(&g), value.uppercased(), Self.text(&g) + value.uppercased(), value + Self.text(&g)]
            for text in candidates {
                let lower = text.lowercased()
                #expect(folding.equals(text) == (lower == value.lowercased()), "'\(text)' equals '\(value)'")
                #expect(folding.isSuffix(of: text) == lower.hasSuffix(value.lowercased()), "'\(text)' ends with '\(value)'")
                let contained = value.isEmpty || lower.firstRange(of: value.lowercased()) != nil
                #expect(folding.isContained(in: text) == contained, "'\(text)' includes '\(value)'")
                checked += 1
            }
        }
        #expect(checked == 16_000)
    }

    @Test func kelvinSignEqualsLetterK() throws {
        let scope = try ScopingFilters.compile([[RawScopingClause(attribute: "city", operatorName: "EQUALS", value: "k")]])
        #expect(scope.matches { _ in .string("\u{212A}") })
    }
}
