import Foundation
import Kafka
import Support
import SyncCore
import SyncFeed
import SyncOps

/// What the `logs` commands share: the filter from the options, the reader, reports on stderr, unbuffered output.
enum LogsCommandSupport {
    /// The filter (bad values are usage errors naming the option) and a reader of the provisioning-log topic.
    static func prepare(_ options: ParsedOptions) throws -> (LogFilter, LogReader) {
        let filter: LogFilter
        do {
            filter = try LogFilter.parse(
                tenant: options.string("--tenant"), source: options.string("--source"), user: options.string("--user"),
                action: options.string("--action"), status: options.string("--status"),
                since: options.string("--since"), change: options.string("--change"), now: Date())
        } catch {
            throw UsageError(error.description)
        }
        let bootstrap = try FeedCommandSupport.bootstrap(options)
        let logger = try CommonOptions.logger(options, label: "logs")
        return (filter, LogReader(bootstrap: bootstrap, topic: TopicCatalog.provisioningLog.name, logger: logger))
    }

    /// Every matching entry, ordered by time (then id), with a progress line on a terminal when `progress`.
    static func readAll(_ options: ParsedOptions, progress: Bool) throws -> [ProvisioningLogEntry] {
        let (filter, reader) = try prepare(options)
        let line = ProgressLine(label: "reading \(TopicCatalog.provisioningLog.name)", enabled: progress)
        var entries: [ProvisioningLogEntry] = []
        var seen = 0
        let stats = try reader.read(follow: false, onUndecodable: reportUndecodable) { entry in
            seen += 1
            line.update(done: seen)
            if filter.matches(entry) { entries.append(entry) }
        }
        line.finish()
        reportSkipped(stats)
        entries.sort { ($0.time, $0.id) < ($1.time, $1.id) }
        return entries
    }

    /// One undecodable record, on stderr.
    static func reportUndecodable(partition: Int32, offset: Int64, reason: String) {
        FileHandle.standardError.write(Data(
            "tenantsync: skipped undecodable record at \(TopicCatalog.provisioningLog.name)[\(partition)] offset \(offset): \(reason)\n".utf8))
    }

    /// The count of undecodable records, on stderr, when there were any.
    static func reportSkipped(_ stats: LogReader.Stats) {
        guard stats.undecodable > 0 else { return }
        FileHandle.standardError.write(Data("tenantsync: \(stats.undecodable) undecodable records skipped\n".utf8))
    }

    /// Writes to standard output at once (no buffering, so `--follow` through a pipe shows lines as they come).
    static func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}
