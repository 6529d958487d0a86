import Foundation

/// A Tansu broker process (Kafka-compatible, memory storage) on a loopback port: for tests and `bench`.
///
/// Tansu keeps its data in memory, so every broker starts empty. Not thread-safe: one owner stops it.
public final class TansuServer {
    /// The loopback port it listens on.
    public let port: Int
    /// The bootstrap string for clients: `127.0.0.1:PORT`.
    public var bootstrap: String { "127.0.0.1:\(port)" }
    private let server: LocalServer
    private let directory: URL

    /// Starts a broker on a free port and waits until it accepts connections.
    /// - Parameter executable: the `tansu` binary; found with `locateExecutable()` when nil.
    /// - Throws: `ChildProcessError` naming the broker and why it could not start.
    public init(executable: URL? = nil, timeout: Duration = .seconds(20)) throws {
        guard let exe = executable ?? TansuServer.locateExecutable() else {
            throw ChildProcessError("Tansu broker could not start: no tansu binary found "
                + "(set TENANTSYNC_TANSU, or run `make deps` to install .deps/prefix/bin/tansu)")
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tansu-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let port = try Network.freeLoopbackPort()
        let url = "tcp://127.0.0.1:\(port)"
        var environment = ProcessInfo.processInfo.environment
        environment["RUST_LOG"] = environment["TANSU_LOG"] ?? "warn"
        do {
            let server = try LocalServer(
                name: "Tansu broker on 127.0.0.1:\(port)", executable: exe,
                arguments: ["broker", "--listener-url", url, "--advertised-listener-url", url,
                            "--storage-engine", "memory://tansu/"],
                logURL: dir.appendingPathComponent("tansu.log"), environment: environment)
            try server.waitUntilReady(timeout: timeout) { Network.canConnect(port: port) }
            self.server = server
        } catch {
            try? FileManager.default.removeItem(at: dir)
            throw error
        }
        self.port = port
        self.directory = dir
    }

    /// Stops the broker and removes its folder.
    public func stop() {
        server.stop(grace: 2)
        try? FileManager.default.removeItem(at: directory)
    }

    /// The broker's recent output.
    public func logTail() -> String { server.logTail() }

    /// `TENANTSYNC_TANSU`, else `.deps/prefix/bin/tansu` in the nearest folder above the running executable that
    /// has one (the checkout that built it).
    public static func locateExecutable() -> URL? {
        if let path = ProcessInfo.processInfo.environment["TENANTSYNC_TANSU"], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<8 {
            let candidate = dir.appendingPathComponent(".deps/prefix/bin/tansu")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return nil
    }
}
