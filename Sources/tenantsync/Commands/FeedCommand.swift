import FastJSON
import Foundation
import Kafka
import Support
import SyncCore
import SyncFeed

let feedCommand = CommandSpec(
    ["feed"], summary: "validate change events (.jsonl) and publish them to directory-changes",
    discussion: """
    Reads change events (change-event.md), one JSON object per line, from --file or from standard input (--stdin).
    Each line is validated with the domain core; a good line is published unchanged, keyed by its tenantId, with the
    idempotent producer; a bad line is reported on standard error as `line N: <reason>` and is not published.
    Blank lines are skipped. The command waits for the broker to acknowledge every published line before it exits.
    Prints the counts (--json: one object with the rejected lines). Progress is shown on a terminal.
    Exit codes: 0 every line published, 2 some line was bad (the good ones are published) or bad usage,
    1 a record could not be delivered or the cluster failed.
    """,
    options: [
        OptionSpec("--file", value: "FILE.jsonl", help: "the change feed to publish"),
        OptionSpec.flag("--stdin", help: "read the change feed from standard input"),
        CommonOptions.bootstrap,
        CommonOptions.json,
        CommonOptions.logLevel,
    ]
) { options in
    let file = options.string("--file")
    guard (file != nil) != options.flag("--stdin") else {
        throw UsageError("give exactly one of --file FILE.jsonl or --stdin")
    }
    let bootstrap = try FeedCommandSupport.bootstrap(options)
    let logger = try CommonOptions.logger(options, label: "feed")
    let json = options.flag("--json")
    let input: FileHandle
    if let file {
        do {
            input = try FileHandle(forReadingFrom: URL(fileURLWithPath: file))
        } catch {
            throw UsageError("--file: cannot open \(file)")
        }
    } else {
        input = .standardInput
    }
    defer { if file != nil { try? input.close() } }
    let publisher = try FeedCommandSupport.kafka {
        try KafkaChangePublisher(bootstrap: bootstrap, logger: logger.labeled("kafka"))
    }
    var feed = FeedPublisher(publisher: publisher)
    let progress = ProgressLine(label: "feed", enabled: !json)
    try LineReader.forEachLine(in: input) { line, number in
        if let rejection = try feed.submit(line, number: number) {
            FeedCommandSupport.printError(rejection.description)
        }
        if number % 1000 == 0 { progress.update(done: number) }
    }
    let summary = try feed.finish()
    progress.finish()
    if json {
        let rejected: [JSONValue] = summary.rejected.map {
            ["line": .int(Int64($0.line)), "code": .string($0.code.rawValue), "reason": .string($0.reason)]
        }
        FeedCommandSupport.printJSON([
            "read": .int(Int64(summary.read)), "published": .int(Int64(summary.published)),
            "rejected": .int(Int64(summary.rejected.count)), "rejections": .array(rejected),
        ])
    } else {
        print("read \(summary.read) lines: published \(summary.published), rejected \(summary.rejected.count)")
    }
    return summary.rejected.isEmpty ? 0 : 2
}

let feedSnapshotCommand = CommandSpec(
    ["feed", "snapshot"], summary: "publish the changes between a tenant's last export and this one",
    discussion: """
    The snapshot-diff connector: reads a full export of one tenant (--users: the JSON of Microsoft Graph's /users
    list response, --groups: that of /groups?$expand=members, both with a `value` array), compares it with the
    state saved in --cursor by the previous run, and publishes the differences as change events with increasing
    seq, keyed by the tenant, waiting for every delivery. The cursor file is created on the first run; a run that
    was interrupted while publishing re-sends exactly the same lines first, so nothing is lost or published under a
    second seq. Prints what it published (--json: one object).
    Exit codes: 0 published, 2 bad usage or an unreadable export or cursor, 1 a delivery or cluster failure.
    """,
    options: [
        OptionSpec("--tenant", value: "ID", help: "the source tenant of the export"),
        OptionSpec("--users", value: "USERS.json", help: "the users export (Graph /users response)"),
        OptionSpec("--groups", value: "GROUPS.json", help: "the groups export (Graph /groups?$expand=members response)"),
        OptionSpec("--cursor", value: "FILE", help: "where the connector keeps its state between runs"),
        OptionSpec("--occurred-at", value: "TIME", help: "RFC 3339 time stamped on the changes (default: now)"),
        CommonOptions.bootstrap,
        CommonOptions.json,
        CommonOptions.logLevel,
    ]
) { options in
    let tenant = try options.required("--tenant")
    let usersPath = try options.required("--users")
    let groupsPath = try options.required("--groups")
    let cursor = try options.required("--cursor")
    var occurredAt = Timestamp.format(Date())
    if let given = options.string("--occurred-at") {
        guard Timestamp.parse(given) != nil else { throw UsageError("--occurred-at: expected an RFC 3339 time, got '\(given)'") }
        occurredAt = given
    }
    let bootstrap = try FeedCommandSupport.bootstrap(options)
    let logger = try CommonOptions.logger(options, label: "feed")
    func read(_ path: String, _ option: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else { throw UsageError("\(option): cannot read \(path)") }
        return [UInt8](data)
    }
    let export: DirectoryExport
    do {
        export = try DirectoryExport(usersJSON: try read(usersPath, "--users"), usersName: usersPath,
                                     groupsJSON: try read(groupsPath, "--groups"), groupsName: groupsPath)
    } catch let error as FeedInputError {
        throw UsageError(error.message)
    }
    var publisher = try FeedCommandSupport.kafka {
        try KafkaChangePublisher(bootstrap: bootstrap, logger: logger.labeled("kafka"))
    }
    let connector = SnapshotConnector(tenant: tenant, cursorURL: URL(fileURLWithPath: cursor))
    let summary: SnapshotRunSummary
    do {
        summary = try connector.run(export: export, occurredAt: occurredAt, publisher: &publisher)
    } catch let error as FeedInputError {
        throw UsageError(error.message)
    }
    if options.flag("--json") {
        let byType = JSONObject(summary.byType.sorted { $0.key < $1.key }.map { ($0.key, JSONValue.int(Int64($0.value))) })
        FeedCommandSupport.printJSON([
            "tenant": .string(tenant), "resumed": .int(Int64(summary.resumed)), "published": .int(Int64(summary.published)),
            "byType": .object(byType), "nextSeq": .int(summary.nextSeq),
        ])
    } else {
        let types = summary.byType.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        print("\(tenant): published \(summary.published) changes\(types.isEmpty ? "" : " (\(types))")"
            + (summary.resumed > 0 ? ", after re-sending \(summary.resumed) of the interrupted run" : "")
            + "; next seq \(summary.nextSeq)")
    }
    return 0
}
