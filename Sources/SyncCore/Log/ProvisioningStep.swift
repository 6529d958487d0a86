/// One step of an entry: `import`, `scoping`, `matching`, `action`.
public struct ProvisioningStep: Sendable, Hashable {
    /// The step name.
    public var name: String
    /// Its status.
    public var status: ProvisioningStatus
    /// One line a person can act on.
    public var detail: String

    /// Creates a step.
    public init(name: String, status: ProvisioningStatus, detail: String) {
        self.name = name
        self.status = status
        self.detail = detail
    }
}
