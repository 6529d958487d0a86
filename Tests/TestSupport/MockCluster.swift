import Kafka
import Support

/// Runs `body` with a fresh in-process mock Kafka cluster of `brokers` brokers, stopped afterwards.
///
/// Use `cluster.bootstrap` for clients and the cluster's methods to inject faults. Clients made in `body` must be
/// gone (or at least idle) before it returns: the cluster stops when the scope ends.
public func withMockCluster<T>(brokers: Int = 3, _ body: (KafkaMockCluster) async throws -> T) async throws -> T {
    let cluster = try KafkaMockCluster(brokers: brokers)
    defer { withExtendedLifetime(cluster) {} }
    return try await body(cluster)
}
