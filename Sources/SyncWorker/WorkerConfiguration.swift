import Foundation
import Kafka

/// The settings of one `Worker`, with the defaults a fleet process uses.
public struct WorkerConfiguration: Sendable {
    /// Kafka bootstrap servers.
    public var bootstrap: String
    /// The consumer group (and the name of the store's progress rows). Default `tenantsync-workers`.
    public var group: String = "tenantsync-workers"
    /// The input topic. Default `directory-changes`.
    public var inputTopic: String = "directory-changes"
    /// Where log entries go. Default `provisioning-log`.
    public var logTopic: String = "provisioning-log"
    /// Where dead letters go. Default `directory-changes.dlq`.
    public var deadLetterTopic: String = "directory-changes.dlq"
    /// The most records one batch holds. Default 500.
    public var maxBatch: Int = 500
    /// How long one poll waits for records. Default 100 ms.
    public var pollTimeout: Duration = .milliseconds(100)
    /// The group session timeout. Default 10 s.
    public var sessionTimeout: Duration = .seconds(10)
    /// The group heartbeat interval. Default 1 s.
    public var heartbeatInterval: Duration = .seconds(1)
    /// The first wait before retrying a batch after a store or broker failure. Default 50 ms.
    public var retryInitial: Duration = .milliseconds(50)
    /// The longest wait between retries. Default 5 s.
    public var retryMaximum: Duration = .seconds(5)
    /// The longest a relay waits for delivery reports. Default 30 s.
    public var deliveryTimeout: Duration = .seconds(30)
    /// How long a graceful stop may spend finishing the batch in hand. Default 10 s.
    public var stopTimeout: Duration = .seconds(10)
    /// The name in dead-letter headers and logs. Default `host:pid`.
    public var workerName: String = DeadLetterHeaders.defaultWorkerName
    /// What log entries are stamped with. Default the clock; `simulate` uses `occurredAt`.
    public var processingTime: BatchApplier.ProcessingTime = .clock
    /// The processing time stamped on log entries and dead letters (tests pass a fixed one).
    public var clock: @Sendable () -> Date = Date.init

    /// Creates a configuration with the defaults.
    /// - Parameter bootstrap: Kafka bootstrap servers.
    public init(bootstrap: String) {
        self.bootstrap = bootstrap
    }

    var consumerConfig: KafkaConsumerConfig {
        var config = KafkaConsumerConfig(bootstrapServers: bootstrap, groupID: group)
        config.assignor = .cooperativeSticky
        config.offsetReset = .earliest
        config.autoCommit = false
        config.sessionTimeout = sessionTimeout
        config.heartbeatInterval = heartbeatInterval
        config.fetchMaxWait = pollTimeout
        return config
    }
}
