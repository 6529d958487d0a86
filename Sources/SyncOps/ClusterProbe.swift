import Kafka
import Support

/// Metadata look-ups with a bounded wait, turning "cannot reach the cluster" into an `OpsError` a person can read.
enum ClusterProbe {
    /// The partitions of `topic`.
    static func partitions(of topic: String, bootstrap: String, logger: Logger, timeout: Duration) throws -> [TopicPartition] {
        let admin = try KafkaAdmin(options: KafkaClientOptions(bootstrapServers: bootstrap), logger: logger.labeled("kafka"))
        do {
            return try admin.partitions(of: topic, timeout: timeout)
        } catch where error.code == .unknownTopicOrPartition {
            throw OpsError("topic '\(topic)' does not exist on \(bootstrap) (create it with 'tenantsync topics create')")
        } catch {
            throw OpsError("cannot reach Kafka at \(bootstrap) within \(timeout): \(error.reason)")
        }
    }

    /// The watermarks of one partition.
    static func watermarks(_ consumer: KafkaConsumer, _ partition: TopicPartition, bootstrap: String,
                           timeout: Duration) throws -> (low: Int64, high: Int64) {
        do {
            return try consumer.watermarks(of: partition, timeout: timeout)
        } catch {
            throw OpsError("cannot read the offsets of \(partition) from \(bootstrap) within \(timeout): \(error.reason)")
        }
    }
}
