import Foundation
import Kafka
import Support
import SyncCore

/// A logger that writes nothing, for clients made in tests.
let quietLogger = Logger(label: "test", level: .critical, sink: .discard)

/// A topic name no other test uses.
func uniqueTopic(_ prefix: String) -> String { "\(prefix)-\(UInt32.random(in: 0...UInt32.max))" }

/// A log entry with sensible defaults; tests set what they look at.
func makeEntry(
    id: String = UUID().uuidString, time: String = "2026-12-03T16:00:00.000Z", changeId: String = "contoso:1",
    source: String = "contoso", target: String = "fabrikam", action: ProvisioningAction = .create,
    status: ProvisioningStatus = .success, sourceId: String = "u-ann", displayName: String? = "Ann Lee",
    targetId: String? = "t-ann", upn: String? = "ann_contoso.com#EXT#@fabrikam.com",
    modified: [ModifiedProperty] = [], error: ProvisioningError? = nil
) -> ProvisioningLogEntry {
    ProvisioningLogEntry(
        id: id, time: Timestamp.parse(time)!, changeId: changeId, configurationId: "MTO_Sync_\(target)",
        sourceTenant: source, targetTenant: target, action: action, status: status, sourceId: sourceId,
        sourceDisplayName: displayName, targetId: targetId, targetUserPrincipalName: upn, modifiedProperties: modified,
        steps: [ProvisioningStep(name: "action", status: status, detail: "done")], error: error)
}

/// Produces these values to these partitions of `topic` and waits until all are delivered.
func produce(_ bootstrap: String, topic: String, _ values: [(partition: Int32, value: [UInt8])]) throws {
    let producer = try KafkaProducer(config: KafkaProducerConfig(bootstrapServers: bootstrap), logger: quietLogger)
    for (partition, value) in values {
        _ = try producer.send(ProducerRecord(topic: topic, partition: partition, key: nil, value: value))
    }
    let reports = try producer.flush(timeout: .seconds(20))
    let failed = reports.filter { !$0.isDelivered }
    if !failed.isEmpty { throw OpsTestError("\(failed.count) records not delivered: \(failed[0].error!)") }
}

/// A failed fixture step.
struct OpsTestError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
