import Foundation
import Kafka
import KafkaBench
import Support

let benchCommand = CommandSpec(
    ["bench"], summary: "measure a stage (or the pipeline) against a raw baseline, in one run",
    discussion: """
        Without --stage (or --stage pipeline): a generated feed (3 tenants in one organization with shares, its \
        initial load then churn; --events records in all, default 200000) is published to a Tansu broker started for \
        the run, then --workers in-process workers (default 1) apply it to a new SQLite store in a temporary folder. \
        eventsPerSecond: records fully applied per second, from the first partition assignment (the group join is \
        not counted) to the last batch done (store transaction committed and its log entries delivered; offsets are \
        committed right after, and checked at the end). latencyMs: a further 5% of records (200 to 10000) is \
        published at half that rate while the workers keep up; p50 and p99 from each record's producer timestamp \
        (ms) to its batch done. baseline: in the same run, right after, the same records are consumed again and as \
        many rows are upserted (one SQLite transaction per 500-record batch, same pragmas) and as many log records \
        of the same average size produced (waiting for delivery) as the workers did, then offsets committed: the \
        same I/O without decoding or domain logic. ratio = eventsPerSecond / baseline.
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
        OptionSpec("--stage", value: "STAGE", help: "what to measure: pipeline, kafka or store", default: "pipeline"),
        OptionSpec("--events", value: "N",
                   help: "records (pipeline, default 200000; kafka, default 1000000) or rows (store, default 200000)"),
        OptionSpec("--workers", value: "N", help: "pipeline: in-process workers in the group, 1-16 (default 1)"),
        OptionSpec("--store", value: "STORE",
                   help: "pipeline: sqlite (the default); store stage: sqlite:PATH or postgres://...; default: both, throwaway"),
        OptionSpec("--keys", value: "ORDER", help: "store stage: key order sequential, realistic or random",
                   default: "sequential"),
        OptionSpec("--bootstrap", value: "SERVERS",
                   help: "Kafka bootstrap servers, or `mock` for librdkafka's in-process mock cluster; default: start a Tansu broker",
                   env: "TENANTSYNC_BOOTSTRAP"),
        .flag("--json", help: "print JSON (one object per line)"),
    ]
) { options in
    let json = options.flag("--json")
    let logger = Logger(label: "bench", level: .warning)
    var reports: [BenchReport] = []
    var notes: [String] = []
    let stage = options.string("--stage") ?? "pipeline"
    if stage != "pipeline", options.string("--workers") != nil {
        throw UsageError("--workers: only the pipeline stage runs workers")
    }
    switch stage {
    case "pipeline":
        let (report, lines) = try runPipelineBench(options, logger: logger)
        reports = [report]
        notes = lines
    case "kafka":
        let events = try options.int("--events", in: 1...100_000_000) ?? 1_000_000
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
        throw UsageError("--stage: unknown stage '\(other)' (known: pipeline, kafka, store)")
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
