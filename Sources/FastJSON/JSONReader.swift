/// The strict RFC 8259 recursive-descent reader behind ``JSONParser``.
///
/// It reads a borrowed buffer that must outlive it, and works in the parser's reusable stacks, so that a document
/// costs one allocation per container and per string longer than the small-string limit, never one per byte. Not
/// thread-safe: one reader serves one parse on one thread.
struct JSONReader {
    private let bytes: UnsafeBufferPointer<UInt8>
    private let maxDepth: Int
    private var position = 0
    /// Decoded bytes of the string being read, used only when it has escapes; handed back to the parser after.
    var scratch: [UInt8]
    // Members and elements of the open containers, innermost last; a container moves its own tail out when it
    // closes, so each container allocates its storage once, at the exact size.
    private let entryStack: ScratchStack<JSONObject.Entry>
    private let elementStack: ScratchStack<JSONValue>
    private let stringCache: StringCache

    init(
        bytes: UnsafeBufferPointer<UInt8>, maxDepth: Int, scratch: [UInt8],
        entries: ScratchStack<JSONObject.Entry>, elements: ScratchStack<JSONValue>, stringCache: StringCache
    ) {
        self.bytes = bytes
        self.maxDepth = maxDepth
        self.scratch = scratch
        self.entryStack = entries
        self.elementStack = elements
        self.stringCache = stringCache
    }

    /// Reads exactly one value surrounded by optional whitespace.
    mutating func readDocument() throws(JSONParseError) -> JSONValue {
        skipWhitespace()
        guard position < bytes.count else {
            throw failure(.emptyInput, "the input is empty; expected a JSON value")
        }
        let value = try readValue(depth: 0)
        skipWhitespace()
        if position < bytes.count {
            throw failure(.trailingData, "trailing data after the value: found \(describe(bytes[position]))")
        }
        return value
    }

    // MARK: - Values

    /// Reads the value at `position`; `depth` is the number of containers already open around it.
    private mutating func readValue(depth: Int) throws(JSONParseError) -> JSONValue {
        guard position < bytes.count else {
            throw failure(.unexpectedEnd, "unexpected end of the input; expected a value")
        }
        switch bytes[position] {
        case Byte.quote:
            return .string(try readString(fingerprinted: false).string)
        case Byte.openBrace:
            return try readObject(depth: depth + 1)
        case Byte.openBracket:
            return try readArray(depth: depth + 1)
        case Byte.t:
            try readLiteral(Byte.trueLiteral)
            return .bool(true)
        case Byte.f:
            try readLiteral(Byte.falseLiteral)
            return .bool(false)
        case Byte.n:
            try readLiteral(Byte.nullLiteral)
            return .null
        case Byte.minus, Byte.zero...Byte.nine:
            return try readNumber()
        case let other:
            throw failure(.unexpectedByte, "expected a value, found \(describe(other))")
        }
    }

