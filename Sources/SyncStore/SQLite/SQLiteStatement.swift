internal import CSQLite

/// Owns one prepared `sqlite3_stmt*`, prepared once and reused for every row: bind, step, reset.
///
/// Not thread-safe and not `Sendable`, like its connection (which it keeps alive).
final class SQLiteStatement {
    private let handle: OpaquePointer
    private let connection: SQLiteConnection
    /// The SQL text, for error messages.
    let sql: String

    init(handle: OpaquePointer, connection: SQLiteConnection, sql: String) {
        self.handle = handle
        self.connection = connection
        self.sql = sql
    }

    deinit { sqlite3_finalize(handle) }

    /// SQLite copies the bound value (the `SQLITE_TRANSIENT` destructor, a macro Swift does not import).
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    // MARK: Binding (indexes start at 1)

    /// Binds text; SQLite copies it (small key columns).
    func bind(_ index: Int32, _ text: String) {
        var text = text
        text.withUTF8 { utf8 in
            utf8.withMemoryRebound(to: CChar.self) { chars in
                if let base = chars.baseAddress {
                    _ = sqlite3_bind_text(handle, index, base, Int32(chars.count), Self.transient)
                } else {
                    _ = sqlite3_bind_text(handle, index, "", 0, nil)
                }
            }
        }
    }

    /// Binds an integer.
    func bind(_ index: Int32, _ value: Int64) { sqlite3_bind_int64(handle, index, value) }

    /// Binds an integer or NULL.
    func bind(_ index: Int32, _ value: Int64?) {
        if let value { sqlite3_bind_int64(handle, index, value) } else { sqlite3_bind_null(handle, index) }
    }

    /// Binds bytes as a BLOB that SQLite copies (for statements stepped outside the bytes' scope).
    func bindCopy(_ index: Int32, _ bytes: [UInt8]) {
        bytes.withUnsafeBytes { raw in
            if let base = raw.baseAddress {
                _ = sqlite3_bind_blob(handle, index, base, Int32(raw.count), Self.transient)
            } else {
                _ = sqlite3_bind_zeroblob(handle, index, 0)
            }
        }
    }

    // MARK: Running

    /// Binds `bytes` as a BLOB without copying, steps the statement (which must return no row) and resets it.
    /// The other parameters are bound already.
    /// - Throws: `StoreError` from the step.
    func execute(blobAt index: Int32, _ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { raw in
            if let base = raw.baseAddress {
                sqlite3_bind_blob(handle, index, base, Int32(raw.count), nil)  // nil = SQLITE_STATIC: no copy
            } else {
                sqlite3_bind_zeroblob(handle, index, 0)
            }
            defer { sqlite3_bind_null(handle, index) }  // never leave a pointer to memory we do not own
            try execute()
        }
    }

    /// Steps a statement that returns no row, then resets it.
    /// - Throws: `StoreError` from the step.
    func execute() throws {
        let rc = sqlite3_step(handle)
        sqlite3_reset(handle)
        guard rc == SQLITE_DONE || rc == SQLITE_ROW else { throw connection.error(code: rc, sql: sql) }
    }

    /// Steps through the rows, calling `row` for each, then resets the statement.
    /// - Throws: `StoreError` from a step, or what `row` throws.
    func forEachRow(_ row: (SQLiteStatement) throws -> Void) throws {
        defer { sqlite3_reset(handle) }
        while true {
            let rc = sqlite3_step(handle)
            if rc == SQLITE_DONE { return }
            guard rc == SQLITE_ROW else { throw connection.error(code: rc, sql: sql) }
            try row(self)
        }
    }

    /// Number of rows the last `execute` changed.
    var changes: Int { Int(sqlite3_changes(sqlite3_db_handle(handle))) }

    // MARK: Reading the current row (indexes start at 0)

    /// A text column.
    func text(_ column: Int32) -> String {
        guard let p = sqlite3_column_text(handle, column) else { return "" }
        let n = Int(sqlite3_column_bytes(handle, column))
        return String(decoding: UnsafeBufferPointer(start: p, count: n), as: UTF8.self)
    }

    /// An integer column.
    func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }

    /// An integer column that may be NULL.
    func optionalInt64(_ column: Int32) -> Int64? {
        sqlite3_column_type(handle, column) == SQLITE_NULL ? nil : sqlite3_column_int64(handle, column)
    }

    /// A BLOB column, copied out.
    func blob(_ column: Int32) -> [UInt8] {
        let n = Int(sqlite3_column_bytes(handle, column))
        guard n > 0, let p = sqlite3_column_blob(handle, column) else { return [] }
        return [UInt8](UnsafeRawBufferPointer(start: p, count: n))
    }
}

@available(*, unavailable, message: "a SQLite statement belongs to its connection's thread")
extension SQLiteStatement: Sendable {}
