import FastJSON
import Foundation
import Support
import SyncCore
import SyncFeed
import SyncStore

/// What every admin command shares: its connection options and how it publishes its action.
enum AdminCommandSupport {
    /// The options every admin command takes besides its own.
    static let connectionOptions = [CommonOptions.bootstrap, CommonOptions.json, CommonOptions.logLevel]

    /// `--store` of the admin commands that check an action against the state the workers applied.
    static let checkStore = OptionSpec("--store", value: "STORE", help: "the workers' store, to check the tenants' organization",
                                       env: "TENANTSYNC_STORE")

    /// Every tenant state in the `--store` the options name, decoded; nil without `--store`.
    /// - Throws: `UsageError` for a bad store string, `StoreError` when it cannot be read, or a decoding error.
    static func storedTenantStates(_ options: ParsedOptions) throws -> [TenantState]? {
        guard let text = options.string("--store") else { return nil }
        let store = try openStore(try StoreLocation.parse(text), logger: try CommonOptions.logger(options, label: "store"))
        return try store.tenantStates().map { try StateRecordCodec.decodeTenantState($0.body) }
    }

    /// Publishes `publication` to directory-changes, waits for every delivery and prints what was published.
    static func publish(_ publication: AdminPublication, _ options: ParsedOptions) throws -> Int32 {
        guard !publication.keys.isEmpty else { throw UsageError("the action concerns no tenant, so there is no key to publish it under") }
        let bootstrap = try FeedCommandSupport.bootstrap(options)
        let logger = try CommonOptions.logger(options, label: "admin")
        var publisher = try FeedCommandSupport.kafka {
            try KafkaChangePublisher(bootstrap: bootstrap, logger: logger.labeled("kafka"))
        }
        let count = try publication.publish(occurredAt: Date(), to: &publisher)
        if options.flag("--json") {
            FeedCommandSupport.printJSON([
                "action": .string(publication.action.name), "records": .int(Int64(count)),
                "keys": .array(publication.keys.map { .string($0) }),
            ])
        } else {
            print("published \(publication.action.name) under \(count == 1 ? "key" : "keys") "
                + publication.keys.joined(separator: ", "))
        }
        return 0
    }

    /// The non-empty values of a repeatable option, at least one.
    static func nonEmpty(_ options: ParsedOptions, _ name: String) throws -> [String] {
        let values = options.strings(name)
        guard !values.isEmpty else { throw UsageError("missing required option \(name) (give it once per value)") }
        if values.contains(where: \.isEmpty) { throw UsageError("\(name): empty value") }
        return values
    }
}
