import SyncCore

/// A line of a change feed that was not published, and why.
public struct FeedLineRejection: Sendable, Hashable, CustomStringConvertible {
    /// The 1-based line number in the file or stream.
    public var line: Int
    /// The dead-letter code the worker would have used.
    public var code: ChangeDecodingError.Code
    /// The reason, naming the field.
    public var reason: String

    /// Creates a rejection.
    public init(line: Int, code: ChangeDecodingError.Code, reason: String) {
        self.line = line
        self.code = code
        self.reason = reason
    }

    /// `line N: <reason>`.
    public var description: String { "line \(line): \(reason)" }
}
