import Foundation
import Kafka
import Support
import SyncCore
import SyncFeed
import Testing
import TestSupport

@Suite struct FeedPublisherTests {
    static let good = #"{"schema":"tenantsync.change.v1","tenantId":"contoso","seq":1,"occurredAt":"2026-12-03T16:00:00.000Z","type":"user.deleted","userId":"u-1"}"#

    @Test(arguments: [
        ("invalid JSON", #"{"schema":"tenantsync.change.v1","tenantId":"#, ChangeDecodingError.Code.undecodable, "not JSON"),
        ("missing field", #"{"schema":"tenantsync.change.v1","tenantId":"contoso","seq":2,"occurredAt":"2026-12-03T16:00:00.000Z","type":"user.deleted"}"#, .invalidField, "userId"),
        ("wrong type", #"{"schema":"tenantsync.change.v1","tenantId":"contoso","seq":"two","occurredAt":"2026-12-03T16:00:00.000Z","type":"user.deleted","userId":"u"}"#, .invalidField, "seq"),
        ("unknown type", #"{"schema":"tenantsync.change.v1","tenantId":"contoso","seq":2,"occurredAt":"2026-12-03T16:00:00.000Z","type":"user.exploded","userId":"u"}"#, .unknownType, "user.exploded"),
        ("wrong schema", #"{"schema":"tenantsync.change.v0","tenantId":"contoso","seq":2,"occurredAt":"2026-12-03T16:00:00.000Z","type":"user.deleted","userId":"u"}"#, .unknownSchema, "schema"),
    ])
    func aBadLineIsReportedWithItsLineNumberAndReasonAndNotPublished(
        _ kind: String, _ bad: String, _ code: ChangeDecodingError.Code, _ named: String
    ) throws {
        var feed = FeedPublisher(publisher: KeyedRecordingPublisher())
        try feed.submit(Array(Self.good.utf8), number: 1)
        let rejection = try feed.submit(Array(bad.utf8), number: 2)
        try feed.submit(Array(Self.good.utf8), number: 3)
        let summary = try feed.finish()
        #expect(rejection?.line == 2, "\(kind)")
        #expect(rejection?.code == code, "\(kind)")
        #expect(rejection?.reason.contains(named) == true, "\(kind): \(rejection?.reason ?? "")")
        #expect(rejection?.description.hasPrefix("line 2: ") == true)
        #expect(summary.read == 3 && summary.published == 2 && summary.rejected == [rejection!])
        #expect(feed.publisher.records.count == 2)
        #expect(feed.publisher.records.allSatisfy { $0.value == Array(Self.good.utf8) })
        #expect(feed.publisher.flushes == 1)
    }

    @Test func goodLinesArePublishedUnchangedKeyedByTheirTenantAndBlankLinesAreSkipped() throws {
        let lines = smallFeed()
        var feed = FeedPublisher(publisher: KeyedRecordingPublisher())
        var number = 0
        for line in lines {
            number += 1
            try feed.submit(line, number: number)
            number += 1
            try feed.submit(Array("  ".utf8), number: number)
        }
        let summary = try feed.finish()
        #expect(summary.read == lines.count && summary.published == lines.count && summary.rejected.isEmpty)
        #expect(feed.publisher.records.map { $0.value } == lines)
        for record in feed.publisher.records {
            #expect(try ChangeCodec.decode(record.value).tenantId == record.key)
        }
    }

    @Test func theLineReaderNumbersLinesAndHandlesCRLFAndAMissingFinalNewline() throws {
        let seen = try withTemporaryFile("a\r\n\nbb\nccc") { path in
            var seen: [(String, Int)] = []
            let count = try LineReader.forEachLine(atPath: path) { seen.append((String(decoding: $0, as: UTF8.self), $1)) }
            #expect(count == 4)
            return seen
        }
        #expect(seen.map(\.0) == ["a", "", "bb", "ccc"])
        #expect(seen.map(\.1) == [1, 2, 3, 4])
    }
}

@Suite(.serialized) struct KafkaFeedRoundTripTests {
    @Test(arguments: FeedBackend.allCases)
    func aFeedPublishedToTheTopicDecodesToTheEventsOfTheFile(_ backend: FeedBackend) async throws {
        let topic = "directory-changes"
        let lines = smallFeed()
        try await withFeedCluster(backend, topics: [(topic, 3)]) { bootstrap in
            let publisher = try KafkaChangePublisher(bootstrap: bootstrap, topic: topic, logger: feedTestLogger) {
                $0.linger = .milliseconds(2)
            }
            var feed = FeedPublisher(publisher: publisher)
            for (i, line) in lines.enumerated() { try feed.submit(line, number: i + 1) }
            let summary = try feed.finish()
            #expect(summary.published == lines.count)
            #expect(feed.publisher.delivered == lines.count)

            let records = try readTopic(bootstrap, topic, count: lines.count)
            #expect(records.count == lines.count)
            // Keyed by tenant, so each tenant's events come back in file order.
            func byTenant(_ events: [ChangeEvent]) -> [String: [ChangeEvent]] { Dictionary(grouping: events, by: \.tenantId) }
            let expected = byTenant(try lines.map { try ChangeCodec.decode($0) })
            var consumed: [ChangeEvent] = []
            for record in records.sorted(by: { ($0.partition, $0.offset) < ($1.partition, $1.offset) }) {
                let event = try ChangeCodec.decode(Array(try #require(record.value)))
                #expect(record.key.map { String(decoding: $0, as: UTF8.self) } == event.tenantId)
                consumed.append(event)
            }
            #expect(byTenant(consumed) == expected)
        }
    }

    @Test func aRecordTheBrokerNeverAcknowledgesFailsFlushNamingTheRecord() async throws {
        try await withMockCluster(brokers: 1) { mock in
            try mock.createTopic("directory-changes", partitions: 1)
            try mock.setBrokerDown(1)
            // The broker is down on purpose: its connection errors are expected, so they are not logged.
            let quiet = Logger(label: "kafka", level: .error, sink: .discard)
            var publisher = try KafkaChangePublisher(bootstrap: mock.bootstrap, logger: quiet) {
                $0.messageTimeout = .milliseconds(500)
            }
            try publisher.publish(key: Array("contoso".utf8), value: Array(FeedPublisherTests.good.utf8))
            let error = #expect(throws: PublishError.self) { try publisher.flush() }
            #expect(error?.failures.count == 1)
            #expect(error?.description.contains("key 'contoso'") == true)
            #expect(publisher.delivered == 0)
        }
    }
}

@Suite struct FeedFileTests {
    @Test func aGeneratedFeedWithMalformedLinesIsRejectedExactlyOnTheLinesTheCoreRejects() throws {
        var generator = FeedGenerator(options: FeedGeneratorOptions(tenants: 2, users: 30, groups: 3, changes: 300, seed: 3,
                                                                    malformedRate: 0.1))
        var text = ""
        _ = try generator.generate { text += String(decoding: $0, as: UTF8.self) + "\n" }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map { Array($0.utf8) }
        let expectedBad = lines.indices.filter { (try? ChangeCodec.decode(lines[$0])) == nil }.map { $0 + 1 }
        #expect(!expectedBad.isEmpty)
        let (summary, published) = try withTemporaryFile(text) { path in
            var feed = FeedPublisher(publisher: KeyedRecordingPublisher())
            try LineReader.forEachLine(atPath: path) { try feed.submit($0, number: $1) }
            return (try feed.finish(), feed.publisher.records.count)
        }
        #expect(summary.rejected.map(\.line) == expectedBad)
        #expect(summary.read == lines.count)
        #expect(published == lines.count - expectedBad.count)
    }
}
