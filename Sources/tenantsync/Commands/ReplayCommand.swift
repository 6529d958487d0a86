import FastJSON
import Foundation
import Kafka
import Support
import SyncCore
import SyncFeed

let replayCommand = CommandSpec(
    ["replay"], summary: "publish a change feed at a steady rate, reporting achieved rate and delivery latency",
    discussion: """
    For load tests: loads --file (change events, one per line), then publishes them to directory-changes keyed by
    tenantId at --rate events a second (a token bucket sending batches about every millisecond; without --rate, as
    fast as the producer takes them), and waits for every delivery. Lines the domain core rejects are not published
    (they are counted, and the first few reported on standard error). Prints the events sent, the achieved rate
    (from the first send to the last) and the delivery latency from send to delivery report, p50, p99 and max
    (measured to about a millisecond), --json: one object. Progress is shown on a terminal.
    Exit codes: 0 every event delivered, 2 bad usage or an unreadable file, 1 a delivery or cluster failure.
    """,
    options: [
        OptionSpec("--file", value: "FILE.jsonl", help: "the change feed to replay"),
        OptionSpec("--rate", value: "EVENTS_PER_S", help: "events per second (default: unpaced)"),
        CommonOptions.bootstrap,
        CommonOptions.json,
        CommonOptions.logLevel,
    ]
) { options in
    let path = try options.required("--file")
    let rate = try options.double("--rate")
    if let rate, rate <= 0 { throw UsageError("--rate: expected a positive number of events per second") }
    let bootstrap = try FeedCommandSupport.bootstrap(options)
    let logger = try CommonOptions.logger(options, label: "replay")
    let json = options.flag("--json")

    var records: [(key: [UInt8], value: [UInt8])] = []
    var skipped = 0
    do {
        try LineReader.forEachLine(atPath: path) { line, number in
            guard !line.isEmpty else { return }
            do {
                let event = try ChangeCodec.decode(line)
                records.append((Array(event.tenantId.utf8), line))
            } catch let error as ChangeDecodingError {
                skipped += 1
                if skipped <= 5 { FeedCommandSupport.printError("line \(number): \(error.reason) (not published)") }
            }
        }
    } catch {
        throw UsageError("--file: cannot read \(path): \(error)")
    }

    var config = KafkaProducerConfig(bootstrapServers: bootstrap)
    config.idempotent = true
    let producer = try FeedCommandSupport.kafka { try KafkaProducer(config: config, logger: logger.labeled("kafka")) }
    let topic = TopicCatalog.directoryChanges.name
    let clock = ContinuousClock()
    let origin = clock.now
    var sentAt = [Duration](repeating: .zero, count: records.count)
    var firstID: UInt64?
    var latencies = LatencySamples()
    var failures: [DeliveryError] = []
    func collect(_ reports: [DeliveryReport]) {
        let now = clock.now - origin
        for report in reports {
            if let error = report.error { failures.append(error); continue }
            guard let firstID, report.id >= firstID, Int(report.id - firstID) < sentAt.count else { continue }
            latencies.add(now - sentAt[Int(report.id - firstID)])
        }
    }
    let progress = ProgressLine(label: "replay", enabled: !json)
    let loop = ReplayLoop(rate: rate)
    let timing = try loop.run(
        count: records.count, now: { clock.now - origin },
        wait: { collect(producer.poll(timeout: $0)) },
        send: { i in
            let record = records[i]
            sentAt[i] = clock.now - origin
            let id = try producer.send(ProducerRecord(topic: topic, key: record.key, value: record.value))
            // Ids are consecutive for one producer used by one thread.
            if firstID == nil { firstID = id }
        },
        progress: { progress.update(done: $0, total: records.count) })
    while producer.inFlight > 0 {
        collect(producer.poll(timeout: .milliseconds(100)))
        if clock.now - origin > timing.elapsed + config.messageTimeout + .seconds(30) { break }
    }
    collect(try producer.flush(timeout: .seconds(1)))
    collect(producer.poll())
    progress.finish()
    if !failures.isEmpty { throw PublishError(failures: failures) }
    if latencies.count != records.count {
        throw KafkaError(code: .timedOut, reason: "\(records.count - latencies.count) of \(records.count) events have no delivery report")
    }

    func ms(_ d: Duration?) -> Double {
        guard let c = d?.components else { return 0 }
        return ((Double(c.seconds) * 1000 + Double(c.attoseconds) / 1e15) * 100).rounded() / 100
    }
    let p50 = ms(latencies.percentile(0.5)), p99 = ms(latencies.percentile(0.99)), max = ms(latencies.percentile(1))
    let seconds = Double(timing.elapsed.components.seconds) + Double(timing.elapsed.components.attoseconds) / 1e18
    let achieved = timing.achievedRate.rounded()
    if json {
        var fields: [(String, JSONValue)] = [
            ("events", .int(Int64(timing.sent))), ("skipped", .int(Int64(skipped))),
            ("seconds", .double((seconds * 1000).rounded() / 1000)), ("eventsPerSecond", .double(achieved)),
        ]
        if let rate { fields.append(("targetRate", .double(rate))) }
        fields.append(("latencyMs", ["p50": .double(p50), "p99": .double(p99), "max": .double(max)]))
        FeedCommandSupport.printJSON(.object(JSONObject(fields)))
    } else {
        let target = rate.map { String(format: " (asked %.0f, %.1f%%)", $0, achieved / $0 * 100) } ?? ""
        print("replayed \(timing.sent) events in \(String(format: "%.2f", seconds)) s: \(Int(achieved)) events/s\(target); "
            + "delivery latency p50 \(p50) ms, p99 \(p99) ms, max \(max) ms"
            + (skipped > 0 ? "; \(skipped) invalid lines skipped" : ""))
    }
    return 0
}
