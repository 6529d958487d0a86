/// Writes compact JSON into a byte buffer, one token at a time, with commas placed for you.
///
/// ```swift
/// var writer = JSONWriter()
/// writer.beginObject()
/// writer.key("id"); writer.string("u-ann")
/// writer.key("seq"); writer.int(41)
/// writer.endObject()
/// // writer.bytes == Array(#"{"id":"u-ann","seq":41}"#.utf8)
/// ```
///
/// Strings are escaped as RFC 8259 requires and no more: `"` and `\` get a backslash, `\b \f \n \r \t` their short
/// escapes, other control characters `\u00XX`; `/` and non-ASCII characters pass through as UTF-8. Doubles are written
/// in their shortest form that reads back to the same value; NaN and infinities, which JSON cannot express, are
/// written as `null`.
///
/// - Important: the writer trusts its caller for structure: a ``key(_:)`` before each member value, and every
///   `begin` matched by its `end`. It keeps no stack, which keeps each call to a few appends.
///
/// A value type: use one per thread (or per task).
public struct JSONWriter: Sendable {
    /// The JSON written so far.
    public private(set) var bytes: [UInt8]
    // Whether the next value or key must be preceded by a comma.
    private var needsComma = false

    /// A writer whose buffer starts with room for `capacity` bytes, so typical documents never regrow it.
    public init(capacity: Int = 1024) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    /// Empties the buffer but keeps its capacity, to write the next document without allocating.
    public mutating func reset() {
        bytes.removeAll(keepingCapacity: true)
        needsComma = false
    }

    /// The JSON written so far, as a string.
    public var text: String { String(decoding: bytes, as: UTF8.self) }

    /// Opens an object: `{`.
    public mutating func beginObject() {
        separate()
        bytes.append(Byte.openBrace)
        needsComma = false
    }

    /// Closes the innermost object: `}`.
    public mutating func endObject() {
        bytes.append(Byte.closeBrace)
        needsComma = true
    }

    /// Opens an array: `[`.
    public mutating func beginArray() {
        separate()
        bytes.append(Byte.openBracket)
        needsComma = false
    }

    /// Closes the innermost array: `]`.
    public mutating func endArray() {
        bytes.append(Byte.closeBracket)
        needsComma = true
    }

    /// Writes a member key and its colon; the next call writes the member's value.
    public mutating func key(_ key: String) {
        separate()
        appendQuoted(key)
        bytes.append(Byte.colon)
        needsComma = false
    }

    /// Writes a string value.
    public mutating func string(_ value: String) {
        separate()
        appendQuoted(value)
        needsComma = true
    }

    /// Writes an integer value.
    public mutating func int(_ value: Int64) {
        separate()
        if value < 0 { bytes.append(Byte.minus) }
        var magnitude = value.magnitude
        let start = bytes.count
        // Digits come out least significant first; reversing in place avoids a temporary buffer.
        repeat {
            bytes.append(Byte.zero &+ UInt8(truncatingIfNeeded: magnitude % 10))
            magnitude /= 10
        } while magnitude > 0
        bytes[start...].reverse()
        needsComma = true
    }

    /// Writes an integer value.
    public mutating func int(_ value: Int) {
        int(Int64(value))
    }

    /// Writes a number in its shortest round-trip form, or `null` when it is NaN or infinite.
    public mutating func double(_ value: Double) {
        guard value.isFinite else {
            null()
            return
        }
        separate()
        // Swift's description is the shortest digits that read back exactly ("0.1", "1e-07", "100.0"), all of which
        // are JSON numbers; it fits in a small string, so it does not allocate.
        var text = value.description
        text.withUTF8 { bytes.append(contentsOf: $0) }
        needsComma = true
    }

    /// Writes `true` or `false`.
    public mutating func bool(_ value: Bool) {
        separate()
        bytes.append(contentsOf: value ? Self.trueBytes : Self.falseBytes)
        needsComma = true
    }

    /// Writes `null`.
    public mutating func null() {
        separate()
        bytes.append(contentsOf: Self.nullBytes)
        needsComma = true
    }

    /// Writes a whole value.
    ///
    /// - Parameters:
    ///   - value: the value to write.
    ///   - sortedKeys: order object members by the UTF-8 bytes of their keys instead of their stored order, for a
    ///     canonical form.
    public mutating func value(_ value: JSONValue, sortedKeys: Bool = false) {
        switch value {
        case .null: null()
        case .bool(let b): bool(b)
        case .int(let i): int(i)
        case .double(let d): double(d)
        case .string(let s): string(s)
        case .array(let elements):
            beginArray()
            for element in elements { self.value(element, sortedKeys: sortedKeys) }
            endArray()
        case .object(let object):
            beginObject()
            if sortedKeys {
                let members = object.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
                for member in members {
                    key(member.key)
                    self.value(member.value, sortedKeys: true)
                }
            } else {
                for member in object {
                    key(member.key)
                    self.value(member.value, sortedKeys: false)
                }
            }
            endObject()
        }
    }

    private static let trueBytes: [UInt8] = Array("true".utf8)
    private static let falseBytes: [UInt8] = Array("false".utf8)
    private static let nullBytes: [UInt8] = Array("null".utf8)
    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    private mutating func separate() {
        if needsComma { bytes.append(Byte.comma) }
    }

    /// Appends `"string"`, copying runs of bytes that need no escape in one go.
    private mutating func appendQuoted(_ string: String) {
        var string = string
        bytes.append(Byte.quote)
        string.withUTF8 { utf8 in
            var runStart = 0
            var i = 0
            while i < utf8.count {
                let byte = utf8[i]
                if byte >= 0x20, byte != Byte.quote, byte != Byte.backslash {
                    i += 1
                    continue
                }
                if runStart < i { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<i])) }
                appendEscape(byte)
                i += 1
                runStart = i
            }
            if runStart < utf8.count { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...])) }
        }
        bytes.append(Byte.quote)
    }

    private mutating func appendEscape(_ byte: UInt8) {
        bytes.append(Byte.backslash)
        switch byte {
        case Byte.quote, Byte.backslash: bytes.append(byte)
        case 0x08: bytes.append(Byte.b)
        case 0x0C: bytes.append(Byte.f)
        case 0x0A: bytes.append(Byte.n)
        case 0x0D: bytes.append(Byte.r)
        case 0x09: bytes.append(Byte.t)
        default:
            bytes.append(Byte.u)
            bytes.append(Byte.zero)
            bytes.append(Byte.zero)
            bytes.append(Self.hexDigits[Int(byte >> 4)])
            bytes.append(Self.hexDigits[Int(byte & 0x0F)])
        }
    }
}
