import Foundation
import Synchronization

/// A small structured logger in the shape of swift-log: a level, metadata, lazily built messages.
///
/// Writes one JSON object per line to a sink (standard error by default). A `Logger` is a value: copy it and add
/// metadata for a scope (`logger[metadataKey: "partition"] = "3"`). Libraries take a logger in `init` and never make
/// their own. Thread-safe: the sink serializes writes with a lock.
public struct Logger: Sendable {
    /// Severity, lowest first.
    public enum Level: Int, Sendable, Comparable, CaseIterable {
        case trace, debug, info, notice, warning, error, critical

        /// The lower-case name used in output and in `--log-level`.
        public var name: String {
            switch self {
            case .trace: "trace"
            case .debug: "debug"
            case .info: "info"
            case .notice: "notice"
            case .warning: "warning"
            case .error: "error"
            case .critical: "critical"
            }
        }

        /// Parses a level name; nil when unknown.
        public init?(name: String) {
            guard let level = Level.allCases.first(where: { $0.name == name.lowercased() }) else { return nil }
            self = level
        }

        public static func < (a: Level, b: Level) -> Bool { a.rawValue < b.rawValue }
    }

    /// Where log lines go.
    public final class Sink: Sendable {
        private let write: @Sendable (String) -> Void
        private let lock = Mutex(())

        /// A sink that calls `write` with each complete line (without the newline), one at a time.
        public init(_ write: @escaping @Sendable (String) -> Void) { self.write = write }

        /// Standard error, unbuffered.
        public static let standardError = Sink { line in
            FileHandle.standardError.write(Data((line + "\n").utf8))
        }

        /// Discards everything.
        public static let discard = Sink { _ in }

        func emit(_ line: String) { lock.withLock { _ in write(line) } }
    }

    /// The label of the component that logs (`worker`, `kafka`, `store`...).
    public var label: String
    /// Messages below this level are not built and not written.
    public var logLevel: Level
    /// Key-value pairs added to every line.
    public var metadata: [String: String]
    private let sink: Sink

    /// Creates a logger.
    /// - Parameters:
    ///   - label: the component name written as `"logger"`.
    ///   - level: the lowest level written.
    ///   - sink: where lines go; standard error by default.
    public init(label: String, level: Level = .info, sink: Sink = .standardError) {
        self.label = label
        self.logLevel = level
        self.metadata = [:]
        self.sink = sink
    }

    /// Metadata for one key.
    public subscript(metadataKey key: String) -> String? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// A copy with another label, keeping level, metadata and sink.
    public func labeled(_ label: String) -> Logger {
        var copy = self
        copy.label = label
        return copy
    }

    /// Writes a line if `level` is enabled; `message` is only evaluated then.
    public func log(_ level: Level, _ message: @autoclosure () -> String, metadata extra: [String: String] = [:]) {
        guard level >= logLevel else { return }
        var fields = metadata
        for (k, v) in extra { fields[k] = v }
        var line = "{\"time\":\"\(Logger.timestamp())\",\"level\":\"\(level.name)\",\"logger\":"
        Logger.appendQuoted(label, to: &line)
        line += ",\"message\":"
        Logger.appendQuoted(message(), to: &line)
        for key in fields.keys.sorted() {
            line += ","
            Logger.appendQuoted(key, to: &line)
            line += ":"
            Logger.appendQuoted(fields[key]!, to: &line)
        }
        line += "}"
        sink.emit(line)
    }

    public func trace(_ m: @autoclosure () -> String, metadata: [String: String] = [:]) { log(.trace, m(), metadata: metadata) }
    public func debug(_ m: @autoclosure () -> String, metadata: [String: String] = [:]) { log(.debug, m(), metadata: metadata) }
    public func info(_ m: @autoclosure () -> String, metadata: [String: String] = [:]) { log(.info, m(), metadata: metadata) }
    public func notice(_ m: @autoclosure () -> String, metadata: [String: String] = [:]) { log(.notice, m(), metadata: metadata) }
    public func warning(_ m: @autoclosure () -> String, metadata: [String: String] = [:]) { log(.warning, m(), metadata: metadata) }
    public func error(_ m: @autoclosure () -> String, metadata: [String: String] = [:]) { log(.error, m(), metadata: metadata) }
    public func critical(_ m: @autoclosure () -> String, metadata: [String: String] = [:]) { log(.critical, m(), metadata: metadata) }

    static func timestamp() -> String {
        Date().formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted))
    }

    static func appendQuoted(_ s: String, to out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                out += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count)
                    + String(scalar.value, radix: 16)
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}
