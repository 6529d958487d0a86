import Foundation

/// The functions of the expression language: names, argument counts, and semantics (see ``Expression``).
enum ExpressionFunction: String, Sendable, Hashable, CaseIterable {
    case append = "Append"
    case coalesce = "Coalesce"
    case iif = "IIF"
    case isNull = "IsNull"
    case isNullOrEmpty = "IsNullOrEmpty"
    case isPresent = "IsPresent"
    case join = "Join"
    case left = "Left"
    case mid = "Mid"
    case normalizeDiacritics = "NormalizeDiacritics"
    case not = "Not"
    case replace = "Replace"
    case stripSpaces = "StripSpaces"
    case `switch` = "Switch"
    case toLower = "ToLower"
    case toUpper = "ToUpper"
    case trim = "Trim"

    /// The function named `name`, ignoring case.
    static func named(_ name: String) -> ExpressionFunction? { byLowercasedName[name.lowercased()] }

    private static let byLowercasedName: [String: ExpressionFunction] = Dictionary(
        uniqueKeysWithValues: allCases.map { ($0.rawValue.lowercased(), $0) }
    )

    /// Why `count` arguments do not fit the function, or nil when they do.
    func arityProblem(_ count: Int) -> String? {
        func plural(_ n: Int) -> String { n == 1 ? "1 argument" : "\(n) arguments" }
        let exactly: Int
        switch self {
        case .toLower, .toUpper, .trim, .isNull, .isNullOrEmpty, .isPresent, .not, .normalizeDiacritics, .stripSpaces:
            exactly = 1
        case .append, .left:
            exactly = 2
        case .replace, .mid, .iif:
            exactly = 3
        case .coalesce:
            return count >= 1 ? nil : "\(rawValue) expects at least 1 argument, got \(count)"
        case .join:
            return count >= 2 ? nil : "\(rawValue) expects at least 2 arguments, got \(count)"
        case .switch:
            if count >= 4 && count % 2 == 0 { return nil }
            return "\(rawValue) expects a source, a default and key/value pairs "
                + "(an even number of arguments, at least 4), got \(count)"
        }
        return count == exactly ? nil : "\(rawValue) expects \(plural(exactly)), got \(count)"
    }

    /// The 0-based positions of arguments that must be integers, with their names for error messages.
    var integerArguments: [(index: Int, name: String)] {
        switch self {
        case .left: [(1, "n")]
        case .mid: [(1, "start"), (2, "length")]
        default: []
        }
    }

    /// Applies the function to unevaluated arguments, evaluating only those it needs. Total.
    func evaluate(_ arguments: [ExpressionNode], _ attribute: (String) -> PropertyValue) -> PropertyValue {
        // Arity was checked by the parser; the guards below only keep evaluation total for hand-built trees.
        func argument(_ index: Int) -> PropertyValue {
            index < arguments.count ? arguments[index].evaluate(attribute) : .null
        }
        func text(_ index: Int) -> String? { argument(index).stringValue }

        switch self {
        case .toLower: return text(0).map { .string($0.lowercased()) } ?? .null
        case .toUpper: return text(0).map { .string($0.uppercased()) } ?? .null
        case .trim: return text(0).map { .string($0.trimmingCharacters(in: .whitespacesAndNewlines)) } ?? .null
        case .stripSpaces: return text(0).map { .string($0.filter { !$0.isWhitespace }) } ?? .null
        case .normalizeDiacritics: return text(0).map { .string(DiacriticFolding.fold($0)) } ?? .null
        case .isNull: return .bool(argument(0).isNull)
        case .isNullOrEmpty: return .bool(text(0)?.isEmpty ?? true)
        case .isPresent: return .bool(!(text(0)?.isEmpty ?? true))
        case .not: return Self.truth(argument(0)).map { .bool(!$0) } ?? .null

        case .append:
            guard let source = text(0) else { return .null }
            return .string(source + (text(1) ?? ""))

        case .replace:
            guard let source = text(0) else { return .null }
            guard let find = text(1), !find.isEmpty else { return .string(source) }
            return .string(Self.replace(find, with: text(2) ?? "", in: source))

        case .left:
            guard let source = text(0), let n = Self.integer(argument(1)) else { return .null }
            return .string(n <= 0 ? "" : String(source.prefix(n)))

        case .mid:
            guard let source = text(0), let start = Self.integer(argument(1)), let length = Self.integer(argument(2))
            else { return .null }
            // Positions start ..< start + length (1-based), clipped to the string.
            let (end, overflow) = start.addingReportingOverflow(length)
            let first = max(start, 1)
            let last = overflow ? (length > 0 ? Int.max : Int.min) : end  // exclusive
            guard last > first else { return .string("") }
            return .string(String(source.dropFirst(first - 1).prefix(last - first)))

        case .join:
            let separator = text(0) ?? ""
            var joined: String?
            for index in 1..<max(arguments.count, 1) {
                guard let part = text(index) else { continue }
                if joined == nil { joined = part } else { joined! += separator + part }
            }
            return joined.map(PropertyValue.string) ?? .null

        case .coalesce:
            for node in arguments {
                let value = node.evaluate(attribute)
                if let text = value.stringValue, !text.isEmpty { return value }
            }
            return .null

        case .iif:
            return Self.truth(argument(0)) == true ? argument(1) : argument(2)

        case .switch:
            guard let source = text(0) else { return argument(1) }
            var index = 2
            while index + 1 < arguments.count {
                if text(index) == source { return argument(index + 1) }
                index += 2
            }
            return argument(1)
        }
    }

    /// Every occurrence of `find` in `source` replaced, left to right. ASCII text (without `\r`, which may pair with
    /// `\n` into one character) is searched byte by byte; anything else by the standard library's character-wise
    /// search, which gives the same answer more slowly.
    static func replace(_ find: String, with replacement: String, in source: String) -> String {
        let isPlain = { (byte: UInt8) in byte < 0x80 && byte != 0x0D }
        guard source.utf8.allSatisfy(isPlain), find.utf8.allSatisfy(isPlain) else {
            return source.replacing(find, with: replacement)
        }
        let haystack = Array(source.utf8), needle = Array(find.utf8)
        guard !needle.isEmpty, haystack.count >= needle.count else { return source }
        var result: [UInt8] = []
        result.reserveCapacity(haystack.count)
        var index = 0
        var replaced = false
        while index < haystack.count {
            if index + needle.count <= haystack.count, haystack[index] == needle[0],
               haystack[index ..< index + needle.count].elementsEqual(needle) {
                result.append(contentsOf: replacement.utf8)
                index += needle.count
                replaced = true
            } else {
                result.append(haystack[index])
                index += 1
            }
        }
        return replaced ? String(decoding: result, as: UTF8.self) : source
    }

    /// A condition's truth: a boolean, or the string `true`/`false` in any case; nil otherwise.
    static func truth(_ value: PropertyValue) -> Bool? {
        switch value {
        case .bool(let b): return b
        case .string(let s):
            switch s.lowercased() {
            case "true": return true
            case "false": return false
            default: return nil
            }
        case .null, .number: return nil
        }
    }

    /// An integer argument: a whole number, or a string holding one; nil otherwise (the function then returns null).
    static func integer(_ value: PropertyValue) -> Int? {
        switch value {
        case .number(let n): Int(exactly: n)
        case .string(let s): Int(s.trimmingCharacters(in: .whitespaces))
        case .null, .bool: nil
        }
    }
}
