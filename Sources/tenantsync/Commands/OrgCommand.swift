import Support
import SyncCore
import SyncFeed

private let membersHelp = """
    Organization actions are published once under the key of every tenant of the organization (change-event.md), so
    each tenant's partition sees the change in order with its own changes. The command keeps no state, so it does
    not know the organization's members: name each current member with --member, or the change reaches only the
    tenants named. With --store (the workers' store) and no --member, the members are read from the store.
    """

let orgAddTenantCommand = CommandSpec(
    ["org", "add-tenant"], summary: "add a tenant to an organization (admin action org.addTenant)",
    discussion: """
    Publishes org.addTenant for --id with --domain, carrying the full membership afterwards (the --member tenants
    and the new one), under the key of every --member and of the new tenant, and waits for every delivery.
    \(membersHelp)
    --member takes ID:DOMAIN (the joining tenant learns the other members with their default domains).
    With no --member (and no --store) the tenant starts the organization alone. With --store, a tenant that already
    belongs to another organization is refused (exit 2): its own worker would refuse the action, while the other
    members' workers would accept it and share their users with it.
    Exit codes: 0 published, 2 bad usage, 1 a delivery or cluster failure.
    """,
    options: [
        OptionSpec("--id", value: "ID", help: "the tenant to add"),
        OptionSpec("--domain", value: "DOMAIN", help: "its default domain (e.g. fabrikam.onmicrosoft.com)"),
        OptionSpec("--org", value: "ORG", help: "the organization", default: "default"),
        OptionSpec("--member", value: "ID:DOMAIN", help: "a current member of the organization", repeatable: true),
        AdminCommandSupport.checkStore,
    ] + AdminCommandSupport.connectionOptions
) { options in
    let tenant = Tenant(id: try options.required("--id"), defaultDomain: try options.required("--domain"))
    let organization = options.string("--org") ?? "default"
    var members: [Tenant] = []
    for text in options.strings("--member") {
        let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
            throw UsageError("--member: expected ID:DOMAIN, got '\(text)'")
        }
        members.append(Tenant(id: parts[0], defaultDomain: parts[1]))
    }
    let states = try AdminCommandSupport.storedTenantStates(options)
    if let states, members.isEmpty { members = AdminPublication.members(of: organization, in: states) }
    let publication = AdminPublication.addTenant(tenant, organization: organization, members: members)
    if let problem = publication.membershipProblem(joiningState: states?.first { $0.tenantId == tenant.id }) {
        throw UsageError(problem)
    }
    return try AdminCommandSupport.publish(publication, options)
}

let orgRemoveTenantCommand = CommandSpec(
    ["org", "remove-tenant"], summary: "remove a tenant from its organization (admin action org.removeTenant)",
    discussion: """
    Publishes org.removeTenant for --id under the key of every --member and of the leaving tenant, and waits for
    every delivery. Its configurations stop; users synced into it are left as they are.
    \(membersHelp)
    Exit codes: 0 published, 2 bad usage, 1 a delivery or cluster failure.
    """,
    options: [
        OptionSpec("--id", value: "ID", help: "the tenant to remove"),
        OptionSpec("--org", value: "ORG", help: "the organization", default: "default"),
        OptionSpec("--member", value: "ID", help: "a current member of the organization", repeatable: true),
        AdminCommandSupport.checkStore,
    ] + AdminCommandSupport.connectionOptions
) { options in
    let id = try options.required("--id")
    var members = options.strings("--member").map { String($0.split(separator: ":", maxSplits: 1).first ?? "") }
    if members.contains(where: \.isEmpty) { throw UsageError("--member: empty tenant id") }
    if members.isEmpty, let states = try AdminCommandSupport.storedTenantStates(options) {
        members = AdminPublication.members(of: options.string("--org") ?? "default", in: states).map(\.id)
    }
    let publication = AdminPublication.removeTenant(id, organization: options.string("--org"), members: members)
    return try AdminCommandSupport.publish(publication, options)
}
