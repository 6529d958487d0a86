import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A child process started with `posix_spawn`, its output appended to a file.
///
/// Used instead of Foundation's `Process` for servers and tools that leave daemons behind (`pg_ctl start`): on
/// Linux, `Process.waitUntilExit` can wait for descendants that inherited its bookkeeping descriptors. Not
/// thread-safe: one owner calls `wait`, `poll` and `signal`.
public final class ChildProcess {
    /// The process id.
    public let pid: pid_t
    /// The command, for messages.
    public let commandLine: String
    private var exitStatus: Int32?

    /// Starts `executable` with `arguments`.
    /// - Parameters:
    ///   - environment: the whole environment of the child; the parent's when nil.
    ///   - outputPath: a file that receives standard output and standard error (appended); /dev/null when nil.
    /// - Throws: `ChildProcessError` when the program cannot be started.
    public init(executable: String, arguments: [String], environment: [String: String]? = nil,
                outputPath: String? = nil) throws {
        commandLine = ([executable] + arguments).joined(separator: " ")
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath ?? "/dev/null", O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        Self.closeOnExec()
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let env = environment ?? ProcessInfo.processInfo.environment
        let envp = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { envp.forEach { free($0) } }
        var child: pid_t = 0
        let rc = posix_spawn(&child, executable, &actions, nil, argv, envp)
        guard rc == 0 else {
            throw ChildProcessError("cannot start \(executable): \(String(cString: strerror(rc)))")
        }
        pid = child
    }

    /// Marks every descriptor above standard error close-on-exec, so a child inherits none of them: one a library
    /// opened without the flag (a socket librdkafka's mock broker accepted, say) kept open in a child would keep that
    /// connection, or the port, alive after the parent closed it.
    private static func closeOnExec() {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd") else { return }
        for entry in entries {
            guard let fd = Int32(entry), fd > 2 else { continue }
            let flags = fcntl(fd, F_GETFD)
            if flags >= 0 && flags & FD_CLOEXEC == 0 { _ = fcntl(fd, F_SETFD, flags | FD_CLOEXEC) }
        }
    }

    /// Whether the process is still running (reaps it when it has exited).
    public var isRunning: Bool {
        if exitStatus != nil { return false }
        var status: Int32 = 0
        let r = waitpid(pid, &status, WNOHANG)
        if r == pid { exitStatus = Self.decode(status); return false }
        return r == 0
    }

    /// Waits for the process to exit and returns its exit code (128 + signal when killed by a signal).
    @discardableResult
    public func wait() -> Int32 {
        if let exitStatus { return exitStatus }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let code = Self.decode(status)
        exitStatus = code
        return code
    }

    /// The exit code once the process has exited, nil while it runs.
    public var terminationStatus: Int32? { _ = isRunning; return exitStatus }

    /// Sends a signal (SIGTERM, SIGKILL...).
    public func signal(_ sig: Int32) {
        if exitStatus == nil { kill(pid, sig) }
    }

    /// SIGTERM, then SIGKILL if the process has not exited after `grace` seconds; waits for it.
    public func terminate(grace: TimeInterval = 5) {
        guard isRunning else { return }
        signal(SIGTERM)
        let deadline = Date().addingTimeInterval(grace)
        while isRunning && Date() < deadline { usleep(10_000) }
        if isRunning { signal(SIGKILL) }
        wait()
    }

    /// Runs a program to completion and returns its exit code; output goes to `outputPath`.
    public static func run(_ executable: String, _ arguments: [String], outputPath: String? = nil) throws -> Int32 {
        try ChildProcess(executable: executable, arguments: arguments, outputPath: outputPath).wait()
    }

    private static func decode(_ status: Int32) -> Int32 {
        let sig = status & 0x7f
        return sig == 0 ? (status >> 8) & 0xff : 128 + sig
    }
}

/// A child process that could not be started.
public struct ChildProcessError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
