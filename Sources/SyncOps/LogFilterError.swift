/// A filter option with a value that cannot be used; `option` names it (e.g. `--since`).
public struct LogFilterError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The option at fault, e.g. `--status`.
    public var option: String
    /// What was wrong with its value.
    public var reason: String

    /// Creates an error for one option.
    public init(option: String, reason: String) {
        self.option = option
        self.reason = reason
    }

    /// `--option: reason`, as the command line prints it.
    public var description: String { "\(option): \(reason)" }
}
