import FastJSON
import Support

/// What `tenantsync generate` makes: the size of the synthetic organization and of its change stream.
public struct FeedGeneratorOptions: Sendable, Hashable {
    /// Tenants in all (1...500).
    public var tenants: Int
    /// Source users at the start, over all tenants (split by a Zipf law: a few big tenants, a long tail).
    public var users: Int
    /// Groups at the start, over all tenants.
    public var groups: Int
    /// Change lines after the initial load (the setup: organization, users, groups, memberships, shares).
    public var changes: Int
    /// The seed: the same options and seed give a byte-identical feed.
    public var seed: UInt64
    /// Share of the change lines that are malformed on purpose (0...1), for robustness tests.
    public var malformedRate: Double
    /// Share of source users that are guests (never synced).
    public var guestRate: Double
    /// `occurredAt` of the first line, in milliseconds since 1970; each line is 3 ms after the previous one.
    public var startMillis: Int64
    /// Organizations the tenants form (1...tenants): tenant i belongs to organization i mod N, so the big tenants of
    /// the Zipf law are spread over them. One (the default) is the organization `default`; more are `org-1`...
    /// A change fans out to the other tenants of its own organization only.
    public var organizations: Int

    /// Options with the defaults of `tenantsync generate`.
    public init(tenants: Int = 3, users: Int = 1000, groups: Int = 30, changes: Int = 10_000, seed: UInt64 = 1,
                malformedRate: Double = 0, guestRate: Double = 0.05, startMillis: Int64 = 1_767_225_600_000,
                organizations: Int = 1) {
        self.tenants = tenants
        self.users = users
        self.groups = groups
        self.changes = changes
        self.seed = seed
        self.malformedRate = malformedRate
        self.guestRate = guestRate
        self.startMillis = startMillis
        self.organizations = organizations
    }
}

/// Counts of what a generated feed holds.
public struct FeedSummary: Sendable, Hashable {
    /// All lines written.
    public var lines = 0
    /// Lines of the initial load.
    public var setupLines = 0
    /// Lines deliberately malformed.
    public var malformedLines = 0
    /// Lines per change `type` (admin actions as `admin:<action>`), malformed ones as `malformed:<kind>`.
    public var byType: [String: Int] = [:]
}

/// Generates a reproducible, realistic change feed (`change-event.md` lines): an organization, its users with every
/// synced property, groups with members, owners and nested groups, guests, shares, then a churn of property
/// updates, joins and leaves, disables, deletions and restores, and optionally malformed lines.
///
/// Not thread-safe: a value owned by one run.
public struct FeedGenerator {
    struct User {
        var id: String
        var tenant: Int
        var properties: [(String, JSONValue)]
        var deleted = false
        var isGuest: Bool
    }

    struct Group {
        var id: String
        var tenant: Int
        var displayName: String
        var members = PickableSet()      // user indexes
        var owners = PickableSet()
        var nested = PickableSet()       // group indexes
        var deleted = false
    }

    struct Tenant {
        var id: String
        var domain: String
        var displayName: String
        var users: [Int] = []         // indexes into FeedGenerator.users, every user ever created
        var live = PickableSet()         // users not deleted at the source
        var gone = PickableSet()         // users deleted at the source (restorable)
        var groups: [Int] = []        // indexes into FeedGenerator.groups
        var liveGroups = PickableSet()
        var shared: [Int] = []        // group indexes shared with the organization
        var seq: Int64 = 0
    }

    public let options: FeedGeneratorOptions
    private var rng: SeededGenerator
    private var tenants: [Tenant] = []
    private var users: [User] = []
    private var groups: [Group] = []
    private var clock: Int64
    private var summary = FeedSummary()
    private var userCounter = 0

    /// A generator for `options`.
    public init(options: FeedGeneratorOptions) {
        self.options = options
        self.rng = SeededGenerator(seed: options.seed)
        self.clock = options.startMillis
    }

    /// Writes every line (UTF-8 JSON, no newline) to `emit`, in feed order, and returns what was written.
    public mutating func generate(_ emit: ([UInt8]) throws -> Void) throws -> FeedSummary {
        try setup(emit)
        summary.setupLines = summary.lines
        let activity = ZipfDistribution(count: tenants.count)
        for _ in 0..<options.changes {
            let t = activity.sample(&rng)
            if options.malformedRate > 0 && rng.chance(options.malformedRate) {
                try emitMalformed(tenant: t, emit)
            } else {
                try churn(tenant: t, emit)
            }
        }
        return summary
    }

    // MARK: - Initial load

