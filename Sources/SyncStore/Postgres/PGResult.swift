internal import CPostgres

/// Owns one `PGresult*` (freed with `PQclear` in `deinit`). Results are requested in binary format, so a text
/// column is its UTF-8 bytes, a `bytea` its raw bytes and an integer big-endian.
///
/// Not `Sendable`: it belongs to the thread of the connection that made it.
final class PGResult {
    private let handle: OpaquePointer

    init(handle: OpaquePointer) { self.handle = handle }

    deinit { PQclear(handle) }

    /// Number of rows returned.
    var rowCount: Int32 { PQntuples(handle) }

    /// Number of rows an INSERT, UPDATE or DELETE touched.
    var affectedRows: Int {
        guard let text = PQcmdTuples(handle) else { return 0 }
        return Int(String(cString: text)) ?? 0
    }

    /// Whether a value is SQL NULL.
    func isNull(_ row: Int32, _ column: Int32) -> Bool { PQgetisnull(handle, row, column) != 0 }

    private func raw(_ row: Int32, _ column: Int32) -> UnsafeRawBufferPointer {
        let count = Int(PQgetlength(handle, row, column))
        guard let p = PQgetvalue(handle, row, column) else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        return UnsafeRawBufferPointer(start: p, count: count)
    }

    /// A `text` value.
    func text(_ row: Int32, _ column: Int32) -> String {
        String(decoding: raw(row, column), as: UTF8.self)
    }

    /// A `bytea` value, copied out of the result.
    func bytes(_ row: Int32, _ column: Int32) -> [UInt8] { [UInt8](raw(row, column)) }

    /// A `bigint` or `integer` value (binary, big-endian).
    func int64(_ row: Int32, _ column: Int32) -> Int64 {
        let r = raw(row, column)
        var value: Int64 = 0
        for byte in r { value = value << 8 | Int64(byte) }
        // Sign-extend a 4-byte integer.
        if r.count == 4 { value = Int64(Int32(truncatingIfNeeded: value)) }
        return value
    }

    /// A `bigint` value or nil for NULL.
    func optionalInt64(_ row: Int32, _ column: Int32) -> Int64? { isNull(row, column) ? nil : int64(row, column) }

    /// A `boolean` value.
    func bool(_ row: Int32, _ column: Int32) -> Bool { raw(row, column).first.map { $0 != 0 } ?? false }
}

@available(*, unavailable, message: "a PostgreSQL result belongs to its connection's thread")
extension PGResult: Sendable {}
