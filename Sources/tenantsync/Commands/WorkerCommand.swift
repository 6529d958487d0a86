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
    Exit codes: 0 stopped on a signal, 2 bad usage, 1 the worker failed.
    """,
    options: [
        OptionSpec("--group", value: "NAME", help: "the consumer group", env: "TENANTSYNC_GROUP", default: "tenantsync-workers"),
        OptionSpec("--metrics-port", value: "P", help: "serve /metrics and /healthz on this port"),
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