    private mutating func setup(_ emit: ([UInt8]) throws -> Void) throws {
        let zipf = ZipfDistribution(count: options.tenants)
        let userCounts = zipf.split(options.users, minimum: 2)
        let groupCounts = zipf.split(options.groups, minimum: 1)
        for i in 0..<options.tenants {
            let base = SyntheticNames.tenants[i % SyntheticNames.tenants.count]
            let id = i < SyntheticNames.tenants.count ? base : "\(base)\(i / SyntheticNames.tenants.count + 1)"
            tenants.append(Tenant(id: id, domain: "\(id).com", displayName: id.prefix(1).uppercased() + id.dropFirst()))
        }
        // Each organization, created once and published under the key of every member, so each partition learns
        // the whole membership in order with its own changes.
        let organizations = max(1, min(options.organizations, tenants.count))
        for o in 0..<organizations {
            let memberIndexes = tenants.indices.filter { $0 % organizations == o }
            let members = JSONValue.array(memberIndexes.map {
                .object(JSONObject([("id", .string(tenants[$0].id)), ("defaultDomain", .string(tenants[$0].domain))]))
            })
            let name = organizations == 1 ? "default" : "org-\(o + 1)"
            for keyTenant in memberIndexes {
                try emitAdmin(tenant: keyTenant, [("action", "org.create"), ("organizationId", .string(name)), ("tenants", members)],
                              emit)
            }
        }
        for t in tenants.indices {
            for _ in 0..<userCounts[t] { try emitUserUpsert(newUser(tenant: t), emit) }
            for _ in 0..<groupCounts[t] {
                let g = newGroup(tenant: t)
                try emitGroupUpsert(g, emit)
            }
            // Members: each group gets a share of the tenant's users; a few owners, some of them not members.
            for g in tenants[t].groups {
                let pool = tenants[t].users
                let size = min(pool.count, 1 + rng.below(max(1, min(pool.count / 2, 1_500))))
                var chosen = Set<Int>()
                while chosen.count < size { chosen.insert(rng.pick(pool)) }
                for u in chosen.sorted() { try emitMembership(group: g, user: u, role: "member", added: true, emit) }
                for _ in 0..<(1 + rng.below(2)) {
                    try emitMembership(group: g, user: rng.pick(pool), role: "owner", added: true, emit)
                }
            }
            // Nested groups: about one group in ten holds another (whose members are not in its scope).
            for g in tenants[t].groups where tenants[t].groups.count > 1 && rng.chance(0.1) {
                let child = rng.pick(tenants[t].groups.filter { $0 != g })
                try emitNested(parent: g, child: child, added: true, emit)
            }
        }
        // Shares: most tenants share one or two of their groups with everyone else.
        for t in tenants.indices where rng.chance(0.8) || t == 0 {
            let candidates = tenants[t].groups
            var shared = [candidates[0]]
            if candidates.count > 1 && rng.chance(0.5) { shared.append(candidates[1 + rng.below(candidates.count - 1)]) }
            tenants[t].shared = shared
            try emitAdmin(tenant: t, [("action", "share.users"), ("sourceTenant", .string(tenants[t].id)),
                                      ("groups", .array(shared.map { .string(groups[$0].id) }))], emit)
        }
    }

    // MARK: - Churn

