/// Why a simulation could not finish (other than an invalid scenario).
public struct SimulationError: Error, CustomStringConvertible, Sendable {
    /// What went wrong.
    public var description: String

    /// Creates an error.
    public init(_ description: String) { self.description = description }
}
