internal import CSQLite
import Foundation

/// The benchmark's baseline: the same target-user upserts as `SQLiteStore`, written with direct `sqlite3_*` calls
/// (no wrapper classes): same schema (the store migrates the file first), same pragmas, same SQL and changed-row
/// check, same transactions.
enum SQLiteRawLoop {
    /// Writes `batches` into the (already migrated) database at `path`, one transaction each, and closes it (the
    /// last connection's close checkpoints the WAL, as the store's does); returns the seconds, the close included.
    static func run(path: String, batches: [[TargetUserRecord]]) throws -> Double {
        var db: OpaquePointer?
        guard sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nil) == SQLITE_OK, let db else {
            throw StoreError.cannotOpen(database: path, message: "raw loop: open failed")
        }
        sqlite3_busy_timeout(db, 5000)
        sqlite3_exec(db, "PRAGMA journal_mode = WAL; " + SQLiteStore.pragmas, nil, nil, nil)
        var statement: OpaquePointer?
        guard sqlite3_prepare_v3(db, SQLiteStore.Statements.upsertTargetUserSQL, -1, UInt32(SQLITE_PREPARE_PERSISTENT),
                                 &statement, nil) == SQLITE_OK, let statement else {
            throw StoreError.database(message: String(cString: sqlite3_errmsg(db)), statement: "raw upsert")
        }
        var begin: OpaquePointer?
        var commit: OpaquePointer?
        sqlite3_prepare_v2(db, "BEGIN IMMEDIATE", -1, &begin, nil)
        sqlite3_prepare_v2(db, "COMMIT", -1, &commit, nil)
        var open = true
        func close() {
            guard open else { return }
            open = false
            sqlite3_finalize(statement)
            sqlite3_finalize(begin)
            sqlite3_finalize(commit)
            sqlite3_close_v2(db)
        }
        defer { close() }  // after a failure
        let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
        func bindText(_ index: Int32, _ text: String) {
            var text = text
            text.withUTF8 { utf8 in
                utf8.withMemoryRebound(to: CChar.self) {
                    _ = sqlite3_bind_text(statement, index, $0.baseAddress, Int32($0.count), transient)
                }
            }
        }
        return try StoreBenchmark.time {
            for batch in batches {
                sqlite3_step(begin)
                sqlite3_reset(begin)
                for user in batch {
                    bindText(1, user.targetTenant)
                    bindText(2, user.id)
                    bindText(3, user.sourceTenant)
                    bindText(4, user.sourceUserId)
                    bindText(5, user.userPrincipalName)
                    sqlite3_bind_int64(statement, 6, user.isSoftDeleted ? 1 : 0)
                    if let at = user.softDeletedAt { sqlite3_bind_int64(statement, 7, at) } else { sqlite3_bind_null(statement, 7) }
                    let rc = user.body.withUnsafeBytes { body in
                        sqlite3_bind_blob(statement, 8, body.baseAddress, Int32(body.count), nil)
                        defer { sqlite3_reset(statement) }
                        return sqlite3_step(statement)
                    }
                    guard rc == SQLITE_DONE else {
                        throw StoreError.database(message: String(cString: sqlite3_errmsg(db)), statement: "raw upsert")
                    }
                    guard sqlite3_changes(db) == 1 else { throw StoreError.anchorIdMismatch(user) }
                }
                guard sqlite3_step(commit) == SQLITE_DONE else {
                    throw StoreError.database(message: String(cString: sqlite3_errmsg(db)), statement: "COMMIT")
                }
                sqlite3_reset(commit)
            }
            close()
        }
    }
}
