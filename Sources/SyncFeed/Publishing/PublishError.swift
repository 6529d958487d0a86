import Kafka

/// Records the broker never acknowledged: a feed command must fail with these, never drop them silently.
public struct PublishError: Error, Sendable, CustomStringConvertible {
    /// Every failed delivery, with its record.
    public var failures: [DeliveryError]

    /// Creates the error from failed deliveries (at least one).
    public init(failures: [DeliveryError]) { self.failures = failures }

    /// `N records were not delivered; first: key K, value …: reason`.
    public var description: String {
        guard let first = failures.first else { return "no records failed" }
        let key = first.record.key.map { String(decoding: $0, as: UTF8.self) } ?? "(none)"
        let value = first.record.value.map { String(decoding: $0.prefix(120), as: UTF8.self) } ?? "(tombstone)"
        return "\(failures.count) record(s) were not delivered to \(first.record.topic); first: key '\(key)', "
            + "value \(value): \(first.error)"
    }
}
