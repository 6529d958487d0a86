import Kafka

/// The binary format of one outbox row: every message of one batch (log entries and dead letters).
///
/// Layout, all integers big-endian:
/// ```
/// body    = magic "TSO1" (4 bytes), count: UInt32, message * count
/// message = destination: UInt8 (0 log, 1 dead letter),
///           key: Int32 length (-1 for none) + bytes, value: UInt32 length + bytes,
///           headerCount: UInt16, header * headerCount
/// header  = name: UInt16 length + UTF-8 bytes (checked), value: Int32 length (-1 for null) + bytes
/// ```
/// Nothing may follow the last message. Decoding checks every length against what is left, so a truncated or
/// foreign body is an `OutboxBodyError`, never a crash.
public enum OutboxBody {
    /// The four bytes every body starts with (the `1` is the format version).
    public static let magic: [UInt8] = Array("TSO1".utf8)

    /// Encodes messages into one body.
    public static func encode(_ messages: [OutboxMessage]) -> [UInt8] {
        var size = 8
        for m in messages {
            size += 1 + 4 + (m.key?.count ?? 0) + 4 + m.value.count + 2
            for h in m.headers { size += 2 + h.key.utf8.count + 4 + (h.value?.count ?? 0) }
        }
        var out: [UInt8] = []
        out.reserveCapacity(size)
        out += magic
        append(UInt32(messages.count), to: &out)
        for m in messages {
            out.append(m.destination.rawValue)
            appendOptional(m.key, to: &out)
            append(UInt32(m.value.count), to: &out)
            out += m.value
            append(UInt16(m.headers.count), to: &out)
            for h in m.headers {
                let name = Array(h.key.utf8)
                append(UInt16(name.count), to: &out)
                out += name
                appendOptional(h.value, to: &out)
            }
        }
        return out
    }

    /// Decodes a body written by `encode(_:)`.
    /// - Throws: `OutboxBodyError` when the body is truncated, has trailing bytes, or is not an outbox body.
    public static func decode(_ body: [UInt8]) throws(OutboxBodyError) -> [OutboxMessage] {
        var reader = Reader(bytes: body)
        guard try reader.bytes(4, "magic") == magic else {
            throw OutboxBodyError(offset: 0, reason: "not an outbox body (bad magic)")
        }
        let count = Int(try reader.integer(UInt32.self, "message count"))
        var messages: [OutboxMessage] = []
        // Each message takes at least 11 bytes: a count larger than that allows is a corrupt body.
        guard count <= body.count / 11 else {
            throw OutboxBodyError(offset: 4, reason: "message count \(count) exceeds the body size")
        }
        messages.reserveCapacity(count)
        for index in 0..<count {
            let at = reader.offset
            guard let destination = OutboxMessage.Destination(rawValue: try reader.integer(UInt8.self, "destination")) else {
                throw OutboxBodyError(offset: at, reason: "message \(index): unknown destination")
            }
            let key = try reader.optionalBytes("message \(index) key")
            let value = try reader.bytes(Int(try reader.integer(UInt32.self, "value length")), "message \(index) value")
            let headerCount = Int(try reader.integer(UInt16.self, "header count"))
            var headers: [KafkaHeader] = []
            headers.reserveCapacity(headerCount)
            for _ in 0..<headerCount {
                let nameLength = Int(try reader.integer(UInt16.self, "header name length"))
                let at = reader.offset
                guard let name = String(validating: try reader.bytes(nameLength, "header name"), as: UTF8.self) else {
                    throw OutboxBodyError(offset: at, reason: "message \(index): header name is not UTF-8")
                }
                headers.append(KafkaHeader(key: name, value: try reader.optionalBytes("header \(name)")))
            }
            messages.append(OutboxMessage(destination: destination, key: key, value: value, headers: headers))
        }
        guard reader.offset == body.count else {
            throw OutboxBodyError(offset: reader.offset, reason: "\(body.count - reader.offset) trailing bytes")
        }
        return messages
    }

    private static func append<I: FixedWidthInteger>(_ value: I, to out: inout [UInt8]) {
        withUnsafeBytes(of: value.bigEndian) { out.append(contentsOf: $0) }
    }

    private static func appendOptional(_ bytes: [UInt8]?, to out: inout [UInt8]) {
        if let bytes {
            append(Int32(bytes.count), to: &out)
            out += bytes
        } else {
            append(Int32(-1), to: &out)
        }
    }

    /// A bounds-checked cursor over a body.
    private struct Reader {
        let bytes: [UInt8]
        var offset = 0

        mutating func bytes(_ count: Int, _ what: String) throws(OutboxBodyError) -> [UInt8] {
            guard count >= 0, count <= bytes.count - offset else {
                throw OutboxBodyError(offset: offset, reason: "truncated: \(what) needs \(count) bytes, \(bytes.count - offset) left")
            }
            defer { offset += count }
            return Array(bytes[offset..<offset + count])
        }

        mutating func integer<I: FixedWidthInteger>(_ type: I.Type, _ what: String) throws(OutboxBodyError) -> I {
            let size = MemoryLayout<I>.size
            guard size <= bytes.count - offset else {
                throw OutboxBodyError(offset: offset, reason: "truncated: \(what) needs \(size) bytes, \(bytes.count - offset) left")
            }
            var value: I = 0
            for i in 0..<size { value = value << 8 | I(bytes[offset + i]) }
            offset += size
            return value
        }

        mutating func optionalBytes(_ what: String) throws(OutboxBodyError) -> [UInt8]? {
            let length = try integer(Int32.self, "\(what) length")
            if length == -1 { return nil }
            guard length >= 0 else { throw OutboxBodyError(offset: offset - 4, reason: "\(what): negative length \(length)") }
            return try bytes(Int(length), what)
        }
    }
}
