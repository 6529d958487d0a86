import FastJSON

/// One full export of a tenant's directory, in the JSON shape of Microsoft Graph list responses:
/// `/users` (`{"value": [user, ...]}`) and `/groups?$expand=members` (`{"value": [group with "members": [...]]}`),
/// where a member's `@odata.type` says whether it is a user or a nested group. An optional `owners` array on a
/// group is read too; owners are never synced but the feed carries them so the workers can tell owner-only people.
public struct DirectoryExport: Sendable {
    /// A group as exported.
    public struct Group: Sendable, Equatable {
        public var id: String
        public var displayName: JSONValue
        public var securityEnabled: JSONValue
        /// Direct members: users and nested groups.
        public var members: Set<MemberRef>
        /// Owners (user ids).
        public var owners: Set<String>
    }

    /// A member of a group: a user, or a group nested in it.
    public struct MemberRef: Sendable, Hashable, Comparable {
        public var isGroup: Bool
        public var id: String
        public static func < (a: MemberRef, b: MemberRef) -> Bool { (a.isGroup ? 1 : 0, a.id) < (b.isGroup ? 1 : 0, b.id) }
    }

    /// Users by id: every property of the export except OData annotations, in export order.
    public var users: [String: JSONObject]
    /// Groups by id.
    public var groups: [String: Group]

    /// Reads the two exports.
    /// - Throws: `FeedInputError` naming the file, the record (`value[12]`) and the field when the shape is wrong.
    public init(usersJSON: [UInt8], usersName: String, groupsJSON: [UInt8], groupsName: String) throws(FeedInputError) {
        users = [:]
        groups = [:]
        for (i, item) in try Self.items(usersJSON, usersName).enumerated() {
            guard let object = item.object else { throw FeedInputError("\(usersName): value[\(i)]: expected an object") }
            guard let id = object["id"]?.string, !id.isEmpty else {
                throw FeedInputError("\(usersName): value[\(i)].id: missing or not a string")
            }
            guard users[id] == nil else { throw FeedInputError("\(usersName): value[\(i)].id: duplicate user id '\(id)'") }
            users[id] = JSONObject(object.filter { !$0.key.hasPrefix("@odata.") && !$0.key.contains("@odata.") }
                .map { ($0.key, $0.value) })
        }
        for (i, item) in try Self.items(groupsJSON, groupsName).enumerated() {
            let at = "\(groupsName): value[\(i)]"
            guard let object = item.object else { throw FeedInputError("\(at): expected an object") }
            guard let id = object["id"]?.string, !id.isEmpty else { throw FeedInputError("\(at).id: missing or not a string") }
            guard groups[id] == nil else { throw FeedInputError("\(at).id: duplicate group id '\(id)'") }
            var members = Set<MemberRef>()
            for (j, m) in (object["members"]?.array ?? []).enumerated() {
                guard let mid = m["id"]?.string, !mid.isEmpty else { throw FeedInputError("\(at).members[\(j)].id: missing") }
                let type = m["@odata.type"]?.string ?? "#microsoft.graph.user"
                switch type {
                case "#microsoft.graph.user": members.insert(MemberRef(isGroup: false, id: mid))
                case "#microsoft.graph.group": members.insert(MemberRef(isGroup: true, id: mid))
                default: continue  // devices, service principals, contacts: never in a user scope
                }
            }
            if let bad = object["members"], bad.array == nil, !bad.isNull {
                throw FeedInputError("\(at).members: expected an array")
            }
            var owners = Set<String>()
            for (j, o) in (object["owners"]?.array ?? []).enumerated() {
                guard let oid = o["id"]?.string else { throw FeedInputError("\(at).owners[\(j)].id: missing") }
                if (o["@odata.type"]?.string ?? "#microsoft.graph.user") == "#microsoft.graph.user" { owners.insert(oid) }
            }
            groups[id] = Group(id: id, displayName: object["displayName"] ?? .null,
                               securityEnabled: object["securityEnabled"] ?? .null, members: members, owners: owners)
        }
    }

    private static func items(_ bytes: [UInt8], _ name: String) throws(FeedInputError) -> [JSONValue] {
        let root: JSONValue
        do { root = try JSONValue(parsing: bytes) } catch {
            throw FeedInputError("\(name): invalid JSON at line \(error.line), column \(error.column): \(error.message)")
        }
        if let list = root.array { return list }
        guard let list = root["value"]?.array else {
            throw FeedInputError("\(name): expected a Graph list response {\"value\": [...]}")
        }
        return list
    }
}

/// Input that a feed command cannot use; the message names the file, line or record and the field.
public struct FeedInputError: Error, Sendable, CustomStringConvertible, Equatable {
    /// One line a person can act on.
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
