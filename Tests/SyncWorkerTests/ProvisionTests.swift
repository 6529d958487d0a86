import Foundation
import Kafka
import Support
import SyncCore
import SyncStore
import TestSupport
import Testing
@testable import SyncWorker

/// contoso shares g-sales with fabrikam and northwind; ann is a member of it, bob is not. One partition, offsets 0-4.
func provisionFeed() -> [InputRecord] {
    let tenants = ["contoso", "fabrikam", "northwind"].map { Tenant(id: $0, defaultDomain: "\($0).com") }
    let at = fixedNow.addingTimeInterval(-3600)
    func user(_ id: String, _ name: String) -> ChangeKind {
        .userUpserted(id: id, properties: [
            "userPrincipalName": .string("\(id)@contoso.com"), "displayName": .string(name), "userType": .string("Member"),
            "accountEnabled": .bool(true), "jobTitle": .string("Engineer"),
        ])
    }
    let changes: [(Int64?, ChangeKind)] = [
        (nil, .admin(.orgCreate(organizationId: "org", tenants: tenants))),
        (nil, .admin(.shareUsers(sourceTenant: "contoso", groups: ["g-sales"]))),
        (1, user("ann", "Ann Lee")),
        (2, user("bob", "Bob Roy")),
        (3, .memberAdded(MembershipChange(groupId: "g-sales", member: .user("ann"), role: .member))),
    ]
    return changes.enumerated().map { offset, change in
        InputRecord(partition: 0, offset: Int64(offset), key: Array("contoso".utf8),
                    value: ChangeCodec.encode(ChangeEvent(tenantId: "contoso", seq: change.0, occurredAt: at, kind: change.1)))
    }
}

/// Rewrites a target user in the store, as someone editing the target directory behind TenantSync's back would.
func editTargetUser(_ store: any DirectoryStore, target: String, user: String, _ edit: (inout TargetUser) -> Void) throws {
    let record = try #require(try store.targetUser(tenant: target, sourceTenant: "contoso", sourceUserId: user))
    var edited = try StateRecordCodec.decodeTargetUser(record.body)
    edit(&edited)
    var state = DirectoryState()
    state.load(edited)
    var changes = StateChanges()
    changes.targetUsers = [edited.key]
    try store.apply(makeApplier(store).storeBatch(from: changes, of: state))
}

/// Every row the store holds for the test tenants, bodies included, in a stable order.
func storeDump(_ store: any DirectoryStore) throws -> [String] {
    let states = try store.tenantStates()
    let tenants = Set(states.map(\.tenant))
    let loaded = try store.load(SyncStore.LoadRequest(tenantStates: tenants, wholeTenants: tenants))
    var rows = states.map { "state \($0.tenant) \($0.lastSeq) \($0.body)" }
    rows += loaded.sourceUsers.map { "source \($0)" } + loaded.sourceGroups.map { "group \($0)" }
    rows += loaded.memberships.map { "membership \($0)" } + loaded.targetUsers.map { "anchored \($0)" }
    for tenant in ["contoso", "fabrikam", "northwind"] { rows += try store.targetUsers(tenant: tenant).map { "target \($0)" } }
    rows += try store.pendingOutbox(limit: 10_000).map { "outbox \($0.id) \($0.body)" }
    rows += try store.progress(group: "workers", topic: "directory-changes", partitions: [0, 1]).map { "progress \($0)" }.sorted()
    return rows
}

@Suite("Provision on demand", .serialized)
struct ProvisionTests {
    @Test func aDryRunDecidesFromTheStoreAsAWorkerWouldAndChangesNothing() async throws {
        try await withTemporaryDirectory { dir in
            let store = try openTestStore(dir)
            #expect(try makeApplier(store).apply(provisionFeed()).outcome == .applied)
            try editTargetUser(store, target: "fabrikam", user: "ann") { $0.properties["displayName"] = .string("Someone else") }
            let before = try storeDump(store)
            #expect(before.count(where: { $0.hasPrefix("target ") }) == 2 && before.contains { $0.hasPrefix("outbox ") })

            let entries = try ProvisionPreview.run(sourceTenant: "contoso", userId: "ann", targetTenant: nil, store: store, at: fixedNow)
            #expect(entries.map(\.targetTenant) == ["fabrikam", "northwind"])
            #expect(entries.map(\.action) == [.update, .other])
            #expect(entries[0].modifiedProperties == [
                ModifiedProperty(name: "displayName", oldValue: .string("Someone else"), newValue: .string("Ann Lee")),
            ])
            #expect(entries[0].steps.first?.detail == "provision on demand: ann (Ann Lee) read from the source mirror of contoso (as of seq 3)")
            #expect(entries[1].steps.last?.detail == "target user already up to date: no changes")

