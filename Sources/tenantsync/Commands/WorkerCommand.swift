import Dispatch
import Foundation
import Kafka
import Support
import SyncStore
import SyncWorker

let workerCommand = CommandSpec(
    ["worker"], summary: "run one worker of the fleet until SIGTERM/SIGINT",
    discussion: """
    Joins the consumer group (--group, default tenantsync-workers) on directory-changes, applies each batch to the
    store (--store) in one transaction with its progress and outbox row, publishes the provisioning-log entries and
    dead letters, then commits the offsets. On a newly assigned partition it resumes at the offset the store holds.
    A store or broker failure retries the same batch with capped backoff. SIGTERM or SIGINT: finish the batch,
    publish, commit, leave the group, exit 0 (a second signal exits at once with 130). --metrics-port serves
    /metrics (Prometheus text) and /healthz on 127.0.0.1.
    --session-timeout is how long the group waits for a worker that stopped heartbeating (killed, frozen, cut off)
    before handing its partitions to the others: lower means faster take-over, higher tolerates longer pauses.
    --processing-time occurred-at stamps each log entry with its change's occurredAt instead of the clock, so a
    rerun of the same feed produces byte-identical entries (tests and replays; the clock is right in production).
    Exit codes: 0 stopped on a signal, 2 bad usage, 1 the worker failed.
    """,
    options: [
        OptionSpec("--group", value: "NAME", help: "the consumer group", env: "TENANTSYNC_GROUP", default: "tenantsync-workers"),
        OptionSpec("--metrics-port", value: "P", help: "serve /metrics and /healthz on this port"),
        OptionSpec("--max-batch", value: "N", help: "the most records one batch (one store transaction) holds", default: "500"),
        OptionSpec("--session-timeout", value: "MS", help: "group session timeout in milliseconds (1000...300000)", default: "10000"),
        OptionSpec("--name", value: "NAME", help: "the worker's name in logs and dead-letter headers (default host:pid)"),
        OptionSpec("--processing-time", value: "SOURCE", help: "what log entries are stamped with: clock or occurred-at",
                   default: "clock"),
        CommonOptions.bootstrap,
        CommonOptions.store,
        CommonOptions.logLevel,
    ]
) { options in
    let logger = try CommonOptions.logger(options, label: "worker")
    var configuration = WorkerConfiguration(bootstrap: try FeedCommandSupport.bootstrap(options))
    configuration.group = options.string("--group") ?? "tenantsync-workers"
    let location = try StoreLocation.parse(try options.required("--store"))
    let port = try options.int("--metrics-port", in: 1...65_535)
    if let maxBatch = try options.int("--max-batch", in: 1...100_000) { configuration.maxBatch = maxBatch }
    if let session = try options.int("--session-timeout", in: 1_000...300_000) {
        configuration.sessionTimeout = .milliseconds(session)
        // librdkafka wants the heartbeat well inside the session: a third of it, at most the default 1 s.
        configuration.heartbeatInterval = min(.seconds(1), .milliseconds(session / 3))
    }
    if let name = options.string("--name") {
        guard !name.isEmpty else { throw UsageError("--name: empty (give a name, or leave the option out for host:pid)") }
        configuration.workerName = name
    }
    switch options.string("--processing-time") ?? "clock" {
    case "clock": configuration.processingTime = .clock
    case "occurred-at": configuration.processingTime = .occurredAt
    case let other: throw UsageError("--processing-time: unknown source '\(other)' (clock, occurred-at)")
    }

    let metrics = Metrics()
    let worker = Worker(configuration: configuration, metrics: metrics, logger: logger) {
        try openStore(location, logger: logger.labeled("store"))
    }
    var server: HTTPServer?
    if let port {
        let health: HTTPServer.Handler = { _ in
            if let failure = worker.failure { return HTTPServer.Response(status: 503, text: "failed: \(failure)\n") }
            return HTTPServer.Response(status: 200, text: "ok\n")
        }
        server = try HTTPServer(port: port, routes: ["/metrics": metrics.handler, "/healthz": health])
    }
    let signals = SignalHandler { signal in
        logger.notice("signal \(signal): stopping")
        worker.stop()
    }
    worker.start()
    // The worker ends on its own only on a fatal error; a signal asks it to stop and it ends within its bound.
    while !worker.join(timeout: .seconds(1)) {}
    signals.cancel()
    server?.stop()
    return worker.failure == nil ? 0 : 1
}
