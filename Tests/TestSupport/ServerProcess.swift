import Foundation
import Support

/// A server started by a fixture, its output going to a log file that error messages quote.
final class ServerProcess: @unchecked Sendable {  // Owned by one fixture; its methods are called from one test.
    let name: String
    let child: ChildProcess
    let logURL: URL

    init(name: String, executable: URL, arguments: [String], logURL: URL, environment: [String: String]? = nil) throws {
        self.name = name
        self.logURL = logURL
        guard FileManager.default.isExecutableFile(atPath: executable.path) else {
            throw FixtureError("\(name) could not start: \(executable.path) is missing or not executable (run `make deps`)")
        }
        do {
            child = try ChildProcess(executable: executable.path, arguments: arguments, environment: environment,
                                     outputPath: logURL.path)
        } catch {
            throw FixtureError("\(name) could not start: \(error)")
        }
    }

    /// The last lines of the server's output, for error messages.
    func logTail(_ lines: Int = 15) -> String {
        guard let text = try? String(contentsOf: logURL, encoding: .utf8) else { return "(no output)" }
        let tail = text.split(separator: "\n").suffix(lines).joined(separator: "\n")
        return tail.isEmpty ? "(no output)" : tail
    }

    /// Waits until `ready()` is true; throws naming the server if it exits or the deadline passes first.
    func waitUntilReady(timeout: Duration, _ ready: () -> Bool) throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if ready() { return }
            if let status = child.terminationStatus {
                throw FixtureError("\(name) could not start: exited with status \(status)\n\(logTail())")
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        terminate()
        throw FixtureError("\(name) could not start: not ready after \(timeout)\n\(logTail())")
    }

    /// Stops the server: SIGTERM, then SIGKILL after a grace period.
    func terminate(grace: TimeInterval = 5) { child.terminate(grace: grace) }

    deinit { child.terminate(grace: 1) }
}
