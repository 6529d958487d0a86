import Foundation
import Support
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// Real `tenantsync worker` processes of one consumer group, each restartable under the same name, their output
/// appended to one log file per worker.
final class WorkerFleet {
    let executable = ProjectPaths.tenantsyncExecutable.path
    let bootstrap: String
    let store: String
    let group: String
    let directory: URL
    private(set) var processes: [ChildProcess?]
    /// SIGKILLs sent, and restarts after them.
    private(set) var kills = 0

    init(size: Int, bootstrap: String, store: String, group: String, directory: URL) {
        self.bootstrap = bootstrap
        self.store = store
        self.group = group
        self.directory = directory
        processes = Array(repeating: nil, count: size)
    }

    func logPath(_ index: Int) -> String { directory.appendingPathComponent("worker-\(index).log").path }

    /// Starts (or restarts) worker `index`. A crash prints Swift's backtrace into the worker's log.
    func start(_ index: Int) throws {
        var environment = ProcessInfo.processInfo.environment
        environment["SWIFT_BACKTRACE"] = "enable=yes,interactive=no,color=no"
        processes[index] = try ChildProcess(
            executable: executable,
            arguments: ["worker", "--bootstrap", bootstrap, "--store", store, "--group", group, "--name", "fleet-\(index)",
                        "--session-timeout", "3000", "--processing-time", "occurred-at", "--log-level", "notice"],
            environment: environment, outputPath: logPath(index))
    }

    func startAll() throws { for i in processes.indices { try start(i) } }

    /// SIGKILLs worker `index` (no chance to finish, publish or commit), reaps it, and starts a new one in its place.
    func killAndRestart(_ index: Int) throws {
        if let process = processes[index] {
            process.signal(SIGKILL)
            process.wait()
            kills += 1
        }
        try start(index)
    }

    /// Workers that exited on their own (a crash or a fatal error), with their exit codes.
    func exited() -> [(index: Int, status: Int32)] {
        processes.enumerated().compactMap { i, p in p.flatMap { $0.terminationStatus }.map { (i, $0) } }
    }

    /// SIGTERM to every worker; returns the exit codes, nil for one still running after `timeout` (then killed).
    func stopAll(timeout: TimeInterval) -> [Int32?] {
        for p in processes { p?.signal(SIGTERM) }
        let deadline = Date().addingTimeInterval(timeout)
        while processes.contains(where: { $0?.isRunning == true }) && Date() < deadline { usleep(20_000) }
        return processes.map { p in
            guard let p else { return nil }
            if p.isRunning {
                p.signal(SIGKILL)
                p.wait()
                return nil
            }
            return p.terminationStatus
        }
    }

    /// The last lines of every worker's log, for a failure message.
    func logTails(lines: Int = 8) -> String {
        processes.indices.map { i in
            let text = (try? String(contentsOfFile: logPath(i), encoding: .utf8)) ?? ""
            return "worker-\(i):\n" + text.split(separator: "\n").suffix(lines).joined(separator: "\n")
        }.joined(separator: "\n")
    }
}
