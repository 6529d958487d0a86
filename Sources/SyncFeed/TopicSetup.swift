import Kafka

/// Creates the topics of `TopicCatalog` on a cluster, idempotently.
public enum TopicSetup {
    /// The definitions to apply: the catalog, with every partition count replaced by `partitions` when given.
    public static func definitions(partitions: Int? = nil) -> [TopicDefinition] {
        TopicCatalog.all.map { definition in
            var d = definition
            if let partitions { d.partitions = partitions }
            return d
        }
    }

    /// What exists already, as outcomes; nil for the definitions that still have to be created.
    /// - Parameter existing: the cluster's topics with their partition counts.
    public static func existingOutcomes(_ definitions: [TopicDefinition],
                                        existing: [String: Int]) -> [TopicSetupOutcome?] {
        definitions.map { d in
            guard let count = existing[d.name] else { return nil }
            return TopicSetupOutcome(name: d.name, partitions: d.partitions,
                                     status: count == d.partitions ? .existed : .partitionMismatch(existing: count))
        }
    }

    /// Creates the missing topics and reports on all of them, in the order of `definitions`.
    /// - Throws: `KafkaError` when the cluster cannot be reached or refuses a topic.
    public static func apply(_ definitions: [TopicDefinition], admin: KafkaAdmin,
                             timeout: Duration = .seconds(10)) throws(KafkaError) -> [TopicSetupOutcome] {
        var outcomes = existingOutcomes(definitions, existing: try admin.listTopics(timeout: timeout))
        let missing = zip(definitions, outcomes).filter { $0.1 == nil }.map(\.0)
        let created = Set(try admin.createTopics(missing.map {
            KafkaAdmin.TopicSpec(name: $0.name, partitions: $0.partitions, replicationFactor: $0.replicationFactor,
                                 configs: $0.config)
        }, timeout: timeout))
        // A topic another client created meanwhile comes back as not created: look at its partitions again.
        let now = created.count == missing.count ? [:] : try admin.listTopics(timeout: timeout)
        for (i, d) in definitions.enumerated() where outcomes[i] == nil {
            if created.contains(d.name) {
                outcomes[i] = TopicSetupOutcome(name: d.name, partitions: d.partitions, status: .created)
            } else {
                outcomes[i] = existingOutcomes([d], existing: now)[0]
                    ?? TopicSetupOutcome(name: d.name, partitions: d.partitions, status: .existed)
            }
        }
        return outcomes.compactMap { $0 }
    }
}