    private mutating func churn(tenant t: Int, _ emit: ([UInt8]) throws -> Void) throws {
        let roll = rng.unit()
        // Counts, not copies: holding the arrays while they change would copy them on every insert or remove.
        let liveCount = tenants[t].live.items.count
        let groupCount = tenants[t].liveGroups.items.count
        switch roll {
        case ..<0.45 where liveCount > 0:
            let u = rng.pick(tenants[t].live.items)
            let (name, value) = propertyChange(users[u])
            Self.set(&users[u], name, value)
            try emitUserUpsert(u, emit)
        case ..<0.49 where liveCount > 0:
            let u = rng.pick(tenants[t].live.items)
            let enabled = users[u].properties.first { $0.0 == "accountEnabled" }?.1.bool ?? true
            Self.set(&users[u], "accountEnabled", .bool(!enabled))
            try emitUserUpsert(u, emit)
        case ..<0.62 where liveCount > 0 && groupCount > 0:
            let g = pickGroup(t)
            let u = rng.pick(tenants[t].live.items)
            groups[g].members.insert(u)
            try emitMembership(group: g, user: u, role: "member", added: true, emit)
        case ..<0.71 where groupCount > 0:
            let g = pickGroup(t)
            guard let u = groups[g].members.items.isEmpty ? nil : rng.pick(groups[g].members.items) else {
                return try churn(tenant: t, emit)
            }
            groups[g].members.remove(u)
            try emitMembership(group: g, user: u, role: "member", added: false, emit)
        case ..<0.73 where liveCount > 0 && groupCount > 0:
            let g = rng.pick(tenants[t].liveGroups.items)
            let u = rng.pick(tenants[t].live.items)
            try emitMembership(group: g, user: u, role: "owner", added: !groups[g].owners.contains(u), emit)
        case ..<0.81:
            let u = newUser(tenant: t)
            try emitUserUpsert(u, emit)
        case ..<0.85 where liveCount > 0:
            let u = rng.pick(tenants[t].live.items)
            users[u].deleted = true
            tenants[t].live.remove(u)
            tenants[t].gone.insert(u)
            try emitLine(tenant: t, type: "user.deleted", [("userId", .string(users[u].id))], emit)
        case ..<0.88:
            let gone = tenants[t].gone.items
            guard !gone.isEmpty else { return try churn(tenant: t, emit) }
            let u = rng.pick(gone)
            users[u].deleted = false
            tenants[t].gone.remove(u)
            tenants[t].live.insert(u)
            try emitLine(tenant: t, type: "user.restored", [("userId", .string(users[u].id))], emit)
        case ..<0.90 where groupCount > 0:
            let g = rng.pick(tenants[t].liveGroups.items)
            groups[g].displayName = "\(rng.pick(SyntheticNames.departments)) \(rng.pick(SyntheticNames.groupKinds))"
            try emitGroupUpsert(g, emit)
        case ..<0.91 where groupCount > 1:
            let parent = rng.pick(tenants[t].liveGroups.items)
            let child = rng.pick(tenants[t].liveGroups.items.filter { $0 != parent })
            let added = !groups[parent].nested.contains(child)
            if added { groups[parent].nested.insert(child) } else { groups[parent].nested.remove(child) }
            try emitNested(parent: parent, child: child, added: added, emit)
        case ..<0.913 where groupCount > 2:
            let unshared = tenants[t].liveGroups.items.filter { !tenants[t].shared.contains($0) }
            guard let g = unshared.isEmpty ? nil : rng.pick(unshared) else { return try churn(tenant: t, emit) }
            groups[g].deleted = true
            tenants[t].liveGroups.remove(g)
            try emitLine(tenant: t, type: "group.deleted", [("groupId", .string(groups[g].id))], emit)
        case ..<0.9135 where !tenants[t].shared.isEmpty && groupCount > 1:
            var shared = tenants[t].shared.filter { !groups[$0].deleted }
            let other = rng.pick(tenants[t].liveGroups.items)
            if shared.contains(other) && shared.count > 1 { shared.removeAll { $0 == other } } else if !shared.contains(other) {
                shared.append(other)
            }
            tenants[t].shared = shared
            try emitAdmin(tenant: t, [("action", "share.edit"), ("sourceTenant", .string(tenants[t].id)),
                                      ("groups", .array(shared.map { .string(groups[$0].id) }))], emit)
        default:
            // The rarer kinds did not apply here (empty tenant, no groups): a property update is always possible.
            let u = liveCount == 0 ? newUser(tenant: t) : rng.pick(tenants[t].live.items)
            if liveCount > 0 {
                let (name, value) = propertyChange(users[u])
                Self.set(&users[u], name, value)
            }
            try emitUserUpsert(u, emit)
        }
    }

    /// Shared groups see more joins and leaves than others, as they would in a real organization.
    private mutating func pickGroup(_ t: Int) -> Int {
        let shared = tenants[t].shared.filter { !groups[$0].deleted }
        return !shared.isEmpty && rng.chance(0.6) ? rng.pick(shared) : rng.pick(tenants[t].liveGroups.items)
    }

    private mutating func propertyChange(_ user: User) -> (String, JSONValue) {
        switch rng.below(6) {
        case 0: return ("jobTitle", .string(rng.pick(SyntheticNames.jobTitles)))
        case 1: return ("department", .string(rng.pick(SyntheticNames.departments)))
        case 2: return ("telephoneNumber", .string(phone()))
        case 3: return ("physicalDeliveryOfficeName", .string("Building \(1 + rng.below(40))"))
        case 4: return ("streetAddress", .string("\(1 + rng.below(300)) \(rng.pick(SyntheticNames.streets))"))
        default:
            let given = user.properties.first { $0.0 == "givenName" }?.1.string ?? "Alex"
            let surname = rng.pick(SyntheticNames.surnames)
            return ("displayName", .string("\(given) \(surname)"))
        }
    }

