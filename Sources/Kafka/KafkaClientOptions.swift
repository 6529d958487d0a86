/// Settings every client kind shares: where the cluster is, who we are, metrics, and the raw escape hatch.
public struct KafkaClientOptions: Sendable {
    /// Bootstrap servers, `host:port[,host:port...]` (librdkafka `bootstrap.servers`). Validated at client creation.
    public var bootstrapServers: String
    /// The client id the broker logs (`client.id`). Default `tenantsync`.
    public var clientID: String = "tenantsync"
    /// How often librdkafka emits its statistics JSON to `onStatistics`; nil (the default) disables statistics.
    public var statisticsInterval: Duration? = nil
    /// Receives librdkafka's statistics JSON (see librdkafka's STATISTICS.md), on the thread that polls.
    public var onStatistics: (@Sendable (String) -> Void)? = nil
    /// How often topic metadata is refreshed (`topic.metadata.refresh.interval.ms`). Default 5 minutes, like
    /// librdkafka; tests lower it so new partitions and leaders are seen quickly.
    public var topicMetadataRefreshInterval: Duration = .seconds(300)
    /// librdkafka debug contexts (`debug`, e.g. `cgrp,topic`), logged at debug level; nil (the default) for none.
    public var debugContexts: String? = nil
    /// Raw librdkafka properties, applied after (and over) the typed settings. An unknown name or a bad value makes
    /// client creation fail with an error naming the property.
    public var properties: [String: String] = [:]

    /// Options for a cluster; every other setting has its documented default.
    public init(bootstrapServers: String) {
        self.bootstrapServers = bootstrapServers
    }

    func librdkafkaProperties() -> [(String, String)] {
        var out: [(String, String)] = [
            ("bootstrap.servers", bootstrapServers),
            ("client.id", clientID),
            ("topic.metadata.refresh.interval.ms", String(topicMetadataRefreshInterval.milliseconds)),
        ]
        if let statisticsInterval {
            out.append(("statistics.interval.ms", String(max(1, statisticsInterval.milliseconds))))
        }
        if let debugContexts { out.append(("debug", debugContexts)) }
        return out
    }

    /// Checks `bootstrapServers`: a non-empty list of `host:port`, optionally with a `SCHEME://` prefix.
    func validateBootstrap() throws(KafkaError) {
        let entries = bootstrapServers.split(separator: ",", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: " ") }
        func bad(_ why: String) -> KafkaError {
            KafkaError.configuration("bootstrap.servers '\(bootstrapServers)' is invalid: \(why) "
                + "(expected host:port[,host:port...])")
        }
        guard !bootstrapServers.trimmingCharacters(in: " ").isEmpty else { throw bad("it is empty") }
        for var entry in entries {
            guard !entry.isEmpty else { throw bad("an entry is empty") }
            if let scheme = entry.firstRange(of: "://") { entry = String(entry[scheme.upperBound...]) }
            guard let colon = entry.lastIndex(of: ":") else { throw bad("'\(entry)' has no port") }
            let host = entry[..<colon]
            let port = entry[entry.index(after: colon)...]
            guard !host.isEmpty, !host.contains(" "), !(host.contains(":") && !host.hasPrefix("[")) else {
                throw bad("'\(entry)' has no valid host")
            }
            guard let number = Int(port), (1...65535).contains(number) else {
                throw bad("'\(entry)' has no valid port")
            }
        }
    }
}

extension String {
    fileprivate func trimmingCharacters(in character: Character) -> String {
        var s = Substring(self)
        while s.first == character { s = s.dropFirst() }
        while s.last == character { s = s.dropLast() }
        return String(s)
    }
}

extension Substring {
    fileprivate func trimmingCharacters(in character: Character) -> String { String(self).trimmingCharacters(in: character) }
}

extension Duration {
    /// Whole milliseconds, rounded down, clamped to `Int32` (what librdkafka's timeouts take).
    var milliseconds: Int {
        let (seconds, attoseconds) = components
        let ms = seconds * 1000 + attoseconds / 1_000_000_000_000_000
        return Int(max(Int64(Int32.min), min(Int64(Int32.max), ms)))
    }

    var timeoutMs: Int32 { Int32(max(0, milliseconds)) }
}
