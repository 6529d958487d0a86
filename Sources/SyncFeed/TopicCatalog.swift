/// The topics TenantSync uses, as defined in the repository's `topics/` folder (a test keeps the two equal).
public struct TopicDefinition: Sendable, Hashable {
    /// The topic name.
    public var name: String
    /// Partitions to create.
    public var partitions: Int
    /// Replicas per partition.
    public var replicationFactor: Int
    /// Broker-side topic configuration.
    public var config: [String: String]
}

/// The three topics of the system.
public enum TopicCatalog {
    /// Change events and admin actions, keyed by source tenant.
    public static let directoryChanges = TopicDefinition(
        name: "directory-changes", partitions: 12, replicationFactor: 1,
        config: ["cleanup.policy": "delete", "retention.ms": "604800000", "max.message.bytes": "1048576"])

    /// Records the workers could not apply, unchanged, with the reason in headers.
    public static let deadLetters = TopicDefinition(
        name: "directory-changes.dlq", partitions: 3, replicationFactor: 1,
        config: ["cleanup.policy": "delete", "retention.ms": "2592000000"])

    /// One provisioning-log entry per (change, configuration), keyed by target tenant.
    public static let provisioningLog = TopicDefinition(
        name: "provisioning-log", partitions: 12, replicationFactor: 1,
        config: ["cleanup.policy": "delete", "retention.ms": "2592000000"])

    /// All of them, in creation order.
    public static let all = [directoryChanges, deadLetters, provisioningLog]
}
