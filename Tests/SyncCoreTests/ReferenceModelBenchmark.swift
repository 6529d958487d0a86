import Foundation
import Support
import Testing
@testable import SyncCore

/// Opt-in benchmark of the reference model (`TENANTSYNC_BENCH=1`): how fast the domain core alone applies a feed.
/// A timing, not an assertion; build with `-c release` for numbers worth quoting.
@Suite("Reference model benchmark", .enabled(if: ProcessInfo.processInfo.environment["TENANTSYNC_BENCH"] == "1"))
struct ReferenceModelBenchmark {
    @Test func applies200kChangesOver20Tenants() throws {
        var random = SeededRandom(propertySeed: 42)
        let tenants = (0..<20).map { Tenant(id: "t\($0)", defaultDomain: "t\($0).example") }
        var records: [ChangeRecord] = []
        var seq: [String: Int64] = [:]
        var clock = Date(timeIntervalSince1970: 1_796_000_000)
        func add(_ tenant: String, _ kind: ChangeKind, admin: Bool = false) {
            clock = clock.addingTimeInterval(0.01)
            var s: Int64? = nil
            if !admin { s = (seq[tenant] ?? 0) + 1; seq[tenant] = s }
            records.append(ChangeRecord(
                change: ChangeEvent(tenantId: tenant, seq: s, occurredAt: clock, kind: kind), partition: 0, offset: Int64(records.count), processedAt: clock))
        }
        for t in tenants { add(t.id, .admin(.orgCreate(organizationId: "o", tenants: tenants)), admin: true) }
        for t in tenants { add(t.id, .admin(.shareUsers(sourceTenant: t.id, groups: ["g0", "g1"])), admin: true) }
        while records.count < (Int(ProcessInfo.processInfo.environment["TENANTSYNC_BENCH_CHANGES"] ?? "") ?? 200_000) {
            let t = tenants.randomElement(using: &random)!.id
            let u = "u\(Int.random(in: 0..<2000, using: &random))"
            switch Int.random(in: 0..<10, using: &random) {
            case 0..<5: add(t, .userUpserted(id: u, properties: [
                "userPrincipalName": .string("\(u)@\(t).example"), "displayName": .string(u), "userType": .string("Member"),
                "accountEnabled": .bool(true), "jobTitle": .string("J\(Int.random(in: 0..<5, using: &random))")]))
            case 5..<8: add(t, .memberAdded(MembershipChange(groupId: "g\(Int.random(in: 0..<4, using: &random))", member: .user(u), role: .member)))
            default: add(t, .memberRemoved(MembershipChange(groupId: "g\(Int.random(in: 0..<4, using: &random))", member: .user(u), role: .member)))
            }
        }
        var state = DirectoryState()
        let start = ContinuousClock.now
        var entries = 0
        for outcome in Engine.apply(records, to: &state) { if case .applied(let e) = outcome { entries += e.count } }
        let seconds = (ContinuousClock.now - start) / .seconds(1)
        print("reference model: \(records.count) changes, \(entries) log entries, \(state.targetUsers.count) target users in \(String(format: "%.2f", seconds)) s (\(Int(Double(records.count) / seconds)) changes/s)")
        #expect(entries > 0)
    }
}
