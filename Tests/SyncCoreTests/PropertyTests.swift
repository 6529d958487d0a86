import Foundation
import Support
import Testing
@testable import SyncCore

/// The property tests' generator: Support's SplitMix64, offset so the seeds replay the cases found so far.
typealias SeededRandom = SeededGenerator

extension SeededGenerator {
    init(propertySeed seed: UInt64) { self.init(seed: seed &+ 0x9E37_79B9_7F4A_7C15) }
}

/// Random organizations and change sequences.
struct ScenarioGenerator {
    var random: SeededRandom
    var seq: [String: Int64] = [:]
    var clock = Date(timeIntervalSince1970: 1_796_000_000)
    let users = (0..<8).map { "u\($0)" }
    let groups = (0..<4).map { "g\($0)" }

    init(seed: UInt64) { random = SeededRandom(propertySeed: seed) }

    mutating func event(_ tenant: String, _ kind: ChangeKind) -> ChangeEvent {
        clock = clock.addingTimeInterval(Double(Int.random(in: 1...600, using: &random)))
        let next = (seq[tenant] ?? 0) + 1
        seq[tenant] = next
        return ChangeEvent(tenantId: tenant, seq: next, occurredAt: clock, kind: kind)
    }

    /// One or two organizations over up to five tenants, and one tenant outside every organization.
    mutating func organizations() -> [[Tenant]] {
        let all = (0..<Int.random(in: 2...5, using: &random)).map { Tenant(id: "t\($0)", defaultDomain: "t\($0).example") }
        if all.count >= 4 && Bool.random(using: &random) { return [Array(all[0..<2]), Array(all[2...])] }
        return [all]
    }

    mutating func sequence(length: Int) -> [ChangeEvent] {
        let orgs = organizations()
        var members = orgs
        var changes: [ChangeEvent] = []
        for (i, org) in orgs.enumerated() {
            for tenant in org { changes.append(event(tenant.id, .admin(.orgCreate(organizationId: "org-\(i)", tenants: org)))) }
        }
        let tenants = orgs.flatMap { $0 }.map(\.id) + ["outsider"]
        for _ in 0..<length {
            let tenant = tenants.randomElement(using: &random)!
            let user = users.randomElement(using: &random)!
            let group = groups.randomElement(using: &random)!
            let org = members.firstIndex { $0.contains { $0.id == tenant } }
            let others = org.map { members[$0].map(\.id).filter { $0 != tenant } } ?? ["t9"]
            switch Int.random(in: 0..<100, using: &random) {
            case 0..<25:
                changes.append(event(tenant, .userUpserted(id: user, properties: [
                    "userPrincipalName": .string("\(user)@\(tenant).example"),
                    "userType": .string(Int.random(in: 0..<8, using: &random) == 0 ? "Guest" : "Member"),
                    "accountEnabled": .bool(Int.random(in: 0..<6, using: &random) != 0),
                    "department": .string(["R&D", "HR"].randomElement(using: &random)!),
                ])))
            case 25..<30: changes.append(event(tenant, .userDeleted(userId: user, hard: Int.random(in: 0..<4, using: &random) == 0)))
            case 30..<34: changes.append(event(tenant, .userRestored(userId: user)))
            case 34..<56:
                let role: MembershipRole = Int.random(in: 0..<4, using: &random) == 0 ? .owner : .member
                changes.append(event(tenant, .memberAdded(MembershipChange(groupId: group, member: .user(user), role: role))))
            case 56..<70:
                let role: MembershipRole = Int.random(in: 0..<4, using: &random) == 0 ? .owner : .member
                changes.append(event(tenant, .memberRemoved(MembershipChange(groupId: group, member: .user(user), role: role))))
            case 70..<74:
                let inner = groups.randomElement(using: &random)!
                changes.append(event(tenant, .memberAdded(MembershipChange(groupId: group, member: .group(inner), role: .member))))
            case 74..<77: changes.append(event(tenant, .groupDeleted(groupId: group)))
            case 77..<84: changes.append(event(tenant, .admin(.shareUsers(sourceTenant: tenant, groups: randomGroups()))))
            case 84..<88: changes.append(event(tenant, .admin(.shareEdit(sourceTenant: tenant, groups: randomGroups()))))
            case 88..<94:
                let target = others.randomElement(using: &random) ?? "t9"
                let filters = Bool.random(using: &random)
                    ? try! AttributeFilters([[FilterClause(attribute: "department", operatorName: "EQUALS", value: "R&D")]]) : .none
                let groups: [String]? = Int.random(in: 0..<4, using: &random) == 0 ? nil : randomGroups()
                changes.append(event(tenant, .admin(.configUpsert(Configuration(
                    id: "c\(Int.random(in: 0..<2, using: &random))", sourceTenant: tenant, targetTenant: target,
                    scope: ConfigurationScope(groups: groups, filters: filters))))))
            case 94..<97:
                changes.append(event(tenant, .admin(.configDelete(sourceTenant: tenant, configurationId: "c\(Int.random(in: 0..<2, using: &random))"))))
            case 97..<98:
                changes.append(event(tenant, .admin(.shareCurrentScope(sourceTenant: tenant))))
            default:
                // A tenant leaves its organization: published under every member's key.
                guard let org else { continue }
                let leaving = members[org].randomElement(using: &random)!.id
                for member in members[org] { changes.append(event(member.id, .admin(.orgRemoveTenant(organizationId: nil, tenantId: leaving)))) }
                members[org].removeAll { $0.id == leaving }
            }
        }
        return changes
    }

