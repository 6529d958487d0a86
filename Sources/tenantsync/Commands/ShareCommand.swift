import Support
import SyncCore
import SyncFeed

private let shareOptions = [OptionSpec("--source", value: "ID", help: "the sharing (source) tenant")]
private let groupOption = OptionSpec("--group", value: "G", help: "a group of the source tenant to share", repeatable: true)

let shareUsersCommand = CommandSpec(
    ["share", "users"], summary: "share the users of groups with every other tenant (admin action share.users)",
    discussion: """
    Publishes share.users, keyed by --source, and waits for the delivery: the workers create or replace
    MTO_Sync_<target> for every other member of the organization, scoped to the --group groups.
    Exit codes: 0 published, 2 bad usage, 1 a delivery or cluster failure.
    """,
    options: shareOptions + [groupOption] + AdminCommandSupport.connectionOptions
) { options in
    let action = AdminAction.shareUsers(sourceTenant: try options.required("--source"),
                                        groups: try AdminCommandSupport.nonEmpty(options, "--group"))
    return try AdminCommandSupport.publish(AdminPublication(action: action), options)
}

let shareCurrentScopeCommand = CommandSpec(
    ["share", "current-scope"], summary: "extend the current shared scope to members without one (share.currentScope)",
    discussion: """
    Publishes share.currentScope, keyed by --source, and waits for the delivery: members that have no
    MTO_Sync_<target> of the source get one with the current shared scope.
    Exit codes: 0 published, 2 bad usage, 1 a delivery or cluster failure.
    """,
    options: shareOptions + AdminCommandSupport.connectionOptions
) { options in
    let action = AdminAction.shareCurrentScope(sourceTenant: try options.required("--source"))
    return try AdminCommandSupport.publish(AdminPublication(action: action), options)
}

let shareEditCommand = CommandSpec(
    ["share", "edit"], summary: "replace the shared groups of every MTO_Sync_* of a source (share.edit)",
    discussion: """
    Publishes share.edit, keyed by --source, and waits for the delivery: the scope of every MTO_Sync_* of the
    source becomes the --group groups.
    Exit codes: 0 published, 2 bad usage, 1 a delivery or cluster failure.
    """,
    options: shareOptions + [groupOption] + AdminCommandSupport.connectionOptions
) { options in
    let action = AdminAction.shareEdit(sourceTenant: try options.required("--source"),
                                       groups: try AdminCommandSupport.nonEmpty(options, "--group"))
    return try AdminCommandSupport.publish(AdminPublication(action: action), options)
}
