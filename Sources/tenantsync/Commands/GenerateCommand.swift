import Foundation
import Support
import SyncFeed

let generateCommand = CommandSpec(
    ["generate"], summary: "write a synthetic, reproducible change feed for load tests",
    discussion: """
    Writes an organization of --tenants tenants (sizes follow a Zipf law; --organizations N splits them into N
    organizations, tenant i in organization i mod N, so a change fans out within its own), --users source users
    with every synced property, --groups groups with members, owners and nested groups, guests and shares, then
    --changes changes (property updates, joins and leaves, disables, deletions, restores, share edits) as
    change-event lines.
    The same options and --seed give a byte-identical file. --malformed adds that share of deliberately bad lines
    (invalid JSON, missing field, wrong type, unknown type, wrong schema, unknown tenant) for robustness tests.
    Prints what it wrote (--json: one object).
    """,
    options: [
        OptionSpec("--tenants", value: "N", help: "tenants in all", default: "3"),
        OptionSpec("--organizations", value: "N", help: "organizations the tenants form (1 to --tenants)", default: "1"),
        OptionSpec("--users", value: "N", help: "source users at the start, over all tenants", default: "1000"),
        OptionSpec("--groups", value: "N", help: "groups at the start, over all tenants", default: "30"),
        OptionSpec("--changes", value: "N", help: "change lines after the initial load", default: "10000"),
        OptionSpec("--seed", value: "S", help: "seed of the generator", default: "1"),
        OptionSpec("--malformed", value: "SHARE", help: "share of malformed change lines, 0 to 1", default: "0"),
        OptionSpec("--guests", value: "SHARE", help: "share of source users that are guests", default: "0.05"),
        OptionSpec("--out", value: "FILE", help: "the .jsonl file to write (- for standard output)"),
        CommonOptions.json,
    ]
) { options in
    guard let seed = UInt64(options.string("--seed") ?? "1") else {
        throw UsageError("--seed: expected a non-negative integer, got '\(options.string("--seed") ?? "")'")
    }
    let malformed = try options.double("--malformed") ?? 0
    let guests = try options.double("--guests") ?? 0.05
    guard malformed <= 1 else { throw UsageError("--malformed: expected a share between 0 and 1, got \(malformed)") }
    guard guests <= 1 else { throw UsageError("--guests: expected a share between 0 and 1, got \(guests)") }
    let tenants = try options.int("--tenants", in: 1...500) ?? 3
    let generatorOptions = FeedGeneratorOptions(
        tenants: tenants,
        users: try options.int("--users", in: 0...50_000_000) ?? 1000,
        groups: try options.int("--groups", in: 0...5_000_000) ?? 30,
        changes: try options.int("--changes", in: 0...1_000_000_000) ?? 10_000,
        seed: seed, malformedRate: malformed, guestRate: guests,
        organizations: try options.int("--organizations", in: 1...tenants) ?? 1)
    let out = try options.required("--out")
    let sink = try LineSink(path: out)
    let progress = ProgressLine(label: "generate", enabled: !options.flag("--json") && out != "-")
    var generator = FeedGenerator(options: generatorOptions)
    var written = 0
    let summary = try generator.generate { line in
        try sink.write(line)
        written += 1
        if written % 10_000 == 0 { progress.update(done: written) }
    }
    try sink.close()
    progress.finish()
    if options.flag("--json") {
        let types = summary.byType.sorted { $0.key < $1.key }.map { "\"\($0.key)\":\($0.value)" }.joined(separator: ",")
        print("{\"file\":\"\(out)\",\"lines\":\(summary.lines),\"setupLines\":\(summary.setupLines),"
            + "\"changeLines\":\(summary.lines - summary.setupLines),\"malformedLines\":\(summary.malformedLines),"
            + "\"byType\":{\(types)}}")
    } else if out != "-" {
        print("wrote \(summary.lines) lines to \(out): \(summary.setupLines) of initial load, "
            + "\(summary.lines - summary.setupLines) changes (\(summary.malformedLines) malformed)")
    }
    return 0
}

/// Buffered line output to a file or standard output.
final class LineSink {
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private let ownsHandle: Bool

    init(path: String) throws {
        if path == "-" {
            handle = .standardOutput
            ownsHandle = false
        } else {
            guard FileManager.default.createFile(atPath: path, contents: nil) else {
                throw UsageError("--out: cannot create \(path)")
            }
            handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
            ownsHandle = true
        }
        buffer.reserveCapacity(1 << 20)
    }

    func write(_ line: [UInt8]) throws {
        buffer.append(contentsOf: line)
        buffer.append(0x0A)
        if buffer.count >= 1 << 20 { try drain() }
    }

    func close() throws {
        try drain()
        if ownsHandle { try handle.close() }
    }

    private func drain() throws {
        try handle.write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
    }
}
