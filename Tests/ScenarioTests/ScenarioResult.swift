import FastJSON
import Foundation
import Support
import SyncWorker
import Testing

/// One scenario file of `Scenarios/` run through `Simulation` (the real pipeline: in-process cluster, real workers,
/// SQLite), with readers for what the rules talk about: target users, configuration states, log entries.
struct ScenarioResult {
    /// The folder of the scenario files, found from this file so the tests run from any working directory.
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Scenarios")

    /// The result object exactly as `simulate` prints it.
    let output: String
    let value: JSONValue

    /// Runs `Scenarios/<name>.json` with one worker on one partition and, when `fleet` is set, at the same time
    /// with three workers on six partitions; the two outputs must be the same bytes (`scenario.md`). The first run
    /// applies a small scenario in one batch; the fleet applies one record per batch, so every step's state also
    /// goes through the store and is loaded back by the next.
    /// - Parameter steps: when given, only the first `steps` steps of the file run (to see a state midway).
    /// - Throws: when the file cannot be read, a run does not succeed, or the output is not JSON.
    static func run(_ name: String, steps: Int? = nil, fleet: Bool = true,
                    sourceLocation: SourceLocation = #_sourceLocation) async throws -> ScenarioResult {
        var bytes = try Array(Data(contentsOf: folder.appendingPathComponent("\(name).json")))
        if let steps {
            let file = try #require(try JSONValue(parsing: bytes).object, sourceLocation: sourceLocation)
            let kept = try #require(file["steps"]?.array, sourceLocation: sourceLocation).prefix(steps)
            try #require(kept.count == steps, "\(name) has fewer than \(steps) steps", sourceLocation: sourceLocation)
            bytes = Array(JSONValue.object(JSONObject(file.map { ($0.key, $0.key == "steps" ? .array(Array(kept)) : $0.value) }))
                .serializedString().utf8)
        }
        let scenario = bytes
        let logger = Logger(label: "scenario", level: .critical)
        async let single = onThread { Simulation(workers: 1, partitions: 1).run(scenario: scenario, logger: logger) }
        var fleetSimulation = Simulation(workers: 3, partitions: 6)
        fleetSimulation.maxBatch = 1
        let recordByRecord = fleetSimulation
        async let many = fleet ? onThread { recordByRecord.run(scenario: scenario, logger: logger) } : nil
        let (one, fleetOutcome) = await (single, many)
        try #require(one.status == 0, "\(name): \(one.error)", sourceLocation: sourceLocation)
        if let fleetOutcome {
            try #require(fleetOutcome.status == 0, "\(name) on 3 workers, 6 partitions: \(fleetOutcome.error)", sourceLocation: sourceLocation)
            #expect(fleetOutcome.output == one.output, "\(name): 3 workers on 6 partitions, one record per batch, print another result than 1 on 1",
                    sourceLocation: sourceLocation)
        }
        return ScenarioResult(output: one.output, value: try JSONValue(parsing: Array(one.output.utf8)))
    }

    /// At most this many simulations at once: each mostly waits (group joins, polls, client shutdowns) and uses
    /// little CPU, so running many together is what keeps the suite short on two cores.
    private static let slots = DispatchSemaphore(value: 12)

    /// Runs blocking work on a thread of its own, so tests waiting for simulations do not hold the cooperative
    /// pool (as wide as the machine has cores) that other suites need.
    private static func onThread<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            Thread {
                slots.wait()
                let value = body()
                slots.signal()
                continuation.resume(returning: value)
            }.start()
        }
    }

    // MARK: targets

    /// The users of a target tenant, in the result's order (by userPrincipalName).
    func users(in tenant: String) -> [JSONValue] { value["targets"]?[tenant]?["users"]?.array ?? [] }

    /// The userPrincipalNames of a target tenant, in order.
    func upns(in tenant: String) -> [String] { users(in: tenant).map { $0["userPrincipalName"]?.string ?? "?" } }

    /// The target tenants the result lists.
    var targetTenants: [String] { value["targets"]?.object?.keys ?? [] }

    /// The user of `tenant` anchored to `source`/`sourceUser` (alternativeSecurityIds), nil when there is none.
    func user(_ sourceUser: String, from source: String = "contoso", in tenant: String) -> JSONValue? {
        users(in: tenant).first {
            $0["alternativeSecurityIds"] == .array([["identityProvider": .string(source), "key": .string(sourceUser)]])
        }
    }

    // MARK: configurations

    /// `"<sourceTenant>/<id> -> <targetTenant>: <state>"` for every configuration, in the result's order.
    var configurations: [String] {
        (value["configurations"]?.array ?? []).map {
            "\($0["sourceTenant"]?.string ?? "?")/\($0["id"]?.string ?? "?") -> \($0["targetTenant"]?.string ?? "?"): \($0["state"]?.string ?? "?")"
        }
    }

    // MARK: log

    /// Every log entry, in the result's order.
    var log: [JSONValue] { value["log"]?.array ?? [] }

    /// The entries of one change: `"contoso:3"` for seq 3 of contoso, `"contoso:share.edit"` for an admin step
    /// published under contoso's key.
    func entries(_ changeId: String) -> [JSONValue] { log.filter { $0["changeId"]?.string == changeId } }

    /// The entries about one source user (`sourceIdentity.id`).
    func entries(about sourceUser: String) -> [JSONValue] { log.filter { $0["sourceIdentity"]?["id"]?.string == sourceUser } }
}

/// Short, comparable renderings of log entries.
extension JSONValue {
    /// `"<targetTenant> <configurationId> <action> <status>"`, plus ` <error.code>` when the entry has an error.
    var brief: String {
        var text = [self["targetTenant"], self["configurationId"], self["action"], self["status"]].map { $0?.string ?? "?" }
            .joined(separator: " ")
        if let code = self["error"]?["code"]?.string { text += " " + code }
        return text
    }

    /// The detail of a step (`import`, `scoping`, `matching`, `action`).
    func step(_ name: String) -> String? {
        self["steps"]?.array?.first { $0["name"]?.string == name }?["detail"]?.string
    }

    /// `modifiedProperties` as `name: old -> new`, values in JSON.
    var modified: [String] {
        (self["modifiedProperties"]?.array ?? []).map {
            "\($0["name"]?.string ?? "?"): \($0["oldValue"]?.serializedString() ?? "?") -> \($0["newValue"]?.serializedString() ?? "?")"
        }
    }
}