    private static func set(_ user: inout User, _ name: String, _ value: JSONValue) {
        if let i = user.properties.firstIndex(where: { $0.0 == name }) {
            user.properties[i].1 = value
        } else {
            user.properties.append((name, value))
        }
    }

    // MARK: - Objects

    private mutating func newUser(tenant t: Int) -> Int {
        userCounter += 1
        let given = rng.pick(SyntheticNames.givenNames)
        let surname = rng.pick(SyntheticNames.surnames)
        let local = "\(SyntheticNames.ascii(given)).\(SyntheticNames.ascii(surname))\(userCounter)"
        let place = rng.pick(SyntheticNames.locations)
        let isGuest = rng.chance(options.guestRate)
        let upn = isGuest ? "\(local)_partner.example#EXT#@\(tenants[t].domain)" : "\(local)@\(tenants[t].domain)"
        let properties: [(String, JSONValue)] = [
            ("id", .string(guid())),
            ("userPrincipalName", .string(upn)),
            ("displayName", .string("\(given) \(surname)")),
            ("givenName", .string(given)),
            ("surname", .string(surname)),
            ("mail", .string(isGuest ? "\(local)@partner.example" : "\(local)@\(tenants[t].domain)")),
            ("mailNickname", .string(local)),
            ("jobTitle", .string(rng.pick(SyntheticNames.jobTitles))),
            ("department", .string(rng.pick(SyntheticNames.departments))),
            ("employeeId", rng.chance(0.9) ? .string("E\(100_000 + rng.below(900_000))") : .null),
            ("city", .string(place.city)),
            ("country", .string(place.country)),
            ("state", place.state.map { .string($0) } ?? .null),
            ("streetAddress", .string("\(1 + rng.below(300)) \(rng.pick(SyntheticNames.streets))")),
            ("postalCode", .string(place.postalCode)),
            ("physicalDeliveryOfficeName", .string("Building \(1 + rng.below(40))")),
            ("telephoneNumber", .string(phone())),
            ("preferredLanguage", .string(place.language)),
            ("showInAddressList", .bool(rng.chance(0.97))),
            ("accountEnabled", .bool(rng.chance(0.98))),
            ("userType", .string(isGuest ? "Guest" : "Member")),
            ("companyName", .string(tenants[t].displayName)),
        ]
        users.append(User(id: properties[0].1.string!, tenant: t, properties: properties, isGuest: isGuest))
        tenants[t].users.append(users.count - 1)
        tenants[t].live.insert(users.count - 1)
        return users.count - 1
    }

    private mutating func newGroup(tenant t: Int) -> Int {
        let name = "\(rng.pick(SyntheticNames.departments)) \(rng.pick(SyntheticNames.groupKinds))"
        groups.append(Group(id: guid(), tenant: t, displayName: name))
        tenants[t].groups.append(groups.count - 1)
        tenants[t].liveGroups.insert(groups.count - 1)
        return groups.count - 1
    }

    private mutating func guid() -> String {
        let a = rng.next(), b = rng.next()
        func hex(_ v: UInt64, _ digits: Int) -> String {
            let s = String(v, radix: 16)
            return String(repeating: "0", count: max(0, digits - s.count)) + s.suffix(digits)
        }
        return "\(hex(a >> 32, 8))-\(hex((a >> 16) & 0xffff, 4))-4\(hex(a & 0xfff, 3))-\(hex(0x8000 | (b >> 50) & 0x3fff, 4))-\(hex(b & 0xffff_ffff_ffff, 12))"
    }

    private mutating func phone() -> String { "+1 555 \(String(1000 + rng.below(9000)))" }

    // MARK: - Lines

    private mutating func emitUserUpsert(_ u: Int, _ emit: ([UInt8]) throws -> Void) throws {
        try emitLine(tenant: users[u].tenant, type: "user.upserted",
                     [("user", .object(JSONObject(users[u].properties)))], emit)
    }

    private mutating func emitGroupUpsert(_ g: Int, _ emit: ([UInt8]) throws -> Void) throws {
        try emitLine(tenant: groups[g].tenant, type: "group.upserted", [("group", .object(JSONObject([
            ("id", .string(groups[g].id)), ("displayName", .string(groups[g].displayName)),
            ("securityEnabled", .bool(true)),
        ])))], emit)
    }

