internal import CPostgres

/// Owns one `PGconn*`: connected in `init`, closed with `PQfinish` in `deinit`.
///
/// Not thread-safe and deliberately not `Sendable`: libpq allows one thread at a time per connection. Every statement
/// sends binary parameters and asks for binary results.
final class PGConnection {
    private let handle: OpaquePointer
    /// `host:port` as libpq resolved them, for messages.
    let server: String
    private var formats: [Int32] = []
    private var pointers: [UnsafePointer<CChar>?] = []

    /// Connects.
    /// - Throws: `StoreError.unreachable` naming host, port and libpq's message.
    init(url: String) throws {
        guard let conn = PQconnectdb(url) else {
            throw StoreError.unreachable(server: Self.server(of: url), message: "out of memory")
        }
        guard PQstatus(conn) == CONNECTION_OK else {
            let message = Self.trimmed(PQerrorMessage(conn))
            PQfinish(conn)
            throw StoreError.unreachable(server: Self.server(of: url), message: message)
        }
        handle = conn
        let host = PQhost(conn).map { String(cString: $0) } ?? "?"
        let port = PQport(conn).map { String(cString: $0) } ?? "?"
        server = "\(host):\(port)"
        // Warnings (NOTICE) go nowhere: the store logs what matters itself.
        PQsetNoticeProcessor(conn, { _, _ in }, nil)
    }

    deinit { PQfinish(handle) }

    /// Whether libpq saw the connection break.
    var isBroken: Bool { PQstatus(handle) != CONNECTION_OK }

    /// `host:port` from a connection string, through libpq's own parser (defaults: `localhost:5432`).
    static func server(of url: String) -> String {
        var host = "localhost"
        var port = "5432"
        if let options = PQconninfoParse(url, nil) {
            defer { PQconninfoFree(options) }
            var p = options
            while let keyword = p.pointee.keyword {
                let key = String(cString: keyword)
                if let value = p.pointee.val.map({ String(cString: $0) }), !value.isEmpty {
                    if key == "host" || (key == "hostaddr" && host == "localhost") { host = value }
                    if key == "port" { port = value }
                }
                p += 1
            }
        }
        return "\(host):\(port)"
    }

    /// Runs SQL text without parameters (may hold several statements).
    /// - Throws: `StoreError` (`.connectionLost` when the connection broke).
    @discardableResult
    func execute(_ sql: String) throws -> PGResult {
        try check(PQexec(handle, sql), sql: sql)
    }

    /// Prepares a named statement on this connection.
    /// - Throws: `StoreError` naming the statement.
    func prepare(_ name: String, _ sql: String) throws {
        _ = try check(PQprepare(handle, name, sql, 0, nil), sql: sql)
    }

    /// Runs a prepared statement with binary parameters; results come back in binary.
    /// - Throws: `StoreError` (`.connectionLost` when the connection broke, `.constraint` for SQLSTATE class 23).
    @discardableResult
    func execute(prepared name: String, _ parameters: PGParameters, sql: String) throws -> PGResult {
        let n = parameters.count
        if formats.count < n { formats = [Int32](repeating: 1, count: n) }
        let result: OpaquePointer? = parameters.bytes.withUnsafeBufferPointer { buffer in
            pointers.removeAll(keepingCapacity: true)
            if let base = buffer.baseAddress {
                base.withMemoryRebound(to: CChar.self, capacity: buffer.count) { chars in
                    for offset in parameters.offsets { pointers.append(chars + offset) }
                }
            } else {
                for _ in 0..<n { pointers.append("") }
            }
            return parameters.lengths.withUnsafeBufferPointer { lengths in
                PQexecPrepared(handle, name, Int32(n), pointers, lengths.baseAddress, formats, 1)
            }
        }
        return try check(result, sql: sql)
    }

    private func check(_ result: OpaquePointer?, sql: String) throws -> PGResult {
        guard let result else {
            throw classify(sqlState: nil, message: Self.trimmed(PQerrorMessage(handle)), sql: sql)
        }
        let owned = PGResult(handle: result)
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK:
            return owned
        default:
            let state = PQresultErrorField(result, Int32(UInt8(ascii: "C"))).map { String(cString: $0) }
            let message = PQresultErrorMessage(result).map { Self.trimmed($0) } ?? Self.trimmed(PQerrorMessage(handle))
            throw classify(sqlState: state, message: message, sql: sql)
        }
    }

    private func classify(sqlState: String?, message: String, sql: String) -> StoreError {
        // Class 08 (connection exception) and 57P0x (shutdown, crash, cannot connect now) mean the server went away.
        if isBroken || sqlState?.hasPrefix("08") == true || sqlState?.hasPrefix("57P0") == true {
            return .connectionLost(server: server, message: message)
        }
        if sqlState?.hasPrefix("23") == true { return .constraint(message: message) }
        return .database(message: "\(message)\(sqlState.map { " (SQLSTATE \($0))" } ?? "")", statement: sql)
    }

    private static func trimmed(_ text: UnsafePointer<CChar>?) -> String {
        guard let text else { return "unknown error" }
        return String(cString: text).trimmingCharacters(in: [" ", "\n"])
    }
}

@available(*, unavailable, message: "a PostgreSQL connection belongs to one thread")
extension PGConnection: Sendable {}

private extension String {
    func trimmingCharacters(in set: Set<Character>) -> String {
        var s = Substring(self)
        while let c = s.first, set.contains(c) { s.removeFirst() }
        while let c = s.last, set.contains(c) { s.removeLast() }
        return String(s)
    }
}
