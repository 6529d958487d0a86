internal import CPostgres
import Foundation  // poll(2)

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
        let result = withParameters(parameters) { count, values, lengths, formats in
            PQexecPrepared(handle, name, count, values, lengths, formats, 1)
        }
        return try check(result, sql: sql)
    }

    // MARK: Pipelining (one round trip for several statements)

    /// Starts a pipeline: the following `send` calls queue statements, `finishPipeline` sends them all and reads
    /// every result. The connection is non-blocking meanwhile, so a large result of an early statement cannot stall
    /// the sending of later ones (libpq's deadlock warning).
    /// - Throws: `StoreError` when the connection cannot enter pipeline mode.
    func beginPipeline() throws {
        guard PQenterPipelineMode(handle) == 1, PQsetnonblocking(handle, 1) == 0 else {
            throw classify(sqlState: nil, message: Self.trimmed(PQerrorMessage(handle)), sql: "(pipeline)")
        }
        pipelined.removeAll(keepingCapacity: true)
        isInPipeline = true
    }

    private var pipelined: [String] = []

    /// Whether statements are queued (between `beginPipeline` and `finishPipeline`).
    private(set) var isInPipeline = false

    /// Queues a statement without parameters (e.g. `BEGIN`).
    func send(_ sql: String) throws {
        guard PQsendQueryParams(handle, sql, 0, nil, nil, nil, nil, 1) == 1 else {
            throw classify(sqlState: nil, message: Self.trimmed(PQerrorMessage(handle)), sql: sql)
        }
        pipelined.append(sql)
    }

    /// Queues a prepared statement; libpq copies the parameters, so they may be reused right away.
    func send(prepared name: String, _ parameters: PGParameters, sql: String) throws {
        let sent = withParameters(parameters) { count, values, lengths, formats in
            PQsendQueryPrepared(handle, name, count, values, lengths, formats, 1)
        }
        guard sent == 1 else { throw classify(sqlState: nil, message: Self.trimmed(PQerrorMessage(handle)), sql: sql) }
        pipelined.append(sql)
    }

    /// Sends the queued statements with a sync, reads one result per statement and leaves pipeline mode.
    /// - Throws: the first statement's error (the later ones were skipped by the server).
    func finishPipeline() throws -> [PGResult] {
        var results: [PGResult] = []
        var firstError: StoreError?
        isInPipeline = false
        defer {
            if !isBroken {
                PQexitPipelineMode(handle)
                PQsetnonblocking(handle, 0)
            }
        }
        guard PQpipelineSync(handle) == 1 else {
            throw classify(sqlState: nil, message: Self.trimmed(PQerrorMessage(handle)), sql: "(pipeline sync)")
        }
        // Push everything out, taking in what the server already answers so that it never waits on us.
        while true {
            let flushed = PQflush(handle)
            if flushed == 0 { break }
            guard flushed == 1 else {
                throw classify(sqlState: nil, message: Self.trimmed(PQerrorMessage(handle)), sql: "(pipeline flush)")
            }
            var descriptor = pollfd(fd: PQsocket(handle), events: Int16(POLLIN | POLLOUT), revents: 0)
            _ = poll(&descriptor, 1, 1000)
            if descriptor.revents & Int16(POLLIN) != 0, PQconsumeInput(handle) == 0 {
                throw classify(sqlState: nil, message: Self.trimmed(PQerrorMessage(handle)), sql: "(pipeline read)")
            }
        }
        PQsetnonblocking(handle, 0)  // now reading may block: the server has everything it needs
        for sql in pipelined {
            guard let result = PQgetResult(handle) else {
                throw classify(sqlState: nil, message: Self.trimmed(PQerrorMessage(handle)), sql: sql)
            }
            do {
                results.append(try check(result, sql: sql))
            } catch let error as StoreError {
                if firstError == nil { firstError = error }
            }
            // Each statement's results end with a NULL.
            while let extra = PQgetResult(handle) { PQclear(extra) }
            if isBroken { break }
        }
        if !isBroken, let sync = PQgetResult(handle) { PQclear(sync) }  // PGRES_PIPELINE_SYNC
        if let firstError { throw firstError }
        if isBroken {
            throw StoreError.connectionLost(server: server, message: Self.trimmed(PQerrorMessage(handle)))
        }
        return results
    }

    private func withParameters<T>(_ parameters: PGParameters,
                                   _ body: (Int32, [UnsafePointer<CChar>?], UnsafePointer<Int32>?, [Int32]) -> T) -> T {
        let n = parameters.count
        if formats.count < n { formats = [Int32](repeating: 1, count: n) }
        return parameters.bytes.withUnsafeBufferPointer { buffer in
            pointers.removeAll(keepingCapacity: true)
            if let base = buffer.baseAddress {
                base.withMemoryRebound(to: CChar.self, capacity: buffer.count) { chars in
                    for offset in parameters.offsets { pointers.append(chars + offset) }
                }
            } else {
                for _ in 0..<n { pointers.append("") }
            }
            return parameters.lengths.withUnsafeBufferPointer { lengths in
                body(Int32(n), pointers, lengths.baseAddress, formats)
            }
        }
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