    mutating func randomGroups() -> [String] { groups.filter { _ in Bool.random(using: &random) } }

    /// The sequence with earlier changes published again (new offsets, same seq) at random later points.
    mutating func withDuplicates(_ changes: [ChangeEvent]) -> [ChangeEvent] {
        var result: [ChangeEvent] = []
        for (i, change) in changes.enumerated() {
            result.append(change)
            if Int.random(in: 0..<4, using: &random) == 0 { result.append(changes[Int.random(in: 0...i, using: &random)]) }
        }
        return result
    }
}

@Suite("Properties over random organizations")
struct PropertyTests {
    static func run(_ changes: [ChangeEvent], check: (DirectoryState) -> Void = { _ in }) -> DirectoryState {
        var state = DirectoryState()
        for (offset, change) in changes.enumerated() {
            _ = try? Engine.apply(ChangeRecord(change: change, partition: 0, offset: Int64(offset), processedAt: change.occurredAt), to: &state)
            check(state)
        }
        return state
    }

    /// Whether two states hold the same rows (change tracking aside).
    static func sameRows(_ a: DirectoryState, _ b: DirectoryState) -> Bool {
        a.tenants == b.tenants && a.sourceUsers == b.sourceUsers && a.groups == b.groups && a.memberships == b.memberships
            && a.targetUsers == b.targetUsers
    }

    /// Active target users that no rule allows, and kept users that are not active, described; empty when sound.
    static func violations(_ state: DirectoryState) -> [String] {
        let kept = Self.kept(state)
        var found: [String] = []
        for (key, user) in state.targetUsers where user.isActive {
            guard let tenant = state.tenants[key.sourceTenant], tenant.organizationId != nil else {
                // A target that itself left before the source did keeps what it had.
                if state.tenants[key.targetTenant]?.organizationId != nil {
                    found.append("\(key): source tenant outside every organization")
                }
                continue
            }
            // Targets that left the organization keep what they had ("left as they are").
            if tenant.isMember(key.targetTenant) && !kept.contains(key) { found.append("\(key): active but in no configuration's scope") }
        }
        for key in kept where state.targetUsers[key]?.isActive != true { found.append("\(key): in scope but not active") }
        return found
    }

    /// An independent statement of scope: a known, undeleted internal member that is a direct *member* of a shared
    /// group (or any user when the configuration has no groups), passing the department filter if there is one.
    static func kept(_ state: DirectoryState) -> Set<TargetUserKey> {
        var kept: Set<TargetUserKey> = []
        for user in state.sourceUsers.values where !user.isSoftDeleted && user.properties["userType"] != .string("Guest") {
            guard let tenant = state.tenants[user.tenantId], tenant.organizationId != nil else { continue }
            let memberOf = Set(state.memberships(ofUser: user.key).filter { $0.role == .member }.map(\.groupId))
            for c in tenant.activeConfigurations {
                let inGroups = c.scope.groups.map { !memberOf.isDisjoint(with: $0) } ?? true
                let passes = c.scope.filters.clauses.isEmpty || user.properties["department"] == .string("R&D")
                if inGroups && passes {
                    kept.insert(TargetUserKey(targetTenant: c.targetTenant, sourceTenant: user.tenantId, sourceUserId: user.id))
                }
            }
        }
        return kept
    }

    @Test func applyingWithDuplicatesInsertedEqualsApplyingOnce() {
        for seed in UInt64(0)..<1000 {
            var generator = ScenarioGenerator(seed: seed)
            let changes = generator.sequence(length: 40)
            let once = Self.run(changes)
            let twice = Self.run(generator.withDuplicates(changes))
            #expect(Self.sameRows(once, twice), "seed \(seed)")
            if !Self.sameRows(once, twice) { break }
        }
    }

    @Test func noTargetHoldsAUserNoConfigurationKeeps() {
        for seed in UInt64(10_000)..<11_000 {
            var generator = ScenarioGenerator(seed: seed)
            var first: [String] = []
            _ = Self.run(generator.sequence(length: 40)) { state in
                if first.isEmpty { first = Self.violations(state) }
            }
            #expect(first.isEmpty, "seed \(seed): \(first)")
            if !first.isEmpty { break }
        }
    }
}