    private mutating func readLiteral(_ literal: StaticString) throws(JSONParseError) {
        let text = UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount)
        for expected in text {
            guard position < bytes.count, bytes[position] == expected else {
                throw failure(.invalidLiteral, "invalid literal; expected '\(literal)'")
            }
            position += 1
        }
    }

    private mutating func readArray(depth: Int) throws(JSONParseError) -> JSONValue {
        guard depth <= maxDepth else {
            throw failure(.nestingTooDeep, "nesting deeper than \(maxDepth)")
        }
        position += 1
        skipWhitespace()
        if position < bytes.count, bytes[position] == Byte.closeBracket {
            position += 1
            return .array([])
        }
        let base = elementStack.count
        while true {
            elementStack.push(try readValue(depth: depth))
            skipWhitespace()
            guard position < bytes.count else {
                throw failure(.unexpectedEnd, "unexpected end of the input; expected ',' or ']' after an array element")
            }
            switch bytes[position] {
            case Byte.comma:
                position += 1
                skipWhitespace()
            case Byte.closeBracket:
                position += 1
                return .array(elementStack.popAll(from: base))
            case let other:
                throw failure(.unexpectedByte, "expected ',' or ']' after an array element, found \(describe(other))")
            }
        }
    }

    private mutating func readObject(depth: Int) throws(JSONParseError) -> JSONValue {
        guard depth <= maxDepth else {
            throw failure(.nestingTooDeep, "nesting deeper than \(maxDepth)")
        }
        position += 1
        skipWhitespace()
        if position < bytes.count, bytes[position] == Byte.closeBrace {
            position += 1
            return .object(JSONObject())
        }
        let base = entryStack.count
        var seenHashes: UInt64 = 0
        while true {
            guard position < bytes.count else {
                throw failure(.unexpectedEnd, "unexpected end of the input; expected a string key")
            }
            guard bytes[position] == Byte.quote else {
                throw failure(.unexpectedByte, "expected a string key, found \(describe(bytes[position]))")
            }
            let (key, keyHash) = try readString(fingerprinted: true)
            skipWhitespace()
            guard position < bytes.count else {
                throw failure(.unexpectedEnd, "unexpected end of the input; expected ':' after an object key")
            }
            guard bytes[position] == Byte.colon else {
                throw failure(.unexpectedByte, "expected ':' after an object key, found \(describe(bytes[position]))")
            }
            position += 1
            skipWhitespace()
            let value = try readValue(depth: depth)
            storeMember(JSONObject.Entry(key: key, value: value, keyHash: keyHash), base: base, seenHashes: &seenHashes)
            skipWhitespace()
            guard position < bytes.count else {
                throw failure(.unexpectedEnd, "unexpected end of the input; expected ',' or '}' after an object member")
            }
            switch bytes[position] {
            case Byte.comma:
                position += 1
                skipWhitespace()
            case Byte.closeBrace:
                position += 1
                return .object(JSONObject(uniqueEntries: entryStack.popAll(from: base)))
            case let other:
                throw failure(.unexpectedByte, "expected ',' or '}' after an object member, found \(describe(other))")
            }
        }
    }

    /// Appends a member to the open object starting at `base`, or replaces the value of an earlier member with the
    /// same key: the last value wins, at the first position.
    ///
    /// `seenHashes` is a 64-bit Bloom filter of the key hashes of the object so far: a key whose bit is clear is new
    /// without a scan, which spares most of the quadratic duplicate search on objects of distinct keys.
    private func storeMember(_ entry: consuming JSONObject.Entry, base: Int, seenHashes: inout UInt64) {
        let bit: UInt64 = 1 << (entry.keyHash >> 58)
        if seenHashes & bit != 0 {
            let members = entryStack.elements(from: base)
            for i in members.indices where members[i].keyHash == entry.keyHash && members[i].key == entry.key {
                members[i].value = entry.value
                return
            }
        }
        seenHashes |= bit
        entryStack.push(entry)
    }

    // MARK: - Strings

    /// Reads the string whose opening quote is at `position`, and optionally its ``JSONObject/keyHash(_:)``.
    private mutating func readString(fingerprinted: Bool) throws(JSONParseError) -> (string: String, fingerprint: UInt64) {
        let open = position
        position += 1
        let start = position
        var nonASCII = false
        // The fast path: no escapes, so the string is the raw bytes between the quotes.
        while true {
            // Skip eight plain ASCII bytes at a time; stop at a chunk holding anything to look at.
            while position &+ 8 <= bytes.count, !Self.needsAttention(loadWord(at: position)) {
                position &+= 8
            }
            guard position < bytes.count else { break }
            let chunkEnd = min(position &+ 8, bytes.count)
            while position < chunkEnd {
                let byte = bytes[position]
                if byte == Byte.quote {
                    let raw = UnsafeBufferPointer(rebasing: bytes[start..<position])
                    position += 1
                    if !nonASCII, raw.count <= StringCache.maxLength {
                        let words = JSONObject.keyWords(raw)
                        let hash = JSONObject.keyHash(count: raw.count, words: words)
                        return (stringCache.string(for: raw, words: words, hash: hash), hash)
                    }
                    let string = try makeString(raw, nonASCII: nonASCII, rawStart: start)
                    return (string, fingerprinted ? JSONObject.keyHash(raw) : 0)
                }
                if byte == Byte.backslash {
                    return try readEscapedString(open: open, start: start, nonASCII: nonASCII, fingerprinted: fingerprinted)
                }
                if byte < 0x20 {
                    throw controlCharacterFailure(byte)
                }
                if byte >= 0x80 { nonASCII = true }
                position &+= 1
            }
        }
        throw failure(.unterminatedString, "unterminated string; expected a closing '\"'", at: open)
    }

    private func loadWord(at offset: Int) -> UInt64 {
        UnsafeRawPointer(bytes.baseAddress! + offset).loadUnaligned(as: UInt64.self)
    }

    /// Whether any of the eight bytes is a quote, a backslash, a control character or non-ASCII (SWAR; a false
    /// positive only sends the chunk to the byte loop).
    private static func needsAttention(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let quotes = word ^ (ones &* 0x22)
        let backslashes = word ^ (ones &* 0x5C)
        let hasQuote = (quotes &- ones) & ~quotes
        let hasBackslash = (backslashes &- ones) & ~backslashes
        let hasControl = (word &- ones &* 0x20) & ~word
        return (hasQuote | hasBackslash | hasControl | word) & (ones &* 0x80) != 0
    }

    /// The slow path of ``readString(fingerprinted:)``: decodes into `scratch` from the first backslash on.
    private mutating func readEscapedString(
        open: Int, start: Int, nonASCII: Bool, fingerprinted: Bool
    ) throws(JSONParseError) -> (string: String, fingerprint: UInt64) {
        var nonASCII = nonASCII
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<position]))
        while position < bytes.count {
            let byte = bytes[position]
            if byte == Byte.quote {
                position += 1
                let decoded = scratch
                return try decoded.withUnsafeBufferPointer { decodedBytes throws(JSONParseError) in
                    let string = try makeString(decodedBytes, nonASCII: nonASCII, rawStart: start)
                    return (string, fingerprinted ? JSONObject.keyHash(decodedBytes) : 0)
                }
            }
            if byte == Byte.backslash {
                try readEscape(open: open)
                continue
            }
            if byte < 0x20 {
                throw controlCharacterFailure(byte)
            }
            if byte >= 0x80 { nonASCII = true }
            scratch.append(byte)
            position += 1
        }
        throw failure(.unterminatedString, "unterminated string; expected a closing '\"'", at: open)
    }

    /// Decodes the escape at `position` (a backslash) into `scratch`.
    private mutating func readEscape(open: Int) throws(JSONParseError) {
        let escapeStart = position
        position += 1
        guard position < bytes.count else {
            throw failure(.unterminatedString, "unterminated string; expected a closing '\"'", at: open)
        }
        let letter = bytes[position]
        position += 1
        switch letter {
        case Byte.quote, Byte.backslash, Byte.slash: scratch.append(letter)
        case Byte.b: scratch.append(0x08)
        case Byte.f: scratch.append(0x0C)
        case Byte.n: scratch.append(0x0A)
        case Byte.r: scratch.append(0x0D)
        case Byte.t: scratch.append(0x09)
        case Byte.u: appendUTF8(try readUnicodeEscape(escapeStart: escapeStart))
        default:
            let shown = (0x21...0x7E).contains(letter) ? "\\\(Character(Unicode.Scalar(letter)))" : "\\ followed by byte 0x\(hex(letter))"
            throw failure(
                .invalidEscape,
                "invalid escape \(shown); valid escapes are \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX",
                at: escapeStart
            )
        }
    }

    /// Reads the four hex digits after `\u` (and the low half of a surrogate pair) into one scalar.
    private mutating func readUnicodeEscape(escapeStart: Int) throws(JSONParseError) -> Unicode.Scalar {
        let unit = try readHexQuad(escapeStart: escapeStart)
        switch unit {
        case 0xD800..<0xDC00:
            // A high surrogate is only valid as the first half of a pair written as two escapes.
            let lowStart = position
            guard position + 1 < bytes.count, bytes[position] == Byte.backslash, bytes[position + 1] == Byte.u else {
                throw loneSurrogateFailure(unit, at: escapeStart)
            }
            position += 2
            let low = try readHexQuad(escapeStart: lowStart)
            guard (0xDC00..<0xE000).contains(low) else {
                throw loneSurrogateFailure(unit, at: escapeStart)
            }
            let value = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
            return Unicode.Scalar(value)!
        case 0xDC00..<0xE000:
            throw loneSurrogateFailure(unit, at: escapeStart)
        default:
            return Unicode.Scalar(unit)!
        }
    }

    private mutating func readHexQuad(escapeStart: Int) throws(JSONParseError) -> UInt16 {
        var value: UInt16 = 0
        for _ in 0..<4 {
            guard position < bytes.count, let digit = Self.hexValue(bytes[position]) else {
                throw failure(.invalidUnicodeEscape, "\\u must be followed by four hexadecimal digits", at: escapeStart)
            }
            value = value << 4 | UInt16(digit)
            position += 1
        }
        return value
    }

    private mutating func appendUTF8(_ scalar: Unicode.Scalar) {
        let v = scalar.value
        switch v {
        case 0..<0x80:
            scratch.append(UInt8(v))
        case 0x80..<0x800:
            scratch.append(UInt8(0xC0 | v >> 6))
            scratch.append(UInt8(0x80 | v & 0x3F))
        case 0x800..<0x10000:
            scratch.append(UInt8(0xE0 | v >> 12))
            scratch.append(UInt8(0x80 | v >> 6 & 0x3F))
            scratch.append(UInt8(0x80 | v & 0x3F))
        default:
            scratch.append(UInt8(0xF0 | v >> 18))
            scratch.append(UInt8(0x80 | v >> 12 & 0x3F))
            scratch.append(UInt8(0x80 | v >> 6 & 0x3F))
            scratch.append(UInt8(0x80 | v & 0x3F))
        }
    }

    /// Makes a `String` from decoded bytes in one go, rejecting ill-formed UTF-8 instead of repairing it.
    private func makeString(
        _ utf8: UnsafeBufferPointer<UInt8>, nonASCII: Bool, rawStart: Int
    ) throws(JSONParseError) -> String {
        if !nonASCII {
            return String(decoding: utf8, as: UTF8.self)
        }
        if let string = String(validating: utf8, as: UTF8.self) {
            return string
        }
        // Rare: find the offending byte in the input to report it.
        let offset = firstInvalidUTF8(from: rawStart)
        throw failure(.invalidUTF8, "invalid UTF-8 in string: byte 0x\(hex(bytes[offset]))", at: offset)
    }

    /// The offset of the first byte from `start` on that does not begin a well-formed UTF-8 sequence.
    private func firstInvalidUTF8(from start: Int) -> Int {
        var i = start
        while i < bytes.count {
            let lead = bytes[i]
            if lead < 0x80 {
                i += 1
                continue
            }
            var continuationCount = 0
            var lower: UInt8 = 0x80
            var upper: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: continuationCount = 1
            case 0xE0: continuationCount = 2; lower = 0xA0
            case 0xE1...0xEC, 0xEE, 0xEF: continuationCount = 2
            case 0xED: continuationCount = 2; upper = 0x9F
            case 0xF0: continuationCount = 3; lower = 0x90
            case 0xF1...0xF3: continuationCount = 3
            case 0xF4: continuationCount = 3; upper = 0x8F
            default: return i
            }
            guard i + continuationCount < bytes.count else { return i }
            let second = bytes[i + 1]
            guard second >= lower, second <= upper else { return i }
            var k = 2
            while k <= continuationCount {
                guard bytes[i + k] & 0xC0 == 0x80 else { return i }
                k += 1
            }
            i += continuationCount + 1
        }
        return min(start, max(bytes.count - 1, 0))
    }

    // MARK: - Numbers

    private mutating func readNumber() throws(JSONParseError) -> JSONValue {
        let start = position
        let negative = bytes[position] == Byte.minus
        if negative { position += 1 }
        guard position < bytes.count, Self.isDigit(bytes[position]) else {
            throw failure(.invalidNumber, "expected a digit after '-'")
        }
        // Up to 19 significant digits fit in a UInt64; beyond that the literal goes to the slow path.
        var mantissa: UInt64 = 0
        var significantDigits = 0
        var exponent = 0
        var truncated = false
        var integral = true

        if bytes[position] == Byte.zero {
            position += 1
            if position < bytes.count, Self.isDigit(bytes[position]) {
                throw failure(.invalidNumber, "a number cannot have a leading zero", at: start)
            }
        } else {
            while position < bytes.count, Self.isDigit(bytes[position]) {
                if significantDigits < 19 {
                    mantissa = mantissa &* 10 &+ UInt64(bytes[position] &- Byte.zero)
                    significantDigits += 1
                } else {
                    truncated = true
                }
                position += 1
            }
        }
        if position < bytes.count, bytes[position] == Byte.dot {
            integral = false
            position += 1
            guard position < bytes.count, Self.isDigit(bytes[position]) else {
                throw failure(.invalidNumber, "expected a digit after the decimal point")
            }
            while position < bytes.count, Self.isDigit(bytes[position]) {
                let digit = UInt64(bytes[position] &- Byte.zero)
                if mantissa == 0, digit == 0 {
                    exponent -= 1   // a leading zero of the fraction is not significant
                } else if significantDigits < 19 {
                    mantissa = mantissa &* 10 &+ digit
                    significantDigits += 1
                    exponent -= 1
                } else {
                    truncated = true
                }
                position += 1
            }
        }
        if position < bytes.count, bytes[position] == Byte.e || bytes[position] == Byte.capitalE {
            integral = false
            position += 1
            var exponentNegative = false
            if position < bytes.count, bytes[position] == Byte.plus || bytes[position] == Byte.minus {
                exponentNegative = bytes[position] == Byte.minus
                position += 1
            }
            guard position < bytes.count, Self.isDigit(bytes[position]) else {
                throw failure(.invalidNumber, "expected a digit in the exponent")
            }
            var explicit = 0
            while position < bytes.count, Self.isDigit(bytes[position]) {
                // Saturate: any exponent this large is already out of range or zero.
                if explicit < 100_000 { explicit = explicit * 10 + Int(bytes[position] &- Byte.zero) }
                position += 1
            }
            exponent += exponentNegative ? -explicit : explicit
        }

        if integral, !truncated {
            if !negative, mantissa <= UInt64(Int64.max) { return .int(Int64(mantissa)) }
            if negative, mantissa <= UInt64(Int64.max) + 1 { return .int(Int64(bitPattern: 0 &- mantissa)) }
        }
        // Clinger's fast path: an exact mantissa and an exact power of ten make one correctly rounded operation.
        if !truncated, mantissa < (1 << 53), exponent >= -22, exponent <= 22 {
            var value = Double(mantissa)
            if exponent > 0 {
                value *= Self.powersOfTen[exponent]
            } else if exponent < 0 {
                value /= Self.powersOfTen[-exponent]
            }
            return .double(negative ? -value : value)
        }
        let literal = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
        guard let value = Double(literal), value.isFinite else {
            throw failure(.numberOutOfRange, "number \(literal) is out of the range of a Double", at: start)
        }
        return .double(value)
    }

    private static let powersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]

    // MARK: - Helpers

    private mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x0A, 0x0D, 0x09: position += 1
            default: return
            }
        }
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte &- Byte.zero < 10 }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case Byte.zero...Byte.nine: return byte - Byte.zero
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    private func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF".utf8)
        return String(decoding: [digits[Int(byte >> 4)], digits[Int(byte & 0xF)]], as: UTF8.self)
    }

    /// How a byte reads in a message: the character when printable ASCII, else its hex value.
    private func describe(_ byte: UInt8) -> String {
        if (0x21...0x7E).contains(byte) { return "'\(Character(Unicode.Scalar(byte)))'" }
        return "byte 0x\(hex(byte))"
    }

    private func controlCharacterFailure(_ byte: UInt8) -> JSONParseError {
        failure(.controlCharacterInString,
                "control character in string (byte 0x\(hex(byte))); write it as an escape such as \\u00\(hex(byte))")
    }

    private func loneSurrogateFailure(_ unit: UInt16, at offset: Int) -> JSONParseError {
        let shown = String(unit, radix: 16, uppercase: true)
        return failure(.loneSurrogate, "lone surrogate \\u\(shown); surrogates must come as a \\uD800-\\uDBFF \\uDC00-\\uDFFF pair",
                       at: offset)
    }

    /// An error at `offset` (by default the current position), with its line and column.
    private func failure(_ reason: JSONParseError.Reason, _ message: String, at offset: Int? = nil) -> JSONParseError {
        let offset = min(offset ?? position, bytes.count)
        var line = 1
        var column = 1
        var i = 0
        while i < offset {
            let byte = bytes[i]
            if byte == Byte.newline {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                // Continuation bytes do not start a scalar, so they do not move the column.
                column += 1
            }
            i += 1
        }
        return JSONParseError(reason: reason, message: message, offset: offset, line: line, column: column)
    }
}

