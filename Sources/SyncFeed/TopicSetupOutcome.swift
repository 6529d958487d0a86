/// What `topics create` found or did for one topic.
public struct TopicSetupOutcome: Sendable, Hashable {
    /// What happened.
    public enum Status: Sendable, Hashable {
        /// The topic did not exist and was created with the defined partition count.
        case created
        /// The topic existed with the defined partition count.
        case existed
        /// The topic existed with another partition count (left as it is: Kafka cannot shrink a topic, and growing
        /// it would move keys to other partitions).
        case partitionMismatch(existing: Int)
    }

    /// The topic name.
    public var name: String
    /// The partition count asked for.
    public var partitions: Int
    /// What happened.
    public var status: Status

    /// Creates an outcome.
    public init(name: String, partitions: Int, status: Status) {
        self.name = name
        self.partitions = partitions
        self.status = status
    }

    /// One line: `created directory-changes (12 partitions)`.
    public var summary: String {
        switch status {
        case .created: "created \(name) (\(partitions) partitions)"
        case .existed: "\(name) already existed (\(partitions) partitions)"
        case .partitionMismatch(let existing):
            "\(name) already existed with \(existing) partitions, but its definition asks for \(partitions): left unchanged"
        }
    }
}
