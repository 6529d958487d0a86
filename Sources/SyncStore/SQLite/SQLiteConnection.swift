internal import CSQLite
import Foundation

/// Owns one `sqlite3*` connection: opened in `init`, closed in `deinit`.
///
/// Not thread-safe and deliberately not `Sendable`: the connection is opened in multi-thread mode
/// (`SQLITE_OPEN_NOMUTEX`), so one thread at a time must use it and everything prepared from it.
final class SQLiteConnection {
    /// The database file.
    let path: String
    private let handle: OpaquePointer

    /// Opens (creating if needed) the database file.
    /// - Throws: `StoreError.cannotOpen` naming the file and SQLite's reason.
    init(path: String, busyTimeout: Duration) throws {
        self.path = path
        var db: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let rc = sqlite3_open_v2(path, &db, flags, nil)
        guard rc == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(rc))
            if let db { sqlite3_close_v2(db) }
            throw StoreError.cannotOpen(database: path, message: message)
        }
        handle = db
        sqlite3_extended_result_codes(db, 1)
        let ms = busyTimeout.components.seconds * 1000 + busyTimeout.components.attoseconds / 1_000_000_000_000_000
        sqlite3_busy_timeout(db, Int32(clamping: ms))
    }

    deinit {
        // close_v2 defers the close until every statement is finalized, so the order of deinits does not matter.
        sqlite3_close_v2(handle)
    }

    /// Runs one or more statements without results (schema, pragmas, `BEGIN`/`COMMIT`).
    /// - Throws: `StoreError` for the first failing statement.
    func execute(_ sql: String) throws {
        var message: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(handle, sql, nil, nil, &message)
        if rc != SQLITE_OK {
            let text = message.map { String(cString: $0) } ?? String(cString: sqlite3_errstr(rc))
            sqlite3_free(message)
            throw error(code: rc, message: text, sql: sql)
        }
    }

    /// Prepares a statement to keep and reuse.
    /// - Throws: `StoreError.database` naming the statement.
    func prepare(_ sql: String) throws -> SQLiteStatement {
        var statement: OpaquePointer?
        let rc = sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard rc == SQLITE_OK, let statement else { throw error(code: rc, sql: sql) }
        return SQLiteStatement(handle: statement, connection: self, sql: sql)
    }

    /// Whether the connection is inside a transaction.
    var isInTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }

    /// Turns a result code into a typed error, with the connection's current message unless one is given.
    func error(code: Int32, message: String? = nil, sql: String) -> StoreError {
        let text = message ?? String(cString: sqlite3_errmsg(handle))
        switch code & 0xff {
        case SQLITE_BUSY, SQLITE_LOCKED: return .busy(database: path, message: text)
        case SQLITE_CONSTRAINT: return .constraint(message: text)
        case SQLITE_CANTOPEN, SQLITE_NOTADB, SQLITE_READONLY, SQLITE_PERM:
            return .cannotOpen(database: path, message: text)
        default: return .database(message: "\(text) (SQLite code \(code))", statement: sql)
        }
    }
}

@available(*, unavailable, message: "a SQLite connection belongs to one thread")
extension SQLiteConnection: Sendable {}