/// The ASCII bytes the reader and writer look for.
enum Byte {
    static let quote = UInt8(ascii: "\"")
    static let backslash = UInt8(ascii: "\\")
    static let slash = UInt8(ascii: "/")
    static let openBrace = UInt8(ascii: "{")
    static let closeBrace = UInt8(ascii: "}")
    static let openBracket = UInt8(ascii: "[")
    static let closeBracket = UInt8(ascii: "]")
    static let comma = UInt8(ascii: ",")
    static let colon = UInt8(ascii: ":")
    static let minus = UInt8(ascii: "-")
    static let plus = UInt8(ascii: "+")
    static let dot = UInt8(ascii: ".")
    static let zero = UInt8(ascii: "0")
    static let nine = UInt8(ascii: "9")
    static let e = UInt8(ascii: "e")
    static let capitalE = UInt8(ascii: "E")
    static let b = UInt8(ascii: "b")
    static let f = UInt8(ascii: "f")
    static let n = UInt8(ascii: "n")
    static let r = UInt8(ascii: "r")
    static let t = UInt8(ascii: "t")
    static let u = UInt8(ascii: "u")
    static let newline = UInt8(ascii: "\n")
    static let trueLiteral: StaticString = "true"
    static let falseLiteral: StaticString = "false"
    static let nullLiteral: StaticString = "null"
}
