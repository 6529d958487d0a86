import Foundation
import Kafka
import KafkaBench
import Support

let benchCommand = CommandSpec(
    ["bench"], summary: "measure a stage (or the pipeline) against a raw baseline, in one run",
    discussion: """
        --stage kafka: produces and consumes N records of 300 bytes through the Kafka module and through a raw C \
        loop over the same librdkafka, and prints both rates and their ratio (JSON lines with --json: \
        kafka.produce, then kafka.consume). Without --bootstrap, a Tansu broker is started and stopped.
        --stage store: applies N target-user upserts (half new, half updates) in batches of 1,000 through each store \
        and through a raw loop over the same C API writing the same rows in the same run (store.sqlite, then \
        store.postgres). Without --store, SQLite runs in a temporary folder and PostgreSQL on a throwaway server \
        started for the run; with --store, that store only (postgres: SQLite first, then that server, in a schema \
        of its own that is dropped afterwards).
        """,
    options: [
        OptionSpec("--stage", value: "STAGE", help: "what to measure: kafka or store (the pipeline comes with the worker)",
                   default: "kafka"),
        OptionSpec("--events", value: "N", help: "records (kafka, default 1000000) or rows (store, default 200000)"),
        OptionSpec("--store", value: "STORE", help: "store stage: sqlite:PATH or postgres://...; default: both, throwaway"),
        OptionSpec("--keys", value: "ORDER", help: "store stage: key order sequential, realistic or random",
                   default: "sequential"),
        OptionSpec("--bootstrap", value: "SERVERS",
                   help: "Kafka bootstrap servers, or `mock` for librdkafka's in-process mock cluster; default: start a Tansu broker",
                   env: "TENANTSYNC_BOOTSTRAP"),
        .flag("--json", help: "print JSON (one object per line)"),
    ]
) { options in
    let events = try options.int("--events", in: 1...100_000_000) ?? 1_000_000
    let json = options.flag("--json")
    let logger = Logger(label: "bench", level: .warning)
    var reports: [BenchReport] = []
    var notes: [String] = []
    switch options.string("--stage") ?? "kafka" {
    case "kafka":
        let outcome = try withBenchBroker(options.string("--bootstrap")) { bootstrap, name, mock in
            var bench = KafkaBenchmark(bootstrap: bootstrap, brokerName: name)
            bench.mockCluster = mock
            bench.records = events
            return try bench.run(logger: logger.labeled("kafka"))
        }
        reports = outcome.reports
        notes = [outcome.cpuText()]
    case "store":
        reports = try runStoreBench(options)
    case let other:
        throw UsageError("--stage: unknown stage '\(other)' (known: kafka, store)")
    }
    for report in reports { print(json ? report.json() : report.text()) }
    if !json { for note in notes { print(note) } }
    return 0
}

/// Runs `body` against `bootstrap`, an in-process mock cluster (`mock`), or a Tansu broker started for the run and
/// stopped after.
private func withBenchBroker<T>(_ bootstrap: String?,
                                 _ body: (String, String, KafkaMockCluster?) throws -> T) throws -> T {
    if bootstrap == "mock" {
        let cluster = try KafkaMockCluster(brokers: 1)
        return try body(cluster.bootstrap, "mock", cluster)
    }
    if let bootstrap { return try body(bootstrap, "external", nil) }
    let broker = try TansuServer()
    defer { broker.stop() }
    return try body(broker.bootstrap, "tansu", nil)
}
