import Foundation
import FastJSON
import Support
import SyncFeed
import SyncOps

let lagCommand = CommandSpec(
    ["lag"], summary: "consumer lag per partition and in total, like kafka-consumer-groups --describe",
    discussion: """
    For each partition of --topic: the group's committed offset (CURRENT-OFFSET, the next offset it will read; "-"
    when it committed none), the end offset (LOG-END-OFFSET) and LAG = end − committed; then the total.
    "End" is one past the last record in the partition: the larger of the broker's high watermark and the offset
    of the last record found by reading the partition's tail + 1, so a broker that reports a stale high watermark
    after a multi-record batch (Tansu 0.6.0) does not hide lag. --json prints one JSON object with group, topic,
    totalLag and partitions (partition, committed, end, highWatermark, lag).
    """,
    options: [
        OptionSpec("--group", value: "NAME", help: "the consumer group", env: "TENANTSYNC_GROUP", default: "tenantsync-workers"),
        OptionSpec("--topic", value: "TOPIC", help: "the topic the group reads", default: TopicCatalog.directoryChanges.name),
        CommonOptions.bootstrap,
        CommonOptions.json,
        CommonOptions.logLevel,
    ]
) { options in
    let group = try options.required("--group")
    let topic = try options.required("--topic")
    if group.isEmpty { throw UsageError("--group: empty group name") }
    if topic.isEmpty { throw UsageError("--topic: empty topic name") }
    let bootstrap = try FeedCommandSupport.bootstrap(options)
    let logger = try CommonOptions.logger(options, label: "lag")
    let report = try LagProbe(bootstrap: bootstrap, logger: logger).lag(group: group, topic: topic)
    let text = options.flag("--json") ? report.json().serializedString() + "\n" : report.text()
    FileHandle.standardOutput.write(Data(text.utf8))
    return 0
}
