import Foundation
import Kafka
import Support
import SyncCore
import Testing
import TestSupport

/// The `logs` and `lag` commands of the built executable against a mock cluster of this process.
@Suite struct LogsCommandLineTests {
    typealias Output = ToolOutput

    func tenantsync(_ arguments: [String], bootstrap: String) throws -> Output {
        try runTenantsync(arguments + ["--bootstrap", bootstrap, "--log-level", "error"])
    }

    @Test func exportSummaryTailAndQueryReadTheTopicWithFiltersAndExitCodes() async throws {
        try await withMockCluster(brokers: 1) { cluster in
            try cluster.createTopic("provisioning-log", partitions: 3)
            let entries = [
                makeEntry(id: "e1", time: "2026-12-03T16:00:00.000Z", target: "fabrikam", displayName: "Lee, \"Ann\""),
                makeEntry(id: "e2", time: "2026-12-03T16:01:00.000Z", target: "litware", action: .other, status: .skipped,
                          error: ProvisioningError(code: "SourceGuest", reason: "guest", recommendedAction: "none")),
                makeEntry(id: "e3", time: "2026-12-03T16:02:00.000Z", target: "fabrikam", action: .update),
            ].map(LogEntryCodec.encode)
            try produce(cluster.bootstrap, topic: "provisioning-log",
                        [(0, entries[0]), (1, entries[1]), (2, entries[2]), (0, entries[0]), (1, Array("junk".utf8))])

            let csv = try tenantsync(["logs", "export", "--format", "csv"], bootstrap: cluster.bootstrap)
            #expect(csv.status == 0, "\(csv.stderr)")
            let rows = csv.stdout.components(separatedBy: "\r\n").filter { !$0.isEmpty }
            #expect(rows.count == 4)
            #expect(rows[1].hasPrefix("e1,") && rows[1].contains(",\"Lee, \"\"Ann\"\"\","))
            #expect(csv.stderr.contains("provisioning-log[1] offset 1"))

            let summary = try tenantsync(["logs", "summary", "--json", "--tenant", "fabrikam"], bootstrap: cluster.bootstrap)
            #expect(summary.status == 0)
            #expect(summary.stdout.hasPrefix("{\"total\":2,"))

            let tail = try tenantsync(["logs", "tail", "--json", "--limit", "2"], bootstrap: cluster.bootstrap)
            let lines = tail.stdout.split(separator: "\n")
            #expect(lines.count == 2)
            #expect(lines.map { (try? LogEntryCodec.decode(Array($0.utf8)))?.id } == ["e2", "e3"])

            let query = try tenantsync(["logs", "query", "--status", "skipped"], bootstrap: cluster.bootstrap)
            #expect(query.status == 0)
            #expect(query.stdout.contains("SourceGuest: guest") && !query.stdout.contains("update"))

            let bad = try tenantsync(["logs", "query", "--action", "explode"], bootstrap: cluster.bootstrap)
            #expect(bad.status == 2)
            #expect(bad.stderr.contains("--action"))

            let lag = try tenantsync(["lag", "--json", "--group", "nobody", "--topic", "provisioning-log"],
                                     bootstrap: cluster.bootstrap)
            #expect(lag.status == 0, "\(lag.stderr)")
            #expect(lag.stdout.contains("\"totalLag\":0") && lag.stdout.contains("{\"partition\":0,\"committed\":null,\"end\":2,"))
        }
    }
}
