/// An attribute-mapping expression: a small language in the spirit of Microsoft Entra's provisioning expressions,
/// parsed once and evaluated per user.
///
/// ## Syntax
/// - `[department]`: the source user's attribute (names case-insensitive; an absent property is null).
/// - `"text"`: a string; `\"` and `\\` are the only escapes.
/// - `42`, `-1`: an integer (within ±2^53, exact as a `Double`). `true`, `false`: booleans (any case).
/// - `Name(arg, ...)`: a function call; names are case-insensitive, calls nest (up to 64 deep).
/// - `a = b`, `a <> b`: comparison, giving a boolean, for conditions such as `IIF([country]="US", ...)`. Values compare
///   by their string form, exactly (case-sensitive; wrap in `ToLower` to ignore case); null equals only null.
///
/// Function names and argument counts are checked by ``parse(_:)``, as are literal arguments that must be integers;
/// every syntax error carries the 1-based column where it is.
///
/// ## Functions
/// A function given a null argument returns null unless its line says otherwise. Strings are counted in characters.
/// Numbers and booleans used as strings read as in ``PropertyValue/stringValue`` (`42`, `true`).
///
/// | function | result |
/// | --- | --- |
/// | `Append(source, suffix)` | `source` followed by `suffix`; a null `suffix` appends nothing |
/// | `Coalesce(v1, v2, ...)` | the first value that is neither null nor the empty string; null if none |
/// | `IIF(condition, ifTrue, ifFalse)` | `ifTrue` when `condition` is true (boolean, or string `true`), else `ifFalse` (also for null); only the chosen branch is evaluated |
/// | `IsNull(v)` | true when `v` is null (never null) |
/// | `IsNullOrEmpty(v)` | true when `v` is null or the empty string (never null) |
/// | `IsPresent(v)` | true when `v` is neither null nor the empty string (never null) |
/// | `Join(separator, v1, v2, ...)` | the non-null values joined by `separator` (null separator: none); null if every value is null |
/// | `Left(source, n)` | the first `n` characters (all of them if shorter; empty if `n` ≤ 0); null if `n` is not an integer |
/// | `Mid(source, start, length)` | `length` characters from the 1-based position `start`, clipped to the string; null if `start` or `length` is not an integer |
/// | `NormalizeDiacritics(source)` | Latin letters without diacritics: `é`→`e`, `ñ`→`n`, `ß`→`ss`, `æ`→`ae`, `œ`→`oe`, `ø`→`o`, `ł`→`l`, `đ`/`ð`→`d`, `þ`→`th`; other scripts unchanged |
/// | `Not(condition)` | the negation of a boolean (or string `true`/`false`); null for anything else |
/// | `Replace(source, find, replacement)` | every occurrence of `find` (literal, case-sensitive) replaced; null or empty `find` changes nothing; null `replacement` removes |
/// | `StripSpaces(source)` | `source` without any whitespace |
/// | `Switch(source, default, key1, value1, ...)` | the value of the first key equal to `source` (exact string comparison), else `default` (also for a null `source`) |
/// | `ToLower(source)`, `ToUpper(source)` | `source` in lower or upper case (the same in every locale) |
/// | `Trim(source)` | `source` without leading and trailing whitespace |
///
/// Evaluation is total: it never throws or traps, whatever the attribute values.
///
/// - Important: Foundation also declares a type named `Expression`; outside SyncCore, write `SyncCore.Expression` in
///   files that import Foundation.
public struct Expression: Sendable, Hashable, CustomStringConvertible {
    /// The text the expression was parsed from.
    public let source: String
    /// The attribute names the expression reads, as written between brackets (duplicates removed).
    public let referencedAttributes: Set<String>
    /// The syntax tree.
    let root: ExpressionNode

    private init(source: String, root: ExpressionNode, referencedAttributes: Set<String>) {
        self.source = source
        self.root = root
        self.referencedAttributes = referencedAttributes
    }

    /// Parses an expression, checking function names, argument counts and integer literals.
    ///
    /// - Throws: ``ExpressionError`` with the 1-based column of the first syntax error.
    public static func parse(_ text: String) throws(ExpressionError) -> Expression {
        var parser = ExpressionParser(text)
        let root = try parser.parseAll()
        return Expression(source: text, root: root, referencedAttributes: parser.referencedAttributes)
    }

    /// The expression's value for one user.
    ///
    /// Total: never throws or traps; a function given null returns null unless documented otherwise.
    /// - Parameter attribute: the user's value of an attribute, called with the Graph spelling of known properties
    ///   (`[Department]` is looked up as `department`) and with the name as written otherwise.
    public func evaluate(_ attribute: (String) -> PropertyValue) -> PropertyValue {
        root.evaluate(attribute)
    }

    /// The source text.
    public var description: String { source }

    /// Expressions are equal when their source texts are.
    public static func == (lhs: Expression, rhs: Expression) -> Bool { lhs.source == rhs.source }

    /// Hashes the source text.
    public func hash(into hasher: inout Hasher) { hasher.combine(source) }
}
