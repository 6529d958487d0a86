import Foundation
import PipelineBench
import Support

/// The pipeline stage of `tenantsync bench` (the default): a generated feed through real in-process workers into a
/// fresh SQLite store, next to the same I/O without decoding or domain logic, in one run (see `PipelineBenchmark`).
///
/// Options read: `--events N` (default 200,000, at least 1,000), `--workers N` (1...16, default 1), `--store sqlite`
/// (the only store measured so far; the file goes to a temporary folder), `--bootstrap` (default: a Tansu broker
/// started for the run; `mock` is refused: the in-process cluster keeps 5 MB per partition), `--json`.
/// - Returns: the report and the lines printed under it in the text form.
/// - Throws: `UsageError` for a bad option (exit 2), `PipelineBenchError`, `KafkaError` or `StoreError` (exit 1).
func runPipelineBench(_ options: ParsedOptions, logger: Logger) throws -> (BenchReport, [String]) {
    let events = try options.int("--events", in: PipelineBenchmark.minimumEvents...50_000_000) ?? 200_000
    let workers = try options.int("--workers", in: 1...16) ?? 1
    switch options.string("--store") ?? "sqlite" {
    case "sqlite": break
    case let other:
        throw UsageError("--store: the pipeline stage measures sqlite only, got '\(other)' (--stage store measures postgres)")
    }
    let bootstrap = options.string("--bootstrap")
    if bootstrap == "mock" {
        throw UsageError("--bootstrap mock: the in-process cluster keeps 5 MB per partition, too little for the pipeline stage")
    }
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tenantsync-bench-\(UUID().uuidString.prefix(8))")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }

    func run(_ bootstrap: String, _ name: String) throws -> PipelineBenchmark.Outcome {
        var bench = PipelineBenchmark(bootstrap: bootstrap, brokerName: name, directory: dir)
        bench.events = events
        bench.workers = workers
        bench.showProgress = !options.flag("--json")
        return try bench.run(logger: logger.labeled("pipeline"))
    }
    let outcome: PipelineBenchmark.Outcome
    if let bootstrap {
        outcome = try run(bootstrap, "external")
    } else {
        let broker = try TansuServer()
        defer { broker.stop() }
        outcome = try run(broker.bootstrap, "tansu")
    }
    return (outcome.report, outcome.notes())
}
