import Foundation
import SyncCore
import SyncOps
import Testing

@Suite struct LogFilterTests {
    let now = Timestamp.parse("2026-12-03T18:00:00Z")!

    @Test func eachOptionKeepsOnlyTheEntriesItNames() throws {
        let ann = makeEntry(changeId: "contoso:1", source: "contoso", target: "fabrikam", action: .create, status: .success)
        let bob = makeEntry(changeId: "woodgrove:7", source: "woodgrove", target: "litware", action: .update,
                            status: .failure, sourceId: "u-bob", targetId: "t-bob", upn: "bob@litware.com")
        func kept(_ filter: LogFilter) -> [String] { [ann, bob].filter(filter.matches).map(\.sourceId) }

        #expect(kept(try LogFilter.parse(tenant: "litware", now: now)) == ["u-bob"])
        #expect(kept(try LogFilter.parse(source: "contoso", now: now)) == ["u-ann"])
        #expect(kept(try LogFilter.parse(action: "update", now: now)) == ["u-bob"])
        #expect(kept(try LogFilter.parse(status: "success", now: now)) == ["u-ann"])
        #expect(kept(try LogFilter.parse(change: "woodgrove:7", now: now)) == ["u-bob"])
        #expect(kept(try LogFilter.parse(now: now)) == ["u-ann", "u-bob"])
        #expect(kept(try LogFilter.parse(tenant: "fabrikam", status: "failure", now: now)).isEmpty)
    }

    @Test func userMatchesSourceIdTargetIdOrUPNIgnoringUPNCase() throws {
        let ann = makeEntry(sourceId: "u-ann", targetId: "t-ann", upn: "Ann_contoso.com#EXT#@fabrikam.com")
        #expect(try LogFilter.parse(user: "u-ann", now: now).matches(ann))
        #expect(try LogFilter.parse(user: "t-ann", now: now).matches(ann))
        #expect(try LogFilter.parse(user: "ann_contoso.com#ext#@fabrikam.com", now: now).matches(ann))
        #expect(try !LogFilter.parse(user: "u-bob", now: now).matches(ann))
    }

    @Test func sinceAcceptsRFC3339AndRelativeTimesCountedBackFromNow() throws {
        let old = makeEntry(time: "2026-12-03T15:30:00.000Z")
        let recent = makeEntry(time: "2026-12-03T17:50:00.000Z")
        #expect(try LogFilter.parse(since: "15m", now: now).since == now.addingTimeInterval(-900))
        #expect(try LogFilter.parse(since: "2h", now: now).since == now.addingTimeInterval(-7200))
        #expect(try LogFilter.parse(since: "1d", now: now).since == now.addingTimeInterval(-86_400))
        #expect(try LogFilter.parse(since: "30s", now: now).since == now.addingTimeInterval(-30))
        let fifteen = try LogFilter.parse(since: "15m", now: now)
        #expect(!fifteen.matches(old) && fifteen.matches(recent))
        let absolute = try LogFilter.parse(since: "2026-12-03T15:00:00Z", now: now)
        #expect(absolute.matches(old) && absolute.matches(recent))
    }

    @Test func badValuesAreRejectedNamingTheOption() {
        func option(_ body: () throws(LogFilterError) -> LogFilter) -> String? {
            do { _ = try body(); return nil } catch { return error.option }
        }
        #expect(option { () throws(LogFilterError) in try LogFilter.parse(action: "explode", now: now) } == "--action")
        #expect(option { () throws(LogFilterError) in try LogFilter.parse(status: "ok", now: now) } == "--status")
        #expect(option { () throws(LogFilterError) in try LogFilter.parse(since: "yesterday", now: now) } == "--since")
        #expect(option { () throws(LogFilterError) in try LogFilter.parse(since: "-5m", now: now) } == "--since")
        #expect(option { () throws(LogFilterError) in try LogFilter.parse(since: "5w", now: now) } == "--since")
        #expect(option { () throws(LogFilterError) in try LogFilter.parse(tenant: "", now: now) } == "--tenant")
        #expect(option { () throws(LogFilterError) in try LogFilter.parse(user: "", now: now) } == "--user")
        let error = LogFilterError(option: "--status", reason: "unknown status 'ok'")
        #expect(error.description.hasPrefix("--status: "))
    }
}
