import Foundation

/// A validated scoping clause in the form the hot path evaluates: the lookup name resolved, the value lowercased or
/// parsed once, the regular expression compiled once.
struct CompiledScopingClause: Sendable {
    /// What is wrong with a raw clause; ``ScopingFilters/compile(_:)`` adds the clause's position.
    struct Problem: Error {
        var message: String
    }

    /// The attribute name the lookup closure receives (Graph spelling for known properties).
    let lookupName: String
    let op: ScopingOperator
    /// The value prepared for the case-insensitive operators.
    private let caseFolding: ScopingCaseFolding
    /// The value as a number, when it reads as one (EQUALS on numeric attributes, the integer operators).
    private let number: Double?
    /// The value as an integer, for `Greater_Than`, `Greater_Than_OR_EQUALS`, `&`, `!&`.
    private let integer: Int64
    /// The compiled pattern, for the regex operators. NSRegularExpression is immutable and Sendable: matching from
    /// several threads at once is safe.
    private let regex: NSRegularExpression?

    /// Checks a raw clause and resolves its operator.
    static func validate(_ raw: RawScopingClause) throws(Problem) -> ScopingClause {
        guard let op = ScopingOperator(parsing: raw.operatorName) else {
            throw Problem(message: "unknown operator '\(raw.operatorName)'; expected one of "
                + ScopingOperator.allCases.map(\.rawValue).joined(separator: ", "))
        }
        let attribute = raw.attribute.trimmingCharacters(in: .whitespaces)
        if let reason = ScopingAttributePolicy.rejection(for: attribute) { throw Problem(message: reason) }
        if op.isUnary {
            if let value = raw.value, !value.isEmpty {
                throw Problem(message: "\(op.rawValue) takes no value, got '\(value)'")
            }
            return ScopingClause(attribute: attribute, op: op, value: nil)
        }
        guard let value = raw.value else { throw Problem(message: "\(op.rawValue) needs a value") }
        if op.takesInteger {
            guard let integer = Self.integer(value) else {
                throw Problem(message: "\(op.rawValue) needs an integer value, got '\(value)'")
            }
            if integer < 0 && (op == .bitwiseAnd || op == .notBitwiseAnd) {
                throw Problem(message: "\(op.rawValue) needs a non-negative integer, got '\(value)'")
            }
        }
        return ScopingClause(attribute: attribute, op: op, value: value)
    }

    /// Compiles a validated clause.
    init(_ clause: ScopingClause) throws(Problem) {
        lookupName = AttributeSpelling.canonical(clause.attribute)
        op = clause.op
        let value = clause.value ?? ""
        caseFolding = ScopingCaseFolding(value)
        number = Double(value.trimmingCharacters(in: .whitespaces))
        integer = Self.integer(value) ?? 0
        if op == .regexMatch || op == .notRegexMatch {
            do {
                regex = try NSRegularExpression(pattern: value)
            } catch {
                throw Problem(message: "invalid regular expression: \(Self.reason(pattern: value))")
            }
        } else {
            regex = nil
        }
    }

    /// Whether the clause holds for an attribute value (see the table on ``ScopingFilters``).
    func holds(_ attribute: PropertyValue) -> Bool {
        switch op {
        case .equals: equals(attribute)
        case .notEquals: !equals(attribute)
        case .isTrue: Self.boolean(attribute) == true
        case .isFalse: Self.boolean(attribute) == false
        case .isNull: Self.isAbsent(attribute)
        case .isNotNull: !Self.isAbsent(attribute)
        case .regexMatch: regexMatches(attribute)
        case .notRegexMatch: !regexMatches(attribute)
        case .greaterThan: Self.integer(attribute).map { $0 > integer } ?? false
        case .greaterThanOrEquals: Self.integer(attribute).map { $0 >= integer } ?? false
        case .includes: attribute.stringValue.map(caseFolding.isContained(in:)) ?? false
        case .endsWith: attribute.stringValue.map(caseFolding.isSuffix(of:)) ?? false
        case .bitwiseAnd: bitsSet(attribute)
        case .notBitwiseAnd: !bitsSet(attribute)
        }
    }

    private func equals(_ attribute: PropertyValue) -> Bool {
        switch attribute {
        case .null: return false
        case .number(let n): if let number { return n == number } else { return false }
        case .bool(let b): return caseFolding.folded == (b ? "true" : "false")
        case .string(let text): return caseFolding.equals(text)
        }
    }

    private func regexMatches(_ attribute: PropertyValue) -> Bool {
        guard let regex, let text = attribute.stringValue else { return false }
        return regex.firstMatch(in: text, options: [], range: NSRange(location: 0, length: text.utf16.count)) != nil
    }

    private func bitsSet(_ attribute: PropertyValue) -> Bool {
        guard let a = Self.integer(attribute) else { return false }
        return a & integer == integer
    }

    private static func isAbsent(_ attribute: PropertyValue) -> Bool {
        switch attribute {
        case .null: true
        case .string(let text): text.isEmpty
        case .bool, .number: false
        }
    }

    private static func boolean(_ attribute: PropertyValue) -> Bool? {
        switch attribute {
        case .bool(let b): b
        case .string(let text):
            switch text.lowercased() {
            case "true": true
            case "false": false
            default: nil
            }
        case .null, .number: nil
        }
    }

    /// An integral attribute value: a number without fraction, or a string holding an integer.
    private static func integer(_ attribute: PropertyValue) -> Int64? {
        switch attribute {
        case .number(let n): Int64(exactly: n)
        case .string(let text): integer(text)
        case .null, .bool: nil
        }
    }

    /// An integer written with an optional sign and decimal digits, blanks around it allowed.
    static func integer(_ text: String) -> Int64? {
        Int64(text.trimmingCharacters(in: .whitespaces))
    }

    /// A readable reason for a pattern ICU refused; Foundation's error on Linux carries only the pattern, so the
    /// common mistakes are diagnosed here and the rest named generically.
    private static func reason(pattern: String) -> String {
        var brackets = 0, parentheses = 0, escaped = false, inClass = false
        for character in pattern {
            if escaped { escaped = false; continue }
            switch character {
            case "\\": escaped = true
            case "[": if !inClass { inClass = true; brackets += 1 }
            case "]": if inClass { inClass = false; brackets -= 1 }
            case "(": if !inClass { parentheses += 1 }
            case ")": if !inClass { parentheses -= 1 }
            default: break
            }
        }
        if escaped { return "trailing backslash" }
        if brackets > 0 { return "unclosed '[' character class" }
        if parentheses > 0 { return "unclosed '(' group" }
        if parentheses < 0 { return "unmatched ')'" }
        if let first = pattern.first, "*+?{".contains(first) { return "nothing to repeat before '\(first)'" }
        return "'\(pattern)' is not a valid ICU pattern"
    }
}
