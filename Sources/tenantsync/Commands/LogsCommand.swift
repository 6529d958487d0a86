import Foundation
import FastJSON
import Kafka
import Support
import SyncCore
import SyncFeed
import SyncOps

/// The filter options of every `logs` command (cli.md).
private let logFilterOptions = [
    OptionSpec("--tenant", value: "ID", help: "only entries of this target tenant"),
    OptionSpec("--source", value: "ID", help: "only entries of this source tenant"),
    OptionSpec("--user", value: "ID|UPN", help: "only entries of this user (source or target id, or target UPN)"),
    OptionSpec("--action", value: "ACTION", help: "create, update, delete, restore, disable, stagedDelete, other"),
    OptionSpec("--status", value: "STATUS", help: "success, skipped, failure, warning"),
    OptionSpec("--since", value: "TIME", help: "entries at or after an RFC 3339 time, or relative: 30s, 15m, 2h, 1d"),
    OptionSpec("--change", value: "ID", help: "only entries of this change (<tenant>:<seq>)"),
    CommonOptions.bootstrap,
    CommonOptions.logLevel,
]

let logsTailCommand = CommandSpec(
    ["logs", "tail"], summary: "the last entries of the provisioning log, optionally following new ones",
    discussion: """
    Reads the provisioning-log topic from the beginning (all partitions, no consumer group, nothing committed) and
    prints the last --limit matching entries by time, one line each: time, action, status, source→target, user,
    reason. --follow then prints new matching entries as they arrive until interrupted. --json prints the entries
    as JSON lines, exactly as on the topic. Repeats of an entry (same id) are shown once.
    """,
    options: [
        OptionSpec.flag("--follow", help: "keep printing new entries until interrupted"),
        OptionSpec("--limit", value: "N", help: "how many of the last entries to print first", default: "20"),
    ] + logFilterOptions + [CommonOptions.json]
) { options in
    let limit = try options.int("--limit", in: 0...10_000_000) ?? 20
    let json = options.flag("--json")
    let follow = options.flag("--follow")
    let (filter, reader) = try LogsCommandSupport.prepare(options)
    var recent: [ProvisioningLogEntry] = []
    var live = false
    let print: (ProvisioningLogEntry) -> Void = { entry in
        LogsCommandSupport.write((json ? String(decoding: LogEntryCodec.encode(entry), as: UTF8.self) : LogLine.line(entry)) + "\n")
    }
    let stats = try reader.read(
        follow: follow,
        onCaughtUp: {
            recent.sort { ($0.time, $0.id) < ($1.time, $1.id) }
            recent.suffix(limit).forEach(print)
            recent = []
            live = true
        },
        onUndecodable: LogsCommandSupport.reportUndecodable
    ) { entry in
        guard filter.matches(entry) else { return }
        if live { print(entry) } else { recent.append(entry) }
    }
    LogsCommandSupport.reportSkipped(stats)
    return 0
}

let logsQueryCommand = CommandSpec(
    ["logs", "query"], summary: "every matching entry of the provisioning log",
    discussion: """
    Reads the whole provisioning-log topic once and prints every matching entry ordered by time: a text table, or
    with --json one JSON line per entry exactly as on the topic. Repeats of an entry (same id) are shown once.
    """,
    options: logFilterOptions + [CommonOptions.json]
) { options in
    let json = options.flag("--json")
    let entries = try LogsCommandSupport.readAll(options, progress: !json)
    if json {
        for entry in entries { LogsCommandSupport.write(String(decoding: LogEntryCodec.encode(entry), as: UTF8.self) + "\n") }
    } else if entries.isEmpty {
        LogsCommandSupport.write("no matching entries\n")
    } else {
        LogsCommandSupport.write(LogLine.table(entries))
    }
    return 0
}

let logsSummaryCommand = CommandSpec(
    ["logs", "summary"], summary: "counts of the provisioning log per target tenant, action and status",
    discussion: """
    Counts the matching entries per target tenant × action × status, lists failures and skips by error code with
    one example reason each, and gives the time range covered. --json prints one JSON object with the fields
    total, from, to, counts and errors.
    """,
    options: logFilterOptions + [CommonOptions.json]
) { options in
    let json = options.flag("--json")
    let summary = LogSummary(try LogsCommandSupport.readAll(options, progress: !json))
    LogsCommandSupport.write(json ? summary.json().serializedString() + "\n" : summary.text())
    return 0
}

let logsExportCommand = CommandSpec(
    ["logs", "export"], summary: "the matching entries of the provisioning log as JSON or CSV",
    discussion: """
    --format json writes one JSON array of the entries exactly as on the topic; --format csv writes a header and one
    row per entry (RFC 4180 quoting, CRLF) with the columns \(LogCSV.columns.joined(separator: ",")); the
    modifiedProperties column reads name=old→new;… . Entries are ordered by time; repeats (same id) appear once.
    Writes to standard output, or to --out FILE.
    """,
    options: [
        OptionSpec("--format", value: "json|csv", help: "the export format"),
        OptionSpec("--out", value: "FILE", help: "write to this file instead of standard output"),
    ] + logFilterOptions
) { options in
    let format = try options.required("--format")
    guard format == "json" || format == "csv" else {
        throw UsageError("--format: unknown format '\(format)' (json or csv)")
    }
    let out = options.string("--out")
    if let out, out.isEmpty { throw UsageError("--out: empty file name") }
    let entries = try LogsCommandSupport.readAll(options, progress: out != nil)
    var text: String
    if format == "json" {
        text = "[" + entries.map { "\n" + String(decoding: LogEntryCodec.encode($0), as: UTF8.self) }.joined(separator: ",")
        text += entries.isEmpty ? "]\n" : "\n]\n"
    } else {
        text = LogCSV.header + entries.map(LogCSV.row).joined()
    }
    if let out {
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: out))
        } catch {
            throw OpsError("cannot write \(out): \(error.localizedDescription)")
        }
        FileHandle.standardError.write(Data("wrote \(entries.count) entries to \(out)\n".utf8))
    } else {
        LogsCommandSupport.write(text)
    }
    return 0
}