    private mutating func emitMembership(group g: Int, user u: Int, role: String, added: Bool,
                                         _ emit: ([UInt8]) throws -> Void) throws {
        if role == "owner" {
            if added { groups[g].owners.insert(u) } else { groups[g].owners.remove(u) }
        } else if added {
            groups[g].members.insert(u)
        }
        try emitLine(tenant: users[u].tenant, type: added ? "group.member.added" : "group.member.removed",
                     [("groupId", .string(groups[g].id)), ("userId", .string(users[u].id)), ("role", .string(role))], emit)
    }

    private mutating func emitNested(parent: Int, child: Int, added: Bool, _ emit: ([UInt8]) throws -> Void) throws {
        if added { groups[parent].nested.insert(child) }
        try emitLine(tenant: groups[parent].tenant, type: added ? "group.member.added" : "group.member.removed",
                     [("groupId", .string(groups[parent].id)), ("nestedGroupId", .string(groups[child].id)),
                      ("role", "member")], emit)
    }

    private mutating func emitAdmin(tenant t: Int, _ action: [(String, JSONValue)],
                                    _ emit: ([UInt8]) throws -> Void) throws {
        summary.byType["admin:\(action[0].1.string ?? "")", default: 0] += 1
        let fields: [(String, JSONValue)] = [
            ("schema", "tenantsync.change.v1"), ("tenantId", .string(tenants[t].id)),
            ("occurredAt", .string(nextTime())), ("type", "admin"), ("action", .object(JSONObject(action))),
        ]
        summary.lines += 1
        try emit(JSONValue.object(JSONObject(fields)).serialized())
    }

    private mutating func emitLine(tenant t: Int, type: String, _ payload: [(String, JSONValue)],
                                   _ emit: ([UInt8]) throws -> Void) throws {
        tenants[t].seq += 1
        summary.byType[type, default: 0] += 1
        var fields: [(String, JSONValue)] = [
            ("schema", "tenantsync.change.v1"), ("tenantId", .string(tenants[t].id)), ("seq", .int(tenants[t].seq)),
            ("occurredAt", .string(nextTime())), ("type", .string(type)),
        ]
        fields.append(contentsOf: payload)
        summary.lines += 1
        try emit(JSONValue.object(JSONObject(fields)).serialized())
    }

    /// A line that a worker must reject to the dead-letter topic, of one of the kinds the contract lists.
    private mutating func emitMalformed(tenant t: Int, _ emit: ([UInt8]) throws -> Void) throws {
        let kinds = ["invalidJSON", "missingField", "wrongType", "unknownType", "wrongSchema", "unknownTenant"]
        let kind = rng.pick(kinds)
        let base: [(String, JSONValue)] = [
            ("schema", "tenantsync.change.v1"), ("tenantId", .string(tenants[t].id)), ("seq", .int(tenants[t].seq + 1)),
            ("occurredAt", .string(nextTime())), ("type", "user.deleted"), ("userId", "u-malformed"),
        ]
        var fields = base
        switch kind {
        case "missingField": fields.removeAll { $0.0 == "userId" }
        case "wrongType": fields[2].1 = .string("\(tenants[t].seq + 1)")
        case "unknownType": fields[4].1 = "user.renamed"
        case "wrongSchema": fields[0].1 = "tenantsync.change.v0"
        case "unknownTenant": fields[1].1 = .string("not-in-any-organization-\(rng.below(100))")
        default: break
        }
        var bytes = JSONValue.object(JSONObject(fields)).serialized()
        if kind == "invalidJSON" { bytes = Array(bytes.prefix(bytes.count / 2)) }
        summary.malformedLines += 1
        summary.byType["malformed:\(kind)", default: 0] += 1
        summary.lines += 1
        try emit(bytes)
    }

    /// The next `occurredAt`, RFC 3339 in UTC with milliseconds, computed without Foundation's formatters so the
    /// output cannot change with the platform's locale data.
    private mutating func nextTime() -> String {
        defer { clock += 3 }
        return RFC3339.format(millis: clock)
    }
}

/// A set of small integers with O(1) insert, remove and uniform pick: an array plus each item's position.
/// Removal swaps the last item in; the order stays a pure function of the operations, so feeds stay reproducible.
struct PickableSet {
    private(set) var items: [Int] = []
    private var position: [Int: Int] = [:]

    func contains(_ item: Int) -> Bool { position[item] != nil }

    mutating func insert(_ item: Int) {
        guard position[item] == nil else { return }
        position[item] = items.count
        items.append(item)
    }

    mutating func remove(_ item: Int) {
        guard let i = position.removeValue(forKey: item) else { return }
        let last = items.removeLast()
        if i < items.count {
            items[i] = last
            position[last] = i
        }
    }
}
