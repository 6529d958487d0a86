import FastJSON
import SyncCore
import SyncOps
import Testing

@Suite struct LogSummaryTests {
    @Test func countsPerTargetActionStatusAndErrorsByCodeWithOneExampleEach() {
        let guest = ProvisioningError(code: "SourceGuest", reason: "u-x is a guest in contoso", recommendedAction: "none")
        let owner = ProvisioningError(code: "OwnerOnlyMembership", reason: "u-y only owns g-1", recommendedAction: "add")
        let entries = [
            makeEntry(time: "2026-12-03T16:00:00.000Z", target: "fabrikam", action: .create),
            makeEntry(time: "2026-12-03T16:05:00.000Z", target: "fabrikam", action: .create),
            makeEntry(time: "2026-12-03T15:55:00.000Z", target: "litware", action: .update),
            makeEntry(target: "fabrikam", action: .other, status: .skipped, error: guest),
            makeEntry(target: "litware", action: .other, status: .skipped,
                      error: ProvisioningError(code: "SourceGuest", reason: "another guest", recommendedAction: "none")),
            makeEntry(target: "litware", action: .other, status: .skipped, error: owner),
            makeEntry(target: "litware", action: .update, status: .failure,
                      error: ProvisioningError(code: "SourceGuest", reason: "odd failure", recommendedAction: "look")),
        ]
        let summary = LogSummary(entries)
        #expect(summary.total == 7)
        #expect(summary.counts[.init(targetTenant: "fabrikam", action: .create, status: .success)] == 2)
        #expect(summary.counts[.init(targetTenant: "litware", action: .update, status: .success)] == 1)
        #expect(summary.counts[.init(targetTenant: "litware", action: .other, status: .skipped)] == 2)
        #expect(summary.counts.values.reduce(0, +) == 7)
        let guests = summary.errors.first { $0.code == "SourceGuest" && $0.status == .skipped }
        #expect(guests?.count == 2)
        #expect(guests?.exampleReason == "u-x is a guest in contoso")
        #expect(summary.errors.first { $0.code == "SourceGuest" && $0.status == .failure }?.count == 1)
        #expect(summary.errors.first { $0.code == "OwnerOnlyMembership" }?.count == 1)
        #expect(summary.earliest == Timestamp.parse("2026-12-03T15:55:00Z"))
        #expect(summary.latest == Timestamp.parse("2026-12-03T16:05:00Z"))
        let json = summary.json().object
        #expect(json?["total"]?.int64 == 7)
        #expect(json?["from"]?.string == "2026-12-03T15:55:00.000Z")
        #expect(json?["errors"]?.array?.count == 3)
        #expect(summary.text().contains("OwnerOnlyMembership"))
    }

    @Test func anEmptySummarySaysSo() {
        let summary = LogSummary([])
        #expect(summary.total == 0 && summary.earliest == nil)
        #expect(summary.text() == "no entries\n")
        #expect(summary.json().object?["from"] == .null)
    }
}
