internal import CPostgres

/// The benchmark's baseline: the same target-user upserts as `PostgresStore`, written with direct `PQ*` calls (no
/// wrapper classes): the same schema (the store migrates it first), the same SQL with binary array parameters and the
/// same affected-rows check, one transaction per batch.
enum PostgresRawLoop {
    /// Runs SQL on a fresh connection (the benchmark's set-up and clean-up).
    static func execute(url: String, _ sql: String) throws {
        guard let conn = PQconnectdb(url), PQstatus(conn) == CONNECTION_OK else {
            throw StoreError.unreachable(server: PGConnection.server(of: url), message: "raw loop: connect failed")
        }
        defer { PQfinish(conn) }
        PQsetNoticeProcessor(conn, { _, _ in }, nil)  // DROP ... CASCADE notices are not news to the bench's reader
        let result = PQexec(conn, sql)
        defer { PQclear(result) }
        let status = PQresultStatus(result)
        guard status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK else {
            throw StoreError.database(message: String(cString: PQerrorMessage(conn)), statement: sql)
        }
    }

    /// Writes `batches` into `target_users` (the schema exists), one transaction each; returns the seconds.
    static func run(url: String, batches: [[TargetUserRecord]]) throws -> Double {
        guard let conn = PQconnectdb(url), PQstatus(conn) == CONNECTION_OK else {
            throw StoreError.unreachable(server: PGConnection.server(of: url), message: "raw loop: connect failed")
        }
        defer { PQfinish(conn) }
        func check(_ result: OpaquePointer?, _ what: String) throws {
            defer { PQclear(result) }
            guard PQresultStatus(result) == PGRES_COMMAND_OK else {
                throw StoreError.database(message: String(cString: PQerrorMessage(conn)), statement: what)
            }
        }
        try check(PQprepare(conn, "raw_upsert", PostgresStatement.upsertTargetUsersSQL, 0, nil), "prepare")

        var buffer: [UInt8] = []
        buffer.reserveCapacity(1 << 20)
        var offsets = [Int](repeating: 0, count: 8)
        var lengths = [Int32](repeating: 0, count: 8)
        let formats = [Int32](repeating: 1, count: 8)
        func int32(_ v: Int32) { withUnsafeBytes(of: v.bigEndian) { buffer.append(contentsOf: $0) } }
        func header(_ column: Int, oid: Int32, count: Int, nulls: Bool = false) {
            offsets[column] = buffer.count
            int32(1); int32(nulls ? 1 : 0); int32(oid); int32(Int32(count)); int32(1)
        }
        func text(_ s: String) {
            int32(Int32(s.utf8.count))
            buffer.append(contentsOf: s.utf8)
        }
        func end(_ column: Int) { lengths[column] = Int32(buffer.count - offsets[column]) }

        return try StoreBenchmark.time {
            for batch in batches {
                buffer.removeAll(keepingCapacity: true)
                let n = batch.count
                header(0, oid: 25, count: n); for u in batch { text(u.targetTenant) }; end(0)
                header(1, oid: 25, count: n); for u in batch { text(u.id) }; end(1)
                header(2, oid: 25, count: n); for u in batch { text(u.sourceTenant) }; end(2)
                header(3, oid: 25, count: n); for u in batch { text(u.sourceUserId) }; end(3)
                header(4, oid: 25, count: n); for u in batch { text(u.userPrincipalName) }; end(4)
                header(5, oid: 16, count: n); for u in batch { int32(1); buffer.append(u.isSoftDeleted ? 1 : 0) }; end(5)
                header(6, oid: 20, count: n, nulls: batch.contains { $0.softDeletedAt == nil })
                for u in batch {
                    if let at = u.softDeletedAt {
                        int32(8)
                        withUnsafeBytes(of: at.bigEndian) { buffer.append(contentsOf: $0) }
                    } else {
                        int32(-1)
                    }
                }
                end(6)
                header(7, oid: 17, count: n); for u in batch { int32(Int32(u.body.count)); buffer.append(contentsOf: u.body) }; end(7)

                try check(PQexec(conn, "BEGIN"), "BEGIN")
                let result: OpaquePointer? = buffer.withUnsafeBufferPointer { raw in
                    raw.baseAddress!.withMemoryRebound(to: CChar.self, capacity: raw.count) { base in
                        let values: [UnsafePointer<CChar>?] = offsets.map { UnsafePointer(base + $0) }
                        return PQexecPrepared(conn, "raw_upsert", 8, values, lengths, formats, 1)
                    }
                }
                let affected = PQcmdTuples(result).flatMap { Int(String(cString: $0)) } ?? 0
                try check(result, "raw upsert")
                guard affected == n else {
                    throw StoreError.constraint(message: "raw upsert: \(affected) of \(n) target users changed")
                }
                try check(PQexec(conn, "COMMIT"), "COMMIT")
            }
        }
    }
}
