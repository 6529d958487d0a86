/// A recursive-descent parser for the expression language of ``Expression``, reporting 1-based columns.
///
/// Grammar (whitespace allowed between tokens):
/// ```
/// expression := operand (("=" | "<>") operand)?
/// operand    := "[" name "]" | string | integer | "true" | "false" | function "(" (expression ("," expression)*)? ")"
/// string     := '"' (any character but '"' and '\', or '\"', or '\\')* '"'
/// integer    := "-"? digit+
/// ```
struct ExpressionParser {
    /// Deeper nesting is refused, which keeps parsing and evaluation far from the stack's limit.
    static let maximumDepth = 64

    private let characters: [Character]
    private var position = 0
    private var depth = 0
    private(set) var referencedAttributes: Set<String> = []

    init(_ text: String) {
        characters = Array(text)
    }

    /// Parses the whole text as one expression.
    mutating func parseAll() throws(ExpressionError) -> ExpressionNode {
        skipBlanks()
        if position == characters.count { throw error("empty expression") }
        let node = try parseExpression()
        skipBlanks()
        if position < characters.count {
            throw error("unexpected \(describe(characters[position])) after the end of the expression")
        }
        return node
    }

    private mutating func parseExpression() throws(ExpressionError) -> ExpressionNode {
        let lhs = try parseOperand()
        skipBlanks()
        if peek("==") { throw error("use '=' to compare, not '=='") }
        if peek("!=") { throw error("use '<>' for 'not equal', not '!='") }
        if peek("<>") {
            position += 2
            return .comparison(lhs, try parseOperand(), negated: true)
        }
        if peek("=") {
            position += 1
            return .comparison(lhs, try parseOperand(), negated: false)
        }
        return lhs
    }

    private mutating func parseOperand() throws(ExpressionError) -> ExpressionNode {
        skipBlanks()
        guard position < characters.count else { throw error("unexpected end of expression, expected a value") }
        let character = characters[position]
        if character == "[" { return try parseAttribute() }
        if character == "\"" { return try parseString() }
        if character == "-" || (character.isASCII && character.isNumber) { return try parseInteger() }
        if character.isLetter || character == "_" { return try parseNameOrCall() }
        throw error("unexpected \(describe(character)), expected a value")
    }

    private mutating func parseAttribute() throws(ExpressionError) -> ExpressionNode {
        let start = position
        position += 1
        var name = ""
        while position < characters.count, characters[position] != "]" {
            if characters[position] == "[" { throw error("'[' inside an attribute reference", at: position) }
            name.append(characters[position])
            position += 1
        }
        guard position < characters.count else { throw error("unterminated attribute reference", at: start) }
        position += 1
        let trimmed = String(name.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
        if trimmed.isEmpty { throw error("empty attribute name", at: start) }
        referencedAttributes.insert(trimmed)
        return .attribute(AttributeSpelling.canonical(trimmed))
    }

    private mutating func parseString() throws(ExpressionError) -> ExpressionNode {
        let start = position
        position += 1
        var text = ""
        while position < characters.count {
            let character = characters[position]
            if character == "\"" {
                position += 1
                return .literal(.string(text))
            }
            if character == "\\" {
                guard position + 1 < characters.count else { break }
                let escaped = characters[position + 1]
                guard escaped == "\"" || escaped == "\\" else {
                    throw error("invalid escape '\\\(escaped)' in string (only \\\" and \\\\ are allowed)",
                                at: position)
                }
                text.append(escaped)
                position += 2
            } else {
                text.append(character)
                position += 1
            }
        }
        throw error("unterminated string", at: start)
    }

    private mutating func parseInteger() throws(ExpressionError) -> ExpressionNode {
        let start = position
        var digits = ""
        if characters[position] == "-" {
            digits.append("-")
            position += 1
        }
        while position < characters.count, characters[position].isASCII, characters[position].isNumber {
            digits.append(characters[position])
            position += 1
        }
        if digits == "-" { throw error("expected digits after '-'", at: start) }
        if position < characters.count, characters[position] == "." || characters[position].isLetter {
            throw error("invalid number: only integers are supported", at: start)
        }
        guard let value = Int64(digits), abs(Double(value)) <= 9_007_199_254_740_992 else {
            throw error("integer \(digits) is out of range", at: start)
        }
        return .literal(.number(Double(value)))
    }

    private mutating func parseNameOrCall() throws(ExpressionError) -> ExpressionNode {
        let start = position
        var name = ""
        while position < characters.count, characters[position].isLetter || characters[position].isNumber
            || characters[position] == "_" {
            name.append(characters[position])
            position += 1
        }
        skipBlanks()
        guard peek("(") else {
            switch name.lowercased() {
            case "true": return .literal(.bool(true))
            case "false": return .literal(.bool(false))
            default:
                throw error("unknown name '\(name)' (write attributes in brackets, [\(name)], "
                                + "and call functions with parentheses)", at: start)
            }
        }
        guard let function = ExpressionFunction.named(name) else {
            throw error("unknown function '\(name)'", at: start)
        }
        let open = position
        position += 1
        depth += 1
        defer { depth -= 1 }
        if depth > Self.maximumDepth {
            throw error("expression nested too deeply (more than \(Self.maximumDepth) calls)", at: start)
        }

        var arguments: [ExpressionNode] = []
        var argumentColumns: [Int] = []
        skipBlanks()
        if peek(")") {
            position += 1
        } else {
            while true {
                skipBlanks()
                argumentColumns.append(position)
                arguments.append(try parseExpression())
                skipBlanks()
                guard position < characters.count else {
                    throw error("missing ')' to close \(function.rawValue)( opened at column \(open + 1)")
                }
                if characters[position] == "," {
                    position += 1
                    continue
                }
                if characters[position] == ")" {
                    position += 1
                    break
                }
                let found = describe(characters[position])
                throw error("expected ',' or ')' in the arguments of \(function.rawValue), found \(found)")
            }
        }
        if let problem = function.arityProblem(arguments.count) { throw error(problem, at: start) }
        for (index, argumentName) in function.integerArguments where index < arguments.count {
            // Integer literals are the only literal numbers; a string or boolean literal here is a mistake.
            if case .literal(let value) = arguments[index], !isNumber(value) {
                throw error("\(function.rawValue) expects an integer for \(argumentName) (argument \(index + 1))",
                            at: argumentColumns[index])
            }
        }
        return .call(function, arguments)
    }

    private func isNumber(_ value: PropertyValue) -> Bool {
        if case .number = value { true } else { false }
    }

    private mutating func skipBlanks() {
        while position < characters.count, characters[position].isWhitespace { position += 1 }
    }

    private func peek(_ token: String) -> Bool {
        var index = position
        for character in token {
            guard index < characters.count, characters[index] == character else { return false }
            index += 1
        }
        return true
    }

    private func describe(_ character: Character) -> String { "'\(character)'" }

    private func error(_ message: String, at index: Int? = nil) -> ExpressionError {
        ExpressionError(column: (index ?? position) + 1, message: message)
    }
}
