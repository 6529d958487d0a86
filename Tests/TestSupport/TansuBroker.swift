import Foundation

/// A real Kafka-compatible broker process (Tansu, memory storage) on a free loopback port.
///
/// Start it with `withTansuBroker { broker in ... }`: the broker is stopped when the body returns or throws.
/// Tansu keeps its data in memory, so every broker starts empty.
public final class TansuBroker: @unchecked Sendable {  // Immutable after start; `server` is touched by stop() only.
    /// The loopback port it listens on.
    public let port: Int
    /// The bootstrap string for clients: `127.0.0.1:PORT`.
    public var bootstrap: String { "127.0.0.1:\(port)" }
    private let server: ServerProcess
    private let directory: URL

    private init(port: Int, server: ServerProcess, directory: URL) {
        self.port = port
        self.server = server
        self.directory = directory
    }

    /// Starts a broker and waits until it accepts connections.
    /// - Throws: `FixtureError` naming the broker and the reason (missing binary, early exit, timeout).
    public static func start(timeout: Duration = .seconds(20)) throws -> TansuBroker {
        let executable = ProjectPaths.prefix.appendingPathComponent("bin/tansu")
        let dir = try makeTemporaryDirectory("tansu")
        let port = try Network.freeLoopbackPort()
        let url = "tcp://127.0.0.1:\(port)"
        var environment = ProcessInfo.processInfo.environment
        environment["RUST_LOG"] = environment["TANSU_LOG"] ?? "warn"
        do {
            let server = try ServerProcess(
                name: "Tansu broker on 127.0.0.1:\(port)", executable: executable,
                arguments: ["broker", "--listener-url", url, "--advertised-listener-url", url,
                            "--storage-engine", "memory://tansu/"],
                logURL: dir.appendingPathComponent("tansu.log"), environment: environment)
            try server.waitUntilReady(timeout: timeout) { Network.canConnect(port: port) }
            return TansuBroker(port: port, server: server, directory: dir)
        } catch {
            try? FileManager.default.removeItem(at: dir)
            throw error
        }
    }

    /// Stops the broker and removes its folder.
    public func stop() {
        server.terminate()
        try? FileManager.default.removeItem(at: directory)
    }

    /// The broker's recent output, for diagnosing a failed test.
    public func logTail() -> String { server.logTail() }
}

/// Runs `body` with a fresh Tansu broker, stopped afterwards whatever happens.
public func withTansuBroker<T>(_ body: (TansuBroker) async throws -> T) async throws -> T {
    let broker = try TansuBroker.start()
    defer { broker.stop() }
    return try await body(broker)
}
