import Kafka
import Support

let quickstartCommand = CommandSpec(
    ["quickstart"], summary: "run the embedded default: in-process Kafka, SQLite, a sample organization",
    discussion: "Not yet complete: prints the versions in use. The worker-fleet issue fills this in.",
    options: [OptionSpec("--users", value: "N", help: "users in the sample organization", default: "3000")]
) { options in
    _ = try options.int("--users", in: 1...10_000_000)
    print(versionText())
    return 0
}
