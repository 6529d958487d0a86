import FastJSON

/// What the snapshot-diff connector remembers of the last export it published: a fingerprint per user and group
/// and the memberships, enough to compute the next diff without keeping whole exports.
public struct SnapshotState: Sendable, Equatable {
    /// User id → fingerprint of its properties.
    public var users: [String: UInt64] = [:]
    /// Users that were in an export and then disappeared (soft-deleted at the source).
    public var deletedUsers: Set<String> = []
    /// Group id → fingerprint of its own properties (not its members).
    public var groups: [String: UInt64] = [:]
    /// Group id → direct members.
    public var members: [String: Set<DirectoryExport.MemberRef>] = [:]
    /// Group id → owners.
    public var owners: [String: Set<String>] = [:]

    /// The empty state: before the first export.
    public init() {}

    /// The state of an export.
    public init(_ export: DirectoryExport, deletedUsers: Set<String>) {
        for (id, user) in export.users { users[id] = Self.fingerprint(.object(user)) }
        self.deletedUsers = deletedUsers
        for (id, group) in export.groups {
            groups[id] = Self.fingerprint(group.fingerprintValue)
            members[id] = group.members
            owners[id] = group.owners
        }
    }

    /// FNV-1a over the canonical (sorted keys) serialization: equal values give equal fingerprints whatever the
    /// member order of the export.
    static func fingerprint(_ value: JSONValue) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in value.serialized(sortedKeys: true) {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        return hash
    }

    // MARK: - Persistence (inside the cursor file)

    var json: JSONValue {
        func hex(_ v: UInt64) -> JSONValue { .string(String(v, radix: 16)) }
        func refs(_ s: Set<DirectoryExport.MemberRef>) -> JSONValue {
            .array(s.sorted().map { .string(($0.isGroup ? "g:" : "u:") + $0.id) })
        }
        return .object(JSONObject([
            ("users", .object(JSONObject(users.sorted { $0.key < $1.key }.map { ($0.key, hex($0.value)) }))),
            ("deletedUsers", .array(deletedUsers.sorted().map { .string($0) })),
            ("groups", .object(JSONObject(groups.sorted { $0.key < $1.key }.map { ($0.key, hex($0.value)) }))),
            ("members", .object(JSONObject(members.sorted { $0.key < $1.key }.map { ($0.key, refs($0.value)) }))),
            ("owners", .object(JSONObject(owners.sorted { $0.key < $1.key }
                .map { ($0.key, .array($0.value.sorted().map { .string($0) })) }))),
        ]))
    }

    init(json: JSONValue, file: String) throws(FeedInputError) {
        func bad(_ field: String) -> FeedInputError { FeedInputError("\(file): state.\(field): unreadable; move the cursor aside to start over") }
        guard let u = json["users"]?.object, let d = json["deletedUsers"]?.array, let g = json["groups"]?.object,
              let m = json["members"]?.object, let o = json["owners"]?.object else { throw bad("*") }
        for (id, v) in u { guard let h = v.string.flatMap({ UInt64($0, radix: 16) }) else { throw bad("users") }; users[id] = h }
        for v in d { guard let s = v.string else { throw bad("deletedUsers") }; deletedUsers.insert(s) }
        for (id, v) in g { guard let h = v.string.flatMap({ UInt64($0, radix: 16) }) else { throw bad("groups") }; groups[id] = h }
        for (id, v) in m {
            var set = Set<DirectoryExport.MemberRef>()
            for r in v.array ?? [] {
                guard let s = r.string, s.count > 2 else { throw bad("members") }
                set.insert(DirectoryExport.MemberRef(isGroup: s.hasPrefix("g:"), id: String(s.dropFirst(2))))
            }
            members[id] = set
        }
        for (id, v) in o { owners[id] = Set((v.array ?? []).compactMap(\.string)) }
    }
}

extension DirectoryExport.Group {
    var fingerprintValue: JSONValue {
        .object(JSONObject([("displayName", displayName), ("securityEnabled", securityEnabled)]))
    }
}
