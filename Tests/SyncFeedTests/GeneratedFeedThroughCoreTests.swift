import FastJSON
import Foundation
import SyncCore
import Testing
@testable import SyncFeed

/// The generator and the domain core agree on the contract: every well-formed line decodes and applies, every
/// malformed one is refused with a reason.
@Suite struct GeneratedFeedThroughCoreTests {
    @Test func wellFormedLinesApplyAndMalformedOnesAreRefusedWithAReason() throws {
        var lines: [[UInt8]] = []
        var generator = FeedGenerator(options: FeedGeneratorOptions(tenants: 4, users: 300, groups: 12, changes: 4_000,
                                                                    seed: 11, malformedRate: 0.02))
        let summary = try generator.generate { lines.append($0) }
        var state = DirectoryState()
        var decodeFailures = 0
        var rejected: [ChangeRejection] = []
        var entries = 0
        for (offset, line) in lines.enumerated() {
            let change: ChangeEvent
            do {
                change = try ChangeCodec.decode(line)
            } catch {
                #expect(!error.reason.isEmpty)
                decodeFailures += 1
                continue
            }
            let record = ChangeRecord(change: change, partition: 0, offset: Int64(offset),
                                      processedAt: Date(timeIntervalSince1970: 1_767_225_600))
            switch Engine.apply([record], to: &state)[0] {
            case .applied(let e): entries += e.count
            case .rejected(let r): rejected.append(r)
            }
        }
        let unknownTenant = summary.byType["malformed:unknownTenant", default: 0]
        #expect(decodeFailures == summary.malformedLines - unknownTenant)
        #expect(rejected.count == unknownTenant)
        #expect(rejected.allSatisfy { $0.code == .tenantOutsideOrganization })
        #expect(entries > 0)
        // Shares reached the targets: some users were synced into other tenants.
        #expect(state.targetUsers.values.contains { !$0.isSoftDeleted })
    }
}
