import FastJSON
import Kafka
import Support
import SyncFeed

let topicsCreateCommand = CommandSpec(
    ["topics", "create"], summary: "create the topics of topics/ on the cluster (idempotent)",
    discussion: """
    Creates directory-changes, directory-changes.dlq and provisioning-log with the partitions, retention and cleanup
    policy of their definitions in topics/. A topic that already exists is left as it is and reported; one whose
    partition count differs from the definition is reported as a mismatch (Kafka cannot shrink a topic, and growing
    it would move tenants to other partitions), and the command then exits 1.
    --partitions replaces the partition count of every topic. Prints one line per topic (--json: one object).
    Exit codes: 0 every topic exists as defined, 1 a mismatch or a cluster error, 2 bad usage.
    """,
    options: [
        OptionSpec("--partitions", value: "N", help: "partitions of every topic (default: each definition's)"),
        CommonOptions.bootstrap,
        CommonOptions.json,
        CommonOptions.logLevel,
    ]
) { options in
    let partitions = try options.int("--partitions", in: 1...10_000)
    let bootstrap = try FeedCommandSupport.bootstrap(options)
    let logger = try CommonOptions.logger(options, label: "topics")
    let admin = try FeedCommandSupport.kafka {
        try KafkaAdmin(options: KafkaClientOptions(bootstrapServers: bootstrap), logger: logger.labeled("kafka"))
    }
    let outcomes = try TopicSetup.apply(TopicSetup.definitions(partitions: partitions), admin: admin)
    let mismatches = outcomes.filter { if case .partitionMismatch = $0.status { true } else { false } }
    if options.flag("--json") {
        let topics: [JSONValue] = outcomes.map { o in
            var fields: [(String, JSONValue)] = [("name", .string(o.name)), ("partitions", .int(Int64(o.partitions)))]
            switch o.status {
            case .created: fields.append(("status", "created"))
            case .existed: fields.append(("status", "existed"))
            case .partitionMismatch(let existing):
                fields.append(("status", "partitionMismatch"))
                fields.append(("existingPartitions", .int(Int64(existing))))
            }
            return .object(JSONObject(fields))
        }
        FeedCommandSupport.printJSON(["topics": .array(topics), "ok": .bool(mismatches.isEmpty)])
    } else {
        for o in outcomes { print(o.summary) }
    }
    return mismatches.isEmpty ? 0 : 1
}