            let bob = try ProvisionPreview.run(sourceTenant: "contoso", userId: "bob", targetTenant: "fabrikam", store: store, at: fixedNow)
            #expect(bob.map(\.error?.code) == ["NotInScopedGroup"])
            #expect(bob.first?.steps[3].detail == "out of scope and never synced: nothing to do")

            // Nothing written: the same rows, read again through this connection and through a new one.
            #expect(try storeDump(store) == before)
            #expect(try storeDump(openTestStore(dir)) == before)
        }
    }

    @Test(arguments: [
        ("litware", "ann", nil, ProvisionInputError.Kind.unknownTenant, "source tenant 'litware' is not in the store"),
        ("contoso", "ann@contoso.com", nil, .unknownUser, "source user 'ann@contoso.com' of contoso is unknown"),
        ("contoso", "ann", "litware", .notEvaluable, "targetTenant: 'litware' is not a tenant of organization 'org'"),
    ] as [(String, String, String?, ProvisionInputError.Kind, String)])
    func aDryRunOfAnUnknownTenantOrUserOrABadTargetSaysWhich(
        source: String, user: String, target: String?, kind: ProvisionInputError.Kind, message: String
    ) async throws {
        try await withTemporaryDirectory { dir in
            let store = try openTestStore(dir)
            _ = try makeApplier(store).apply(provisionFeed())
            #expect(performing: {
                try ProvisionPreview.run(sourceTenant: source, userId: user, targetTenant: target, store: store, at: fixedNow)
            }, throws: { error in
                guard let error = error as? ProvisionInputError else { return false }
                return error.kind == kind && error.message.hasPrefix(message)
            })
        }
    }

    /// The command against a worker on the mock cluster: a user edited in the target behind the worker's back is put
    /// back by the real run, which prints that record's entries; the dry run and the error paths go through the
    /// built executable too.
    @Test func theRealRunGoesThroughTheWorkerAndFixesADriftedUser() async throws {
        try await withMockCluster(brokers: 1) { cluster in
            try createWorkerTopics(cluster, partitions: 1)
            let feed = provisionFeed()
            try publish(feed, to: cluster)
            try await withTemporaryDirectory { dir in
                let worker = makeWorker(cluster, dir: dir, name: "w1")
                worker.start()
                defer {
                    worker.stop()
                    #expect(worker.join(timeout: .seconds(30)))
                }
                #expect(try waitForProgress(dir, ends: endOffsets(feed)))
                let store = try openTestStore(dir)
                try editTargetUser(store, target: "fabrikam", user: "ann") {
                    $0.properties["displayName"] = .string("Someone else")
                    $0.properties["jobTitle"] = nil
                }

                let run = try tenantsync(["provision", "--source", "contoso", "--user", "ann", "--group", "workers", "--json"],
                                         bootstrap: cluster.bootstrap)
                #expect(run.status == 0, "\(run.stderr)")
                let entries = try run.stdout.split(separator: "\n").map { try LogEntryCodec.decode(Array($0.utf8)) }
                #expect(entries.map(\.targetTenant) == ["fabrikam", "northwind"])
                #expect(entries.map(\.action) == [.update, .other])
                #expect(entries[0].modifiedProperties.map(\.name) == ["displayName", "jobTitle"])
                #expect(entries.allSatisfy { $0.changeId == "contoso:provision.user" && $0.steps.count == 4 })
                // The entries are the ones of the request's record: offset 5, the first after the feed.
                #expect(entries.allSatisfy {
                    $0.id == ProvisioningLogEntry.makeID(partition: 0, offset: 5, sourceTenant: "contoso",
                                                         configurationId: $0.configurationId, targetTenant: $0.targetTenant,
                                                         sourceId: "ann")
                })
                let fixed = try #require(try store.targetUser(tenant: "fabrikam", sourceTenant: "contoso", sourceUserId: "ann"))
                let user = try StateRecordCodec.decodeTargetUser(fixed.body)
                #expect(user[property: "displayName"] == .string("Ann Lee") && user[property: "jobTitle"] == .string("Engineer"))

                // Again, one target, for a person: nothing left to fix, each step printed.
                let text = try tenantsync(["provision", "--source", "contoso", "--user", "ann", "--target", "fabrikam",
                                           "--group", "workers"], bootstrap: cluster.bootstrap)
                #expect(text.status == 0, "\(text.stderr)")
                #expect(text.stdout.contains("applied by group workers in "))
                #expect(text.stdout.contains("fabrikam  MTO_Sync_fabrikam  other  skipped  ann_contoso.com#EXT#@fabrikam.com"))
                #expect(text.stdout.contains("  scoping   success  direct member of group g-sales\n"))
                #expect(text.stdout.contains("  action    skipped  target user already up to date: no changes\n"))
                #expect(!text.stdout.contains("northwind"))
                #expect(text.stdout.hasSuffix("1 configuration: 1 other (skipped)\n"))

                // An unknown user: one skip per configuration on stdout, the reason on stderr, exit 2.
                let unknown = try tenantsync(["provision", "--source", "contoso", "--user", "ann@contoso.com", "--group", "workers"],
                                             bootstrap: cluster.bootstrap)
                #expect(unknown.status == 2)
                #expect(unknown.stderr.contains("source user 'ann@contoso.com' of contoso is unknown"))
                #expect(unknown.stdout.contains("SourceUserNotFound"))

                // A tenant the workers do not know: the request is dead-lettered, and the command says why.
                let refused = try tenantsync(["provision", "--source", "litware", "--user", "ann", "--group", "workers"],
                                             bootstrap: cluster.bootstrap)
                #expect(refused.status == 2)
                #expect(refused.stderr.contains("the workers refused provision.user"))
                #expect(refused.stderr.contains("sourceTenant: 'litware' belongs to no organization"))

                // The dry run through the command: the steps it would take, and the store left as it was.
                try editTargetUser(store, target: "northwind", user: "ann") { $0.properties["displayName"] = .string("A. Lee") }
                let before = try storeDump(store)
                let dry = try tenantsync(["provision", "--dry-run", "--store", "sqlite:\(dir.path)/store.db",
                                          "--source", "contoso", "--user", "ann"], bootstrap: cluster.bootstrap)
                #expect(dry.status == 0, "\(dry.stderr)")
                #expect(dry.stdout.hasPrefix("dry run: provision on demand of ann from contoso, decided from sqlite:"))
                #expect(dry.stdout.contains("  modified  displayName: \"A. Lee\" → \"Ann Lee\"\n"))
                #expect(dry.stdout.hasSuffix("2 configurations: 1 other (skipped), 1 update (success)\n"))
                #expect(try storeDump(store) == before)
            }
        }
    }

    @Test func withoutAWorkerTheRealRunTimesOutNamingWhatItWaitedFor() async throws {
        try await withMockCluster(brokers: 1) { cluster in
            try createWorkerTopics(cluster, partitions: 1)
            let run = try tenantsync(["provision", "--source", "contoso", "--user", "ann", "--timeout", "1"],
                                     bootstrap: cluster.bootstrap)
            #expect(run.status == 1)
            #expect(run.stderr.contains("no worker answered within 1.0 seconds"))
            #expect(run.stderr.contains("consumer group 'tenantsync-workers' to apply provision.user of ann (contoso), "
                + "published to directory-changes[0] at offset 0; the group has committed nothing there"))
            #expect(run.stdout.isEmpty)
        }
    }

    typealias Output = ToolOutput

    /// Runs the built executable.
    func tenantsync(_ arguments: [String], bootstrap: String) throws -> Output {
        try runTenantsync(arguments + ["--bootstrap", bootstrap, "--log-level", "error"])
    }
}
