import Foundation

/// A server process started for tests, benchmarks or the embedded default, its output going to a log file that
/// error messages quote.
///
/// Not thread-safe: one owner starts, waits for and stops it.
public final class LocalServer {
    /// The server's name in messages, e.g. `Tansu broker on 127.0.0.1:9092`.
    public let name: String
    /// Where its standard output and standard error go.
    public let logURL: URL
    private let child: ChildProcess

    /// Starts `executable`.
    /// - Throws: `ChildProcessError` naming the server when the executable is missing or cannot start.
    public init(name: String, executable: URL, arguments: [String], logURL: URL,
                environment: [String: String]? = nil) throws {
        self.name = name
        self.logURL = logURL
        guard FileManager.default.isExecutableFile(atPath: executable.path) else {
            throw ChildProcessError("\(name) could not start: \(executable.path) is missing or not executable "
                + "(run `make deps`)")
        }
        do {
            child = try ChildProcess(executable: executable.path, arguments: arguments, environment: environment,
                                     outputPath: logURL.path)
        } catch {
            throw ChildProcessError("\(name) could not start: \(error)")
        }
    }

    /// The last lines of the server's output.
    public func logTail(_ lines: Int = 15) -> String {
        guard let text = try? String(contentsOf: logURL, encoding: .utf8) else { return "(no output)" }
        let tail = text.split(separator: "\n").suffix(lines).joined(separator: "\n")
        return tail.isEmpty ? "(no output)" : tail
    }

    /// Waits until `ready()` is true.
    /// - Throws: `ChildProcessError` naming the server if it exits or the deadline passes first (it is then stopped).
    public func waitUntilReady(timeout: Duration, _ ready: () -> Bool) throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if ready() { return }
            if let status = child.terminationStatus {
                throw ChildProcessError("\(name) could not start: exited with status \(status)\n\(logTail())")
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        stop()
        throw ChildProcessError("\(name) could not start: not ready after \(timeout)\n\(logTail())")
    }

    /// Stops the server: SIGTERM, then SIGKILL after `grace` seconds.
    public func stop(grace: TimeInterval = 5) { child.terminate(grace: grace) }

    deinit { child.terminate(grace: 1) }
}
