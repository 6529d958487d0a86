/// What `Simulation.run` gives the `simulate` command: its exit status and what to print.
public struct SimulationOutcome: Sendable, Hashable {
    /// 0 success, 2 invalid scenario, 1 any other failure (`scenario.md`).
    public var status: Int32
    /// The result object (one line of JSON) on success, empty otherwise.
    public var output: String
    /// The message for standard error on failure (names the step and field for an invalid scenario).
    public var error: String

    /// Creates an outcome.
    public init(status: Int32, output: String = "", error: String = "") {
        self.status = status
        self.output = output
        self.error = error
    }
}
