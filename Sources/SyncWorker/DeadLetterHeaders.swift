import Foundation
import Kafka
import SyncCore

/// The headers of a dead letter, as `topics/schemas/dead-letter-headers.md` lists them.
public enum DeadLetterHeaders {
    /// `tenantsync.dlq.reason`: one line a person can act on.
    public static let reason = "tenantsync.dlq.reason"
    /// `tenantsync.dlq.code`: a stable code (`undecodable`, `invalidField`, `tenantOutsideOrganization`, …).
    public static let code = "tenantsync.dlq.code"
    /// `tenantsync.dlq.topic`: the topic the record came from.
    public static let topic = "tenantsync.dlq.topic"
    /// `tenantsync.dlq.partition`: its partition, decimal.
    public static let partition = "tenantsync.dlq.partition"
    /// `tenantsync.dlq.offset`: its offset, decimal.
    public static let offset = "tenantsync.dlq.offset"
    /// `tenantsync.dlq.time`: RFC 3339 time the worker rejected it.
    public static let time = "tenantsync.dlq.time"
    /// `tenantsync.dlq.worker`: the worker that rejected it.
    public static let worker = "tenantsync.dlq.worker"

    /// The headers for one rejected record.
    /// - Parameters:
    ///   - reason: the reason line; `code`: the stable code; `topic`, `partition`, `offset`: where the record was read;
    ///   - time: when it was rejected; `worker`: who rejected it.
    public static func make(reason: String, code: String, topic: String, partition: Int32, offset: Int64,
                            time: Date, worker: String) -> [KafkaHeader] {
        [
            KafkaHeader(key: Self.reason, string: reason),
            KafkaHeader(key: Self.code, string: code),
            KafkaHeader(key: Self.topic, string: topic),
            KafkaHeader(key: Self.partition, string: String(partition)),
            KafkaHeader(key: Self.offset, string: String(offset)),
            KafkaHeader(key: Self.time, string: Timestamp.format(time)),
            KafkaHeader(key: Self.worker, string: worker),
        ]
    }

    /// `host:pid` of this process, the default worker name.
    public static var defaultWorkerName: String {
        "\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier)"
    }
}
