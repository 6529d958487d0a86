import FastJSON
import Foundation
import Kafka
import Support

/// Helpers shared by the commands that talk to Kafka (topics, feed, admin actions, replay).
enum FeedCommandSupport {
    /// The bootstrap servers of `--bootstrap` / `TENANTSYNC_BOOTSTRAP`.
    static func bootstrap(_ options: ParsedOptions) throws -> String {
        guard let value = options.string("--bootstrap"), !value.isEmpty else {
            throw UsageError("missing --bootstrap (or TENANTSYNC_BOOTSTRAP): the Kafka bootstrap servers")
        }
        return value
    }

    /// Turns a configuration error of the Kafka client (a bad --bootstrap) into a usage error.
    static func kafka<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as KafkaError where error.code == .invalidArgument {
            throw UsageError("--bootstrap: \(error.reason)")
        }
    }

    /// Prints one JSON document on standard output.
    static func printJSON(_ value: JSONValue) {
        print(value.serializedString())
    }

    /// Writes one line on standard error.
    static func printError(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}
