import FastJSON

/// One change found between two exports, before it gets its `seq` and time.
public struct DiffChange: Sendable, Equatable {
    /// The change event `type`.
    public var type: String
    /// The payload fields of the change event (`user`, `userId`, `groupId`, ...), in order.
    public var payload: JSONObject
}

/// The changes between the last published state and a new export, in an order the workers can apply:
/// restored and upserted users, upserted groups, added members and owners, removed members and owners, deleted
/// groups, deleted users. Within each kind, ids are sorted, so the same inputs give the same feed.
public enum SnapshotDiff {
    /// Computes the changes and the state to remember once they are published.
    public static func changes(from previous: SnapshotState, to export: DirectoryExport) -> ([DiffChange], SnapshotState) {
        var out: [DiffChange] = []
        var deleted = previous.deletedUsers
        let next = SnapshotState(export, deletedUsers: [])

        for id in export.users.keys.sorted() {
            if deleted.contains(id) {
                deleted.remove(id)
                out.append(DiffChange(type: "user.restored", payload: JSONObject([("userId", .string(id))])))
            }
            if previous.users[id] != next.users[id] {
                out.append(DiffChange(type: "user.upserted", payload: JSONObject([("user", .object(export.users[id]!))])))
            }
        }
        for id in export.groups.keys.sorted() where previous.groups[id] != next.groups[id] {
            let g = export.groups[id]!
            out.append(DiffChange(type: "group.upserted", payload: JSONObject([("group", .object(JSONObject([
                ("id", .string(id)), ("displayName", g.displayName), ("securityEnabled", g.securityEnabled),
            ])))])))
        }
        func membership(_ type: String, _ group: String, _ ref: DirectoryExport.MemberRef, _ role: String) -> DiffChange {
            DiffChange(type: type, payload: JSONObject([
                ("groupId", .string(group)), (ref.isGroup ? "nestedGroupId" : "userId", .string(ref.id)),
                ("role", .string(role)),
            ]))
        }
        for id in export.groups.keys.sorted() {
            let g = export.groups[id]!
            let oldMembers = previous.members[id] ?? []
            for ref in g.members.subtracting(oldMembers).sorted() { out.append(membership("group.member.added", id, ref, "member")) }
            for o in g.owners.subtracting(previous.owners[id] ?? []).sorted() {
                out.append(membership("group.member.added", id, .init(isGroup: false, id: o), "owner"))
            }
        }
        for id in export.groups.keys.sorted() {
            let g = export.groups[id]!
            for ref in (previous.members[id] ?? []).subtracting(g.members).sorted() {
                out.append(membership("group.member.removed", id, ref, "member"))
            }
            for o in (previous.owners[id] ?? []).subtracting(g.owners).sorted() {
                out.append(membership("group.member.removed", id, .init(isGroup: false, id: o), "owner"))
            }
        }
        for id in previous.groups.keys.sorted() where export.groups[id] == nil {
            out.append(DiffChange(type: "group.deleted", payload: JSONObject([("groupId", .string(id))])))
        }
        for id in previous.users.keys.sorted() where export.users[id] == nil {
            deleted.insert(id)
            out.append(DiffChange(type: "user.deleted", payload: JSONObject([("userId", .string(id))])))
        }
        var state = next
        state.deletedUsers = deleted
        return (out, state)
    }
}
