/// Why a document is not valid JSON, and where.
///
/// `offset` is the 0-based byte offset of the offending byte in the input (for a slice: from the slice's start);
/// `line` and `column` are 1-based, lines end at `\n`, and the column counts Unicode scalars, so it matches what an
/// editor shows for UTF-8 text. `reason` classifies the problem; `message` says it in words a person can act on.
public struct JSONParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of problem.
    public enum Reason: Sendable, Equatable {
        /// The input has no bytes, or only whitespace.
        case emptyInput
        /// The input ended where more was needed.
        case unexpectedEnd
        /// A byte that cannot start or continue the construct at this point.
        case unexpectedByte
        /// Something that starts like `true`, `false` or `null` but is not.
        case invalidLiteral
        /// A number that breaks the grammar (leading zero, missing digits).
        case invalidNumber
        /// A number too large for a `Double`.
        case numberOutOfRange
        /// A string without its closing quote.
        case unterminatedString
        /// A raw byte below 0x20 inside a string; it must be escaped.
        case controlCharacterInString
        /// A backslash followed by something other than `"\/bfnrtu`.
        case invalidEscape
        /// `\u` not followed by four hexadecimal digits.
        case invalidUnicodeEscape
        /// A `\uD800`-`\uDFFF` escape that is not part of a surrogate pair.
        case loneSurrogate
        /// Bytes that are not well-formed UTF-8.
        case invalidUTF8
        /// More than whitespace after the top-level value.
        case trailingData
        /// Arrays and objects nested deeper than the limit.
        case nestingTooDeep
    }

    /// The kind of problem.
    public let reason: Reason
    /// What is wrong, in words, without the position.
    public let message: String
    /// The 0-based byte offset of the problem.
    public let offset: Int
    /// The 1-based line of the problem.
    public let line: Int
    /// The 1-based column of the problem, in Unicode scalars.
    public let column: Int

    /// An error with an explicit position; the reader computes line and column from the input.
    public init(reason: Reason, message: String, offset: Int, line: Int, column: Int) {
        self.reason = reason
        self.message = message
        self.offset = offset
        self.line = line
        self.column = column
    }

    /// `line 3, column 14 (byte 57): expected ',' or '}' after an object member, found 'x'`.
    public var description: String {
        "line \(line), column \(column) (byte \(offset)): \(message)"
    }
}
