import FastJSON
import Support
import SyncCore
import SyncStore

let configListCommand = CommandSpec(
    ["config", "list"], summary: "list configurations as the workers applied them (reads the store)",
    discussion: """
    Reads the configurations from the store the workers write (--store): for each, its source and target tenants,
    scope groups, whether it is active or quarantined by the deletion threshold, and how many deletes it holds.
    Configurations published but not yet applied by a worker are not shown. --json prints one JSON array.
    """,
    options: [
        OptionSpec("--source", value: "ID", help: "only the configurations of this source tenant"),
        CommonOptions.store,
        CommonOptions.json,
        CommonOptions.logLevel,
    ]
) { options in
    let location = try StoreLocation.parse(try options.required("--store"))
    let store = try openStore(location, logger: try CommonOptions.logger(options, label: "store"))
    let source = options.string("--source")
    var rows: [(Configuration, DeletionThreshold?)] = []
    for record in try store.tenantStates() where source == nil || record.tenant == source {
        let state: TenantState
        do {
            state = try StateRecordCodec.decodeTenantState(record.body)
        } catch {
            throw ConfigListError("tenant state of \(record.tenant) in the store is unreadable: \(error)")
        }
        for configuration in state.configurations.values {
            rows.append((configuration, state.thresholds[configuration.id]))
        }
    }
    rows.sort { ($0.0.sourceTenant, $0.0.id) < ($1.0.sourceTenant, $1.0.id) }
    if options.flag("--json") {
        let items: [JSONValue] = rows.map { configuration, threshold in
            .object(JSONObject([
                ("id", .string(configuration.id)), ("sourceTenant", .string(configuration.sourceTenant)),
                ("targetTenant", .string(configuration.targetTenant)),
                ("groups", configuration.scope.groups.map { .array($0.map { .string($0) }) } ?? .null),
                ("state", .string(threshold?.isQuarantined == true ? "quarantined" : "active")),
                ("heldDeletes", .int(Int64(threshold?.held.count ?? 0))),
                ("reason", threshold?.reason.map { .string($0) } ?? .null),
            ]))
        }
        print(JSONValue.array(items).serializedString())
        return 0
    }
    if rows.isEmpty {
        print("no configurations in \(store.locationDescription)")
        return 0
    }
    for (configuration, threshold) in rows {
        let state = threshold?.isQuarantined == true
            ? "quarantined (\(threshold?.held.count ?? 0) deletes held: \(threshold?.reason ?? "threshold crossed"))"
            : "active"
        let groups = configuration.scope.groups.map { $0.joined(separator: ",") } ?? "all internal users"
        print("\(configuration.sourceTenant)/\(configuration.id) -> \(configuration.targetTenant)  groups: \(groups)  \(state)")
    }
    return 0
}

struct ConfigListError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
