import Foundation
import Support
import SyncCore
import SyncOps
import SyncStore
import SyncWorker

let provisionCommand = CommandSpec(
    ["provision"], summary: "provision on demand: run one user now and print each step (--dry-run: change nothing)",
    discussion: """
    Re-evaluates one source user now against every configuration of its tenant (or only those targeting --target),
    from the source mirror the workers hold, and applies what reconciliation decides: create, update, disable, soft
    delete, restore, a delete held by the deletion threshold, or nothing. A target user edited behind TenantSync's
    back is put back in line. Each configuration evaluated prints its steps (import, scoping, matching, action),
    the properties changed, and for a skip the reason and what to do about it.

    The real run publishes the admin action provision.user keyed by --source to directory-changes (idempotent
    producer, waiting for the delivery) and waits for the worker that owns that partition to apply it like any other
    change: workers stay the only writers of the stores. It then prints that record's provisioning-log entries,
    recognised by their ids (derived from the record's partition and offset), once consumer group --group has
    committed past the record. It needs running workers; after --timeout seconds without an answer it exits 1 naming
    the partition, offset and group it waited for.

    --dry-run reads the workers' store (--store) exactly as a worker would load it for that record, decides with the
    same engine, and prints the steps a real run would take now; it writes nothing and publishes nothing.

    --json prints the entries as JSON lines, exactly as on the provisioning-log topic.
    Exit codes: 0 done (skips included); 2 bad usage, a tenant or user the workers do not know (give the source
    object id, not the userPrincipalName), or a request the workers refuse (no organization, no configuration for
    the target); 1 no answer within --timeout, or a cluster or store failure.
    """,
    options: [
        OptionSpec("--source", value: "ID", help: "the source tenant of the user"),
        OptionSpec("--user", value: "ID", help: "the source user's object id"),
        OptionSpec("--target", value: "ID", help: "only the configurations targeting this tenant (default: all of the source's)"),
        OptionSpec.flag("--dry-run", help: "decide from --store and print what would happen; change nothing, publish nothing"),
        OptionSpec("--store", value: "STORE", help: "the workers' store, read by --dry-run (sqlite:PATH or postgres://…)",
                   env: "TENANTSYNC_STORE"),
        OptionSpec("--group", value: "NAME", help: "the workers' consumer group, whose commit says the request was applied",
                   env: "TENANTSYNC_GROUP", default: "tenantsync-workers"),
        OptionSpec("--timeout", value: "SECONDS", help: "how long the real run waits for the workers' answer", default: "30"),
        CommonOptions.bootstrap,
        CommonOptions.json,
        CommonOptions.logLevel,
    ]
) { options in
    let source = try options.required("--source")
    let user = try options.required("--user")
    let target = options.string("--target")
    if target?.isEmpty == true { throw UsageError("--target: empty tenant id (omit it to provision to every target)") }
    if target == source { throw UsageError("--target: '\(source)' is the source tenant; give another tenant of its organization") }
    let json = options.flag("--json")
    let now = Date()

    if options.flag("--dry-run") {
        guard let text = options.string("--store"), !text.isEmpty else {
            throw UsageError("--dry-run decides from the workers' store: give --store (or TENANTSYNC_STORE)")
        }
        let location = try StoreLocation.parse(text)
        if case .sqlite(let path) = location, !FileManager.default.fileExists(atPath: path) {
            // Opening would create an empty database: a dry run must not create anything.
            throw UsageError("--store: no SQLite database at \(path)")
        }
        let store = try openStore(location, logger: try CommonOptions.logger(options, label: "store"))
        let entries: [ProvisioningLogEntry]
        do {
            entries = try ProvisionPreview.run(sourceTenant: source, userId: user, targetTenant: target, store: store, at: now)
        } catch let error as ProvisionInputError {
            throw UsageError(error.message)
        }
        if json {
            ProvisionOutput.writeJSONLines(entries)
        } else {
            ProvisionOutput.write("dry run: provision on demand of \(user) from \(source)\(target.map { " to \($0)" } ?? ""), "
                + "decided from \(store.locationDescription); nothing was changed or published\n\n" + ProvisionReport.text(entries))
        }
        return 0
    }

    let bootstrap = try FeedCommandSupport.bootstrap(options)
    guard let seconds = try options.double("--timeout"), seconds > 0 else {
        throw UsageError("--timeout: expected a positive number of seconds")
    }
    let group = try options.required("--group")
    var settings = ProvisionRun.Settings(bootstrap: bootstrap)
    settings.group = group
    settings.timeout = .milliseconds(Int64(seconds * 1000))
    let logger = try CommonOptions.logger(options, label: "provision")
    var line: ProgressLine?
    let result = try FeedCommandSupport.kafka {
        try ProvisionRun(settings: settings, logger: logger).run(sourceTenant: source, userId: user, targetTenant: target, at: now) {
            published, entries in
            if line == nil {
                line = ProgressLine(label: "waiting for group \(group) to apply directory-changes[\(published.partition)] "
                    + "offset \(published.offset); entries", enabled: !json)
            }
            line?.update(done: entries)
        }
    }
    line?.finish()
    let place = "directory-changes[\(result.published.partition)] offset \(result.published.offset)"
    switch result.answer {
    case .refused(let reason, let code):
        throw UsageError("the workers refused provision.user (\(place), \(code)): \(reason)")
    case .entries(let entries):
        guard !entries.isEmpty else {
            throw ProvisionCommandError("the workers applied provision.user (\(place)) but logged no entry")
        }
        if json {
            ProvisionOutput.writeJSONLines(entries)
        } else {
            let ms = Int((Double(result.waited.components.attoseconds) / 1e15).rounded()) + Int(result.waited.components.seconds) * 1000
            ProvisionOutput.write("provision on demand of \(user) from \(source)\(target.map { " to \($0)" } ?? ""): "
                + "applied by group \(group) in \(ms) ms (\(place))\n\n" + ProvisionReport.text(entries))
        }
        if entries.allSatisfy({ $0.error?.code == Engine.sourceUserNotFoundCode }) {
            throw UsageError(ProvisionInputError.unknownUserMessage(user, tenant: source))
        }
        return 0
    }
}

/// Output of `provision`: unbuffered, so the lines are out before an error message on stderr.
enum ProvisionOutput {
    static func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    /// One entry per line, as on the provisioning-log topic.
    static func writeJSONLines(_ entries: [ProvisioningLogEntry]) {
        var bytes: [UInt8] = []
        for entry in entries {
            bytes += LogEntryCodec.encode(entry)
            bytes.append(0x0A)
        }
        FileHandle.standardOutput.write(Data(bytes))
    }
}

/// A runtime failure of `provision` (exit 1).
struct ProvisionCommandError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
