import Foundation
import Support
import SyncCore
import SyncFeed
import SyncStore

let configApplyCommand = CommandSpec(
    ["config", "apply"], summary: "create or replace a hand-made configuration (admin action config.upsert)",
    discussion: """
    Reads a configuration (scenario.md: id, sourceTenant, targetTenant, scope with groups and filters, mappings,
    deletionThreshold) from --file, either the configuration object itself or a config.upsert action holding it,
    validates it with the domain core (required fields, filter clauses, mapping expressions) and publishes
    config.upsert keyed by its sourceTenant, waiting for the delivery. An invalid configuration is not published.
    With --store (the workers' store), the source and target tenants must be members of one organization as the
    workers applied it, else the configuration is refused (exit 2); without it that check is left to the workers,
    which dead-letter a configuration naming a tenant outside the organization.
    Exit codes: 0 published, 2 bad usage or an invalid configuration (the reason names the field),
    1 a delivery or cluster failure.
    """,
    options: [OptionSpec("--file", value: "CONFIG.json", help: "the configuration"), AdminCommandSupport.checkStore]
        + AdminCommandSupport.connectionOptions
) { options in
    let path = try options.required("--file")
    guard let data = FileManager.default.contents(atPath: path) else { throw UsageError("--file: cannot read \(path)") }
    let publication: AdminPublication
    do {
        publication = try AdminPublication.configUpsert(json: [UInt8](data))
    } catch let error as ChangeDecodingError {
        throw UsageError("\(path): invalid configuration: \(error.reason)")
    }
    if let storeText = options.string("--store"), case .configUpsert(let configuration) = publication.action {
        let store = try openStore(try StoreLocation.parse(storeText), logger: try CommonOptions.logger(options, label: "store"))
        let record = try store.tenantStates().first { $0.tenant == configuration.sourceTenant }
        let state = try record.map { try StateRecordCodec.decodeTenantState($0.body) }
        if let problem = publication.tenantProblem(sourceState: state) {
            throw UsageError("\(path): invalid configuration: \(problem)")
        }
    }
    return try AdminCommandSupport.publish(publication, options)
}

private let configRefOptions = [
    OptionSpec("--source", value: "ID", help: "the source tenant of the configuration"),
    OptionSpec("--id", value: "ID", help: "the configuration id"),
]

let configDeleteCommand = CommandSpec(
    ["config", "delete"], summary: "remove a configuration (admin action config.delete)",
    discussion: """
    Publishes config.delete, keyed by --source, and waits for the delivery. Users the configuration synced are
    soft-deleted unless another configuration keeps them in scope.
    Exit codes: 0 published, 2 bad usage, 1 a delivery or cluster failure.
    """,
    options: configRefOptions + AdminCommandSupport.connectionOptions
) { options in
    let action = AdminAction.configDelete(sourceTenant: try options.required("--source"),
                                          configurationId: try options.required("--id"))
    return try AdminCommandSupport.publish(AdminPublication(action: action), options)
}

let configAllowDeletesCommand = CommandSpec(
    ["config", "allow-deletes"], summary: "release deletes held by the deletion threshold (config.allowDeletes)",
    discussion: """
    Publishes config.allowDeletes, keyed by --source, and waits for the delivery. `config list` shows which
    configurations are quarantined and how many deletes they hold.
    Exit codes: 0 published, 2 bad usage, 1 a delivery or cluster failure.
    """,
    options: configRefOptions + AdminCommandSupport.connectionOptions
) { options in
    let action = AdminAction.configAllowDeletes(sourceTenant: try options.required("--source"),
                                                configurationId: try options.required("--id"))
    return try AdminCommandSupport.publish(AdminPublication(action: action), options)
}
