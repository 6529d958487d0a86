import Support
import Testing
@testable import SyncCore

/// Seeded randomness for the totality tests of expressions and scoping filters, so a failing case can be replayed.
enum ExpressionFuzz {
    /// Support's SplitMix64: small, fast and deterministic.
    typealias Generator = SeededGenerator

    /// Random attribute values, including the awkward ones: empty, blanks, combining marks, huge and non-finite numbers.
    static func value(_ g: inout Generator) -> PropertyValue {
        let strings = ["", " ", "Ann", "R&D", "é", "e\u{301}", "🇫🇷x", "  padded  ", "42", "-3", "true", "FALSE", "a.b.c",
                       "Ærøskøbing", "\"quoted\"", "\\", "9223372036854775807", "1e400", "[x]", "ß", "514", "6"]
        switch Int.random(in: 0..<6, using: &g) {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &g))
        case 2: return .number([0, 1, -1, 42, 1.5, 514, -9.3e18, 9.3e18, 1e300, .infinity, -.infinity, .nan].randomElement(using: &g)!)
        default: return .string(strings.randomElement(using: &g)!)
        }
    }
}

/// A random expression text, mostly well-formed (so evaluation is exercised), sometimes cut or corrupted.
private func randomExpression(_ g: inout ExpressionFuzz.Generator, depth: Int = 0) -> String {
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

private func corrupt(_ text: String, _ g: inout ExpressionFuzz.Generator) -> String {
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
        var g = ExpressionFuzz.Generator(seed: seed)
        var parsed = 0
        var rejected = 0
        for _ in 0..<1_500 {
            var text = randomExpression(&g)
            if Int.random(in: 0..<3, using: &g) == 0 { text = corrupt(text, &g) }
            do {
                let expression = try Expression.parse(text)
                parsed += 1
                let values = ["a": ExpressionFuzz.value(&g), "b": ExpressionFuzz.value(&g), "C": ExpressionFuzz.value(&g)]
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
        var g = ExpressionFuzz.Generator(seed: 99)
        let alphabet = Array("()[],\"\\=<> -0123456789abcIIFJoinLeftMidSwitchtruefalseé🇫🇷\n\t")
        for _ in 0..<3_000 {
            let text = String((0..<Int.random(in: 0...40, using: &g)).map { _ in alphabet.randomElement(using: &g)! })
            if let expression = try? Expression.parse(text) {
                _ = expression.evaluate { _ in ExpressionFuzz.value(&g) }
            }
        }
    }
}

@Suite("Expressions: fast paths agree with the reference")
struct ExpressionFastPathTests {
    @Test func replaceAgreesWithTheStandardLibrary() {
        var g = ExpressionFuzz.Generator(seed: 21)
        let pieces = ["a", "b", "ab", " ", ".", "\r\n", "\n", "é", "e\u{301}", "🇫🇷", "aa"]
        func text(_ count: ClosedRange<Int>) -> String {
            (0..<Int.random(in: count, using: &g)).map { _ in pieces.randomElement(using: &g)! }.joined()
        }
        for _ in 0..<5_000 {
            let source = text(0...8), find = text(1...2), replacement = text(0...2)
            #expect(ExpressionFunction.replace(find, with: replacement, in: source)
                == source.replacing(find, with: replacement), "'\(source)' '\(find)' '\(replacement)'")
        }
    }

    @Test func everyDecomposableLatinLetterFoldsToASCII() {
        var checked = 0
        for value in Array(0x00C0...0x024F) + Array(0x1E00...0x1EFF) {
            guard let scalar = Unicode.Scalar(UInt32(value)) else { continue }
            let letter = String(scalar)
            guard letter.unicodeScalars.count == 1,
                  let expression = try? Expression.parse("NormalizeDiacritics([x])") else { continue }
            let folded = expression.evaluate { _ in .string(letter) }.stringValue ?? ""
            // Letters that decompose, or are spelled out, become ASCII (but Ǯ → Ʒ: ezh has no ASCII form); the rest
            // (no decomposition) stay as they are.
            let ascii = folded.unicodeScalars.allSatisfy { $0.isASCII || $0 == "Ʒ" || $0 == "ʒ" }
            #expect(ascii || folded == letter, "U+\(String(value, radix: 16)) → \(folded)")
            if folded != letter { checked += 1 }
        }
        #expect(checked > 500)
    }
}
