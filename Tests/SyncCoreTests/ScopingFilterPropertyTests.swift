import Testing
@testable import SyncCore

@Suite("Scoping filters: totality and consistency on random inputs")
struct ScopingFilterPropertyTests {
    private static let attributes = ["department", "Country", "employeeId", "accountEnabled", "extension_x"]

    private static func randomClause(_ g: inout SeededGenerator) -> RawScopingClause {
        let op = ScopingOperator.allCases.randomElement(using: &g)!
        let value: String? = op.isUnary ? nil
            : op.takesInteger ? ["0", "1", "2", "6", "42", "-1", "9223372036854775807"].randomElement(using: &g)!
            : op == .regexMatch || op == .notRegexMatch ? ["^R", "(?i)d$", ".*", "é+", "\\d+"].randomElement(using: &g)!
            : ["R&D", "", "42", "true", "é", "e\u{301}", "US"].randomElement(using: &g)!
        return RawScopingClause(attribute: attributes.randomElement(using: &g)!, operatorName: op.rawValue, value: value)
    }

    @Test(arguments: [7, 8, 9] as [UInt64])
    func matchingNeverTrapsAndExplainAgreesWithMatches(seed: UInt64) throws {
        var g = SeededGenerator(seed: seed)
        var kept = 0
        for _ in 0..<800 {
            let raw = (0..<Int.random(in: 0...3, using: &g)).map { _ in
                (0..<Int.random(in: 1...3, using: &g)).map { _ in Self.randomClause(&g) }
            }
            let scope = try ScopingFilters.compile(raw.map { $0.filter { !($0.operatorName == "&" || $0.operatorName == "!&") || $0.value != "-1" } }.filter { !$0.isEmpty })
            let values = Dictionary(uniqueKeysWithValues: ["department", "country", "employeeId", "accountEnabled", "extension_x"]
                .map { ($0, randomValue(&g)) })
            let lookup: (String) -> PropertyValue = { values[$0] ?? .null }
            let matches = scope.matches(lookup)
            if matches { kept += 1 }
            #expect(scope.explain(lookup).hasPrefix("kept") == matches)
        }
        #expect(kept > 50 && kept < 750)
    }

    @Test func everyNegatedOperatorIsTheExactNegationOnAnyValue() throws {
        let pairs: [(ScopingOperator, ScopingOperator, String)] = [
            (.equals, .notEquals, "42"), (.regexMatch, .notRegexMatch, "^4"), (.bitwiseAnd, .notBitwiseAnd, "2"),
            (.isNull, .isNotNull, ""),
        ]
        var g = SeededGenerator(seed: 5)
        for (positive, negative, value) in pairs {
            let v: String? = positive.isUnary ? nil : value
            let p = try ScopingFilters.compile([[RawScopingClause(attribute: "employeeId", operatorName: positive.rawValue, value: v)]])
            let n = try ScopingFilters.compile([[RawScopingClause(attribute: "employeeId", operatorName: negative.rawValue, value: v)]])
            for _ in 0..<200 {
                let value = randomValue(&g)
                #expect(p.matches { _ in value } != n.matches { _ in value }, "\(positive) on \(value)")
            }
        }
    }
}
