import Foundation
import Support

/// Pauses and resumes a Tansu broker process (SIGSTOP / SIGCONT): the broker stops answering, as if down, and comes
/// back with its memory intact. Found by its unique listener port in /proc.
public enum BrokerProcess {
    /// The process id of the Tansu broker listening on `port`, if any.
    public static func pid(listeningOn port: Int) -> pid_t? {
        let needle = "tcp://127.0.0.1:\(port)"
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        for entry in entries {
            guard let pid = pid_t(entry),
                  let data = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline") else { continue }
            let args = data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
            if args.first?.hasSuffix("tansu") == true, args.contains(needle) { return pid }
        }
        return nil
    }

    /// Freezes the broker on `port`.
    /// - Throws: `FixtureError` if no such broker runs.
    public static func pause(port: Int) throws {
        guard let pid = pid(listeningOn: port) else { throw FixtureError("no Tansu broker on port \(port)") }
        kill(pid, SIGSTOP)
    }

    /// Lets the broker on `port` run again.
    public static func resume(port: Int) throws {
        guard let pid = pid(listeningOn: port) else { throw FixtureError("no Tansu broker on port \(port)") }
        kill(pid, SIGCONT)
    }
}
