import Foundation
import Support
import SyncWorker

let simulateCommand = CommandSpec(
    ["simulate"], summary: "run a scenario file through the real pipeline and print the result (scenario.md)",
    discussion: """
    Starts an in-process Kafka cluster (directory-changes with --partitions partitions, default 3), --workers real
    workers (default 1) sharing one SQLite store in a temporary folder, loads the scenario's target users, publishes
    its steps in order keyed by tenant, waits until every record is applied, and prints one JSON object:
    {"targets", "configurations", "log"}. The result is the same for any number of workers and partitions.
    Exit codes: 0 success, 2 an invalid scenario (standard error names the step and field), 1 any other failure.
    """,
    options: [
        OptionSpec("--scenario", value: "FILE", help: "the scenario file"),
        OptionSpec("--workers", value: "N", help: "workers in the process", default: "1"),
        OptionSpec("--partitions", value: "N", help: "partitions of directory-changes", default: "3"),
        OptionSpec("--log-level", value: "LEVEL", help: "trace, debug, info, notice, warning, error",
                   env: "TENANTSYNC_LOG_LEVEL", default: "error"),
    ]
) { options in
    let path = try options.required("--scenario")
    let simulation = Simulation(workers: try options.int("--workers", in: 1...64) ?? 1,
                                partitions: try options.int("--partitions", in: 1...256) ?? 3)
    let logger = try CommonOptions.logger(options, label: "simulate")
    guard let data = FileManager.default.contents(atPath: path) else {
        FileHandle.standardError.write(Data("simulate: cannot read \(path)\n".utf8))
        return 2
    }
    let outcome = simulation.run(scenario: Array(data), logger: logger)
    if !outcome.error.isEmpty { FileHandle.standardError.write(Data((outcome.error + "\n").utf8)) }
    if !outcome.output.isEmpty { print(outcome.output) }
    return outcome.status
}
