import Testing
@testable import SyncCore

/// SplitMix64: a small deterministic generator, so a failing case can be replayed from its seed.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Random attribute values, including the awkward ones: empty, blanks, combining marks, huge and non-finite numbers.
func randomValue(_ g: inout SeededGenerator) -> PropertyValue {
    let strings = ["", " ", "Ann", "R&D", "é", "e\u{301}", "🇫🇷x", "  padded  ", "42", "-3", "true", "FALSE", "a.b.c",
                   "Ærøskøbing", "\"quoted\"", "\\", "9223372036854775807", "1e400", "[x]", "ß"]
    switch Int.random(in: 0..<6, using: &g) {
    case 0: return .null
    case 1: return .bool(Bool.random(using: &g))
    case 2: return .number([0, 1, -1, 42, 1.5, -9.3e18, 9.3e18, 1e300, .infinity, -.infinity, .nan, 2e9].randomElement(using: &g)!)
    default: return .string(strings.randomElement(using: &g)!)
    }
}

/// A random expression text, mostly well-formed (so evaluation is exercised), sometimes cut or corrupted.
private func randomExpression(_ g: inout SeededGenerator, depth: Int = 0) -> String {
    let leaves = ["[a]", "[b]", "[C]", "\"x\"", "\"\"", "\"a.b\"", "0", "1", "-2", "3", "100000000000", "true", "false",
                  "\"\\\"\"", "-9007199254740992"]
    if depth > 4 || Int.random(in: 0..<3, using: &g) == 0 { return leaves.randomElement(using: &g)! }
    if Int.random(in: 0..<8, using: &g) == 0 {
        let op = Bool.random(using: &g) ? "=" : "<>"
        return randomExpression(&g, depth: depth + 1) + op + randomExpression(&g, depth: depth + 1)
    }
    let function = ExpressionFunction.allCases.randomElement(using: &g)!
    var count = Int.random(in: 0...6, using: &g)
    if Int.random(in: 0..<4, using: &g) != 0 { count = (1...8).first { function.arityProblem($0) == nil } ?? count }
    if function == .switch, Bool.random(using: &g) { count = 6 }
    let arguments = (0..<count).map { _ in randomExpression(&g, depth: depth + 1) }
    return function.rawValue + "(" + arguments.joined(separator: ", ") + ")"
}

private func corrupt(_ text: String, _ g: inout SeededGenerator) -> String {
    var characters = Array(text)
    let noise: [Character] = ["(", ")", ",", "[", "]", "\"", "\\", "=", "<", ">", "-", " ", "é", "x", "9"]
    for _ in 0..<Int.random(in: 1...3, using: &g) {
        let index = Int.random(in: 0...characters.count, using: &g)
        switch Int.random(in: 0..<3, using: &g) {
        case 0: characters.insert(noise.randomElement(using: &g)!, at: index)
        case 1: if index < characters.count { characters.remove(at: index) }
        default: characters = Array(characters.prefix(index))
        }
    }
    return String(characters)
}

@Suite("Expressions: totality on random inputs")
struct ExpressionPropertyTests {
    @Test(arguments: [1, 2, 3, 4] as [UInt64])
    func parsingAndEvaluationNeverTrap(seed: UInt64) {
        var g = SeededGenerator(seed: seed)
        var parsed = 0
        var rejected = 0
        for _ in 0..<1_500 {
            var text = randomExpression(&g)
            if Int.random(in: 0..<3, using: &g) == 0 { text = corrupt(text, &g) }
            do {
                let expression = try Expression.parse(text)
                parsed += 1
                let values = ["a": randomValue(&g), "b": randomValue(&g), "C": randomValue(&g)]
                let result = expression.evaluate { values[$0] ?? .null }
                // Evaluating twice gives the same value: evaluation is a pure function of the attributes.
                let again = expression.evaluate { values[$0] ?? .null }
                #expect(result.stringValue == again.stringValue, "\(text)")
            } catch {
                rejected += 1
                let length = Array(text).count
                #expect(error.column >= 1 && error.column <= length + 1, "\(text): \(error)")
                #expect(!error.message.isEmpty)
            }
        }
        // Both paths are exercised, so the property says something.
        #expect(parsed > 300)
        #expect(rejected > 100)
    }

    @Test func arbitraryCharacterSoupNeverTraps() {
        var g = SeededGenerator(seed: 99)
        let alphabet = Array("()[],\"\\=<> -0123456789abcIIFJoinLeftMidSwitchtruefalseé🇫🇷\n\t")
        for _ in 0..<3_000 {
            let text = String((0..<Int.random(in: 0...40, using: &g)).map { _ in alphabet.randomElement(using: &g)! })
            if let expression = try? Expression.parse(text) {
                _ = expression.evaluate { _ in randomValue(&g) }
            }
        }
    }
}
