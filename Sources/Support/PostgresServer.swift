import Foundation

/// A throwaway PostgreSQL server: `initdb` into a temporary folder, listening on a free loopback port (tests and
/// `bench --stage store`).
///
/// PostgreSQL refuses to run as root, so when the tests run as root the server runs as the `postgres` system user
/// (created by Debian's `postgresql` package) through `runuser`. Use `withPostgresServer { pg in ... }`: the server
/// is stopped and its folder removed when the body returns or throws. `restart()` and `stop()`/`start()` let tests
/// take the server away between batches.
public final class PostgresServer: @unchecked Sendable {  // Used from one test at a time; not shared across tasks.
    /// The loopback port.
    public let port: Int
    /// A libpq connection URL for the superuser `postgres` and database `postgres`.
    public var url: String { "postgres://postgres@127.0.0.1:\(port)/postgres" }

    private let directory: URL
    private let binDir: URL
    private var dataDir: URL { directory.appendingPathComponent("data") }
    private var logFile: URL { directory.appendingPathComponent("postgres.log") }

    private init(port: Int, directory: URL, binDir: URL) {
        self.port = port
        self.directory = directory
        self.binDir = binDir
    }

    /// Creates a cluster and starts it.
    /// - Throws: `ChildProcessError` saying why the server could not start (no binaries, initdb failed, start failed).
    public static func start() throws -> PostgresServer {
        let bin = try findBinDir()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("postgres-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let server = PostgresServer(port: try Network.freeLoopbackPort(), directory: dir, binDir: bin)
        do {
            if getuid() == 0 {
                try run("/usr/bin/chown", ["-R", "postgres:postgres", dir.path], what: "chown of the data folder")
            }
            try server.asServerUser(bin.appendingPathComponent("initdb"),
                                    ["-D", server.dataDir.path, "-U", "postgres", "-A", "trust", "-E", "UTF8",
                                     "--locale=C", "--no-sync"], what: "initdb")
            try server.startServer()
            return server
        } catch {
            try? FileManager.default.removeItem(at: dir)
            throw error
        }
    }

    /// Starts the (stopped) server again on the same port and data.
    public func startServer() throws {
        let options = "-p \(port) -k \(directory.path) -c listen_addresses=127.0.0.1 -c fsync=off "
            + "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
        try asServerUser(binDir.appendingPathComponent("pg_ctl"),
                         ["-D", dataDir.path, "-o", options, "-l", logFile.path, "-w", "-t", "30", "start"],
                         what: "pg_ctl start")
    }

    /// Stops the server now (`-m fast`), keeping its data.
    public func stopServer() throws {
        try asServerUser(binDir.appendingPathComponent("pg_ctl"), ["-D", dataDir.path, "-m", "fast", "-w", "stop"],
                         what: "pg_ctl stop")
    }

    /// Stops the server and removes its folder.
    public func stop() {
        try? asServerUser(binDir.appendingPathComponent("pg_ctl"), ["-D", dataDir.path, "-m", "immediate", "-w", "stop"],
                          what: "pg_ctl stop")
        try? FileManager.default.removeItem(at: directory)
    }

    /// The server's recent log, for diagnosing a failed test.
    public func logTail() -> String {
        (try? String(contentsOf: logFile, encoding: .utf8))
            .map { $0.split(separator: "\n").suffix(15).joined(separator: "\n") } ?? "(no log)"
    }

    private func asServerUser(_ tool: URL, _ arguments: [String], what: String) throws {
        do {
            if getuid() == 0 {
                try Self.run("/usr/sbin/runuser", ["-u", "postgres", "--", tool.path] + arguments, what: what)
            } else {
                try Self.run(tool.path, arguments, what: what)
            }
        } catch let error as ChildProcessError {
            throw ChildProcessError("PostgreSQL server on 127.0.0.1:\(port) could not start: \(error.description)\n\(logTail())")
        }
    }

    private static func findBinDir() throws -> URL {
        let base = URL(fileURLWithPath: "/usr/lib/postgresql")
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: base.path)) ?? []
        let sorted = versions.compactMap { v in Int(v).map { ($0, v) } }.sorted { $0.0 > $1.0 }
        for (_, v) in sorted {
            let bin = base.appendingPathComponent(v).appendingPathComponent("bin")
            if FileManager.default.isExecutableFile(atPath: bin.appendingPathComponent("initdb").path) { return bin }
        }
        throw ChildProcessError("PostgreSQL server could not start: no initdb under /usr/lib/postgresql/*/bin "
            + "(run `make deps`, which installs Debian's postgresql package)")
    }

    @discardableResult
    static func run(_ path: String, _ arguments: [String], what: String) throws -> String {
        let outputPath = FileManager.default.temporaryDirectory.appendingPathComponent("pgfixture-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: outputPath) }
        let status: Int32
        do {
            status = try ChildProcess.run(path, arguments, outputPath: outputPath)
        } catch {
            throw ChildProcessError("\(what): \(error)")
        }
        let text = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        guard status == 0 else { throw ChildProcessError("\(what) failed with status \(status): \(text)") }
        return text
    }
}
