import FastJSON
import Foundation
import SyncCore
import Testing

/// The rules of the domain core, end to end: each test runs a scenario file of `Scenarios/` through the real
/// pipeline (`Simulation`: in-process Kafka cluster, real workers, SQLite) and checks the result against the rule.
/// Expected values come from the rules (README, `scenario.md`, the seed and reference pages), written out here.
@Suite("Scenario rules")
struct ScenarioRuleTests {
    /// Every property of the seed table, as the result names them, plus the target id.
    static let defaultProperties: Set<String> = [
        "accountEnabled", "alternativeSecurityIds", "city", "country", "department", "displayName", "employeeId",
        "givenName", "id", "isSoftDeleted", "jobTitle", "mailNickname", "physicalDeliveryOfficeName", "postalCode",
        "preferredLanguage", "showInAddressList", "state", "streetAddress", "surname", "telephoneNumber",
        "userPrincipalName", "userType",
    ]

    // MARK: Scope

    /// Direct members of a shared group are created as Members in every other tenant; owners are not synced, and
    /// the log says why.
    @Test func membersOfASharedGroupAreSyncedButOwnersAreNot() async throws {
        let r = try await ScenarioResult.run("members-not-owners")
        #expect(r.targetTenants == ["fabrikam", "northwind"])
        for target in ["fabrikam", "northwind"] {
            #expect(r.upns(in: target) == ["ann_contoso.com#EXT#@\(target).com"])
            let ann = try #require(r.user("u-ann", in: target))
            #expect(Set(ann.object?.keys ?? []) == Self.defaultProperties)
            #expect(ann["id"] == .string(TargetUser.deterministicID(targetTenant: target, sourceTenant: "contoso", sourceUserId: "u-ann")))
            #expect(ann["userType"] == "Member")
            #expect(ann["isSoftDeleted"] == false)
            #expect(ann["accountEnabled"] == true)
            #expect(ann["displayName"] == "Ann Lee" && ann["givenName"] == "Ann" && ann["surname"] == "Lee")
            #expect(ann["jobTitle"] == "Engineer" && ann["department"] == "R&D" && ann["mailNickname"] == "ann")
            #expect(ann["city"] == .null && ann["telephoneNumber"] == .null)
            #expect(r.user("u-olga", in: target) == nil)
        }
        #expect(r.configurations == ["contoso/MTO_Sync_fabrikam -> fabrikam: active", "contoso/MTO_Sync_northwind -> northwind: active"])
        // Ann's upsert (seq 2) comes before her membership: out of scope and never synced, then created.
        #expect(r.entries("contoso:2").map(\.brief) == [
            "fabrikam MTO_Sync_fabrikam other skipped NotInScopedGroup", "northwind MTO_Sync_northwind other skipped NotInScopedGroup",
        ])
        let created = r.entries("contoso:4")
        #expect(created.map(\.brief) == ["fabrikam MTO_Sync_fabrikam create success", "northwind MTO_Sync_northwind create success"])
        #expect(created.allSatisfy { $0.step("scoping") == "direct member of group g-sales" })
        let first = try #require(created.first)
        #expect(first["steps"]?.array?.map { $0["name"]?.string ?? "" } == ["import", "scoping", "matching", "action"])
        #expect(first["targetIdentity"]?["userPrincipalName"] == "ann_contoso.com#EXT#@fabrikam.com")
        #expect(first.modified.contains(#"jobTitle: null -> "Engineer""#))
        #expect(r.entries("contoso:5").map(\.brief) == [
            "fabrikam MTO_Sync_fabrikam other skipped OwnerOnlyMembership", "northwind MTO_Sync_northwind other skipped OwnerOnlyMembership",
        ])
    }

    /// Members of a group nested in a shared group are not in scope (direct members only): the nesting and the
    /// nested member's changes are logged as skips with the reason; sharing the inner group itself syncs them.
    @Test func membersOfANestedGroupAreNotSyncedUntilTheirGroupIsShared() async throws {
        let r = try await ScenarioResult.run("nested-groups")
        let nesting = r.entries("contoso:3")
        #expect(nesting.map(\.brief) == [
            "fabrikam MTO_Sync_fabrikam other skipped NestedGroupNotSynced", "northwind MTO_Sync_northwind other skipped NestedGroupNotSynced",
        ])
        #expect(nesting.allSatisfy { $0["sourceIdentity"]?["id"] == "g-inner" })
        #expect(r.entries("contoso:4").map(\.brief) == [
            "fabrikam MTO_Sync_fabrikam other skipped NestedGroupMember", "northwind MTO_Sync_northwind other skipped NestedGroupMember",
        ])
        #expect(r.entries("contoso:4").first?.step("scoping")?.contains("g-inner, which is nested in g-sales") == true)
        // Nothing was created before the share named g-inner.
        let creates = r.entries(about: "u-ned").filter { $0["action"] == "create" }
        #expect(creates.map(\.brief) == ["fabrikam MTO_Sync_fabrikam create success", "northwind MTO_Sync_northwind create success"])
        #expect(creates.allSatisfy { $0["changeId"] == "contoso:share.edit" && $0.step("scoping") == "direct member of group g-inner" })
        for target in ["fabrikam", "northwind"] {
            #expect(r.upns(in: target) == ["ned_contoso.com#EXT#@\(target).com"])
            #expect(r.user("u-ned", in: target)?["jobTitle"] == "Analyst")
        }
    }

    /// A membership may arrive before its user: it is kept (logged as waiting for the user) and the user is
    /// created as soon as its snapshot arrives; a group's own upsert changes nobody.
    @Test func aMembershipBeforeItsUserIsAppliedWhenTheUserArrives() async throws {
        let r = try await ScenarioResult.run("membership-before-user")
        #expect(r.entries("contoso:1").map(\.brief) == ["fabrikam MTO_Sync_fabrikam other skipped SourceUserUnknown"])
        #expect(r.entries("contoso:2").map(\.brief) == ["fabrikam MTO_Sync_fabrikam create success"])
        #expect(r.entries("contoso:2").first?.step("scoping") == "direct member of group g-sales")
        #expect(r.entries("contoso:3").isEmpty)
        #expect(r.upns(in: "fabrikam") == ["late_contoso.com#EXT#@fabrikam.com"])
        #expect(r.user("u-late", in: "fabrikam")?["displayName"] == "Lee Late")
    }

    /// Guests of the source tenant are never synced, even as members of a shared group; a synced member who becomes
    /// a guest is soft-deleted.
    @Test func sourceGuestsAreNeverSynced() async throws {
        let r = try await ScenarioResult.run("source-guests")
        #expect(r.upns(in: "fabrikam") == ["ann_contoso.com#EXT#@fabrikam.com"])
        #expect(r.user("u-gus", in: "fabrikam") == nil)
        for change in ["contoso:1", "contoso:2"] {
            #expect(r.entries(change).map(\.brief) == ["fabrikam MTO_Sync_fabrikam other skipped SourceGuestNotSynced"])
        }
        #expect(r.entries("contoso:4").map(\.brief) == ["fabrikam MTO_Sync_fabrikam create success"])
        // A synced member who becomes a guest at the source leaves scope.
        #expect(r.entries("contoso:5").map(\.brief) == ["fabrikam MTO_Sync_fabrikam delete success"])
        #expect(r.entries("contoso:5").first?.step("scoping")?.hasSuffix("only internal members are synced") == true)
        #expect(r.user("u-ann", in: "fabrikam")?["isSoftDeleted"] == true)
    }

    // MARK: Lifecycle

    /// Leaving scope soft-deletes (IsSoftDeleted true, never removed); coming back within 30 days of `occurredAt`
    /// restores the same target user; coming back later creates it anew.
    @Test func leavingScopeSoftDeletesAndReturningWithinThirtyDaysRestores() async throws {
        let r = try await ScenarioResult.run("leave-scope-and-return")
        #expect(r.upns(in: "fabrikam") == [
            "ann_contoso.com#EXT#@fabrikam.com", "bob_contoso.com#EXT#@fabrikam.com", "cy_contoso.com#EXT#@fabrikam.com",
        ])
        let ann = try #require(r.user("u-ann", in: "fabrikam"))
        let bob = try #require(r.user("u-bob", in: "fabrikam"))
        let cy = try #require(r.user("u-cy", in: "fabrikam"))
        #expect(ann["isSoftDeleted"] == false && bob["isSoftDeleted"] == false)
        #expect(cy["isSoftDeleted"] == true && cy["displayName"] == "Cy Doe")
        #expect(ann["id"] == .string(TargetUser.deterministicID(targetTenant: "fabrikam", sourceTenant: "contoso", sourceUserId: "u-ann")))

        for (change, user) in [("contoso:7", "u-ann"), ("contoso:8", "u-bob"), ("contoso:9", "u-cy")] {
            let left = r.entries(change)
            #expect(left.map(\.brief) == ["fabrikam MTO_Sync_fabrikam delete success"])
            #expect(left.first?["sourceIdentity"]?["id"] == .string(user))
            #expect(left.first?.modified == ["isSoftDeleted: false -> true"])
            #expect(left.first?.step("scoping") == "user \(user) is not a member of g-sales")
        }
        // 29 days later: restored, same id.
        let restored = r.entries("contoso:10")
        #expect(restored.map(\.brief) == ["fabrikam MTO_Sync_fabrikam restore success"])
        #expect(restored.first?.modified == ["isSoftDeleted: true -> false"])
        #expect(restored.first?["targetIdentity"]?["id"] == ann["id"])
        // 31 days later: created anew.
        let recreated = r.entries("contoso:11")
        #expect(recreated.map(\.brief) == ["fabrikam MTO_Sync_fabrikam create success"])
        #expect(recreated.first?.step("matching")?.contains("soft-deleted more than 30 days ago") == true)
    }

    /// A user deleted at the source is soft-deleted in the targets; a snapshot of it does not restore it, only
    /// `user.restored` does; a hard-deleted user cannot be restored; deleting a shared group soft-deletes the users
    /// only it kept.
    @Test func sourceDeletionsSoftDeleteAndOnlyUserRestoredRestores() async throws {
        let r = try await ScenarioResult.run("source-deletes")
        #expect(r.entries("contoso:10").map(\.brief) == ["fabrikam MTO_Sync_fabrikam delete success"])
        #expect(r.entries("contoso:10").first?.step("scoping") == "source user u-ann is deleted in the source tenant")
        #expect(r.entries("contoso:11").map(\.brief) == ["fabrikam MTO_Sync_fabrikam other skipped SourceUserDeleted"])
        let restored = r.entries("contoso:12")
        #expect(restored.map(\.brief) == ["fabrikam MTO_Sync_fabrikam restore success"])
        #expect(restored.first?.modified == ["isSoftDeleted: true -> false", #"jobTitle: "Engineer" -> "Manager""#])
        #expect(r.entries("contoso:13").map(\.brief) == ["fabrikam MTO_Sync_fabrikam delete success"])
        #expect(r.entries("contoso:14").map(\.brief) == ["fabrikam MTO_Sync_fabrikam other skipped SourceUserUnknown"])
        let groupDeleted = r.entries("contoso:15")
        #expect(groupDeleted.map(\.brief) == ["fabrikam MTO_Sync_fabrikam delete success"])
        #expect(groupDeleted.first?["sourceIdentity"]?["id"] == "u-cy")

        let state = r.users(in: "fabrikam").map { "\($0["userPrincipalName"]?.string ?? "?") \($0["isSoftDeleted"] == true ? "soft-deleted" : "active")" }
        #expect(state == [
            "ann_contoso.com#EXT#@fabrikam.com active", "bob_contoso.com#EXT#@fabrikam.com soft-deleted",
            "cy_contoso.com#EXT#@fabrikam.com soft-deleted", "dan_contoso.com#EXT#@fabrikam.com active",
        ])
        #expect(r.user("u-ann", in: "fabrikam")?["jobTitle"] == "Manager")
    }

    // MARK: Properties and mappings

    /// The default mapping: every property of the seed table is synced as is (nothing else, e.g. mail or
    /// companyName), updates write only what changed, a property that becomes null is cleared, accountEnabled false
    /// is a disable (an update, not a delete), and the userPrincipalName follows the source's.
    @Test func propertyUpdatesFlowByTheDefaultMapping() async throws {
        let r = try await ScenarioResult.run("property-updates")
        let created = try #require(r.entries("contoso:2").first)
        #expect(r.entries("contoso:2").map(\.brief) == ["fabrikam MTO_Sync_fabrikam create success"])
        #expect(created.modified.contains(#"city: null -> "Seattle""#) && !created.modified.contains { $0.hasPrefix("mail:") })

        let updated = r.entries("contoso:3")
        #expect(updated.map(\.brief) == ["fabrikam MTO_Sync_fabrikam update success"])
        #expect(updated.first?.modified == [
            #"city: "Seattle" -> null"#, #"department: "R&D" -> "Sales""#, #"jobTitle: "Engineer" -> "Manager""#,
        ])
        // Only mail changed, which is not synced.
        #expect(r.entries("contoso:4").map(\.brief) == ["fabrikam MTO_Sync_fabrikam other skipped"])
        #expect(r.entries("contoso:4").first?.modified == [])
        let disabled = r.entries("contoso:5")
        #expect(disabled.map(\.brief) == ["fabrikam MTO_Sync_fabrikam disable success"])
        #expect(disabled.first?.modified == ["accountEnabled: true -> false"])
        let renamed = r.entries("contoso:6")
        #expect(renamed.map(\.brief) == ["fabrikam MTO_Sync_fabrikam update success"])
        #expect(renamed.first?.modified == [
            "accountEnabled: false -> true", #"mailNickname: "ann" -> "ann.lee""#,
            #"userPrincipalName: "ann_contoso.com#EXT#@fabrikam.com" -> "ann.lee_contoso.com#EXT#@fabrikam.com""#,
        ])

        let ann = try #require(r.user("u-ann", in: "fabrikam"))
        #expect(Set(ann.object?.keys ?? []) == Self.defaultProperties)
        let expected: [String: JSONValue] = [
            "accountEnabled": true, "city": nil, "country": "US", "department": "Sales", "displayName": "Ann Lee",
            "employeeId": "E-1001", "givenName": "Ann", "isSoftDeleted": false, "jobTitle": "Manager", "mailNickname": "ann.lee",
            "physicalDeliveryOfficeName": "B1/101", "postalCode": "98101", "preferredLanguage": "en-US", "showInAddressList": true,
            "state": "WA", "streetAddress": "1 Main St", "surname": "Lee", "telephoneNumber": "+1 206 555 0100",
            "userPrincipalName": "ann.lee_contoso.com#EXT#@fabrikam.com", "userType": "Member",
            "id": .string(TargetUser.deterministicID(targetTenant: "fabrikam", sourceTenant: "contoso", sourceUserId: "u-ann")),
            "alternativeSecurityIds": [["identityProvider": "contoso", "key": "u-ann"]],
        ]
        for (name, value) in expected { #expect(ann[name] == value, "\(name)") }
    }

    /// Hand-made mappings: a constant, expressions (recomputed on every change, total over null attributes), a
    /// direct mapping applied on create only with a default used when the source is null, and `none` (never written).
    @Test func mappingsConstantExpressionOnCreateAndNone() async throws {
        let r = try await ScenarioResult.run("mappings")
        #expect(r.configurations == ["contoso/eng-to-fabrikam -> fabrikam: active"])
        #expect(r.entries("contoso:2").map(\.brief) == ["fabrikam eng-to-fabrikam create success"])
        let created = try #require(r.entries("contoso:2").first)
        #expect(created.modified.contains(#"department: null -> "General""#))
        #expect(created.modified.contains(#"displayName: null -> "Ann LÉE""#))
        #expect(created.modified.contains(#"employeeId: null -> "none""#))
        #expect(created.modified.contains(#"mailNickname: null -> "ann.lee""#))
        #expect(!created.modified.contains { $0.hasPrefix("jobTitle:") })
        let updated = r.entries("contoso:3")
        #expect(updated.map(\.brief) == ["fabrikam eng-to-fabrikam update success"])
        #expect(updated.first?.modified == [
            #"displayName: "Ann LÉE" -> "Ann LÉE-RAY""#, #"employeeId: "none" -> "E-7""#, #"mailNickname: "ann.lee" -> "ann.lee-ray""#,
            #"surname: "Lée" -> "Lée-Ray""#,
        ])

        let ann = try #require(r.user("u-ann", in: "fabrikam"))
        #expect(Set(ann.object?.keys ?? []) == Self.defaultProperties.union(["companyName"]))
        #expect(ann["companyName"] == "Contoso")
        #expect(ann["displayName"] == "Ann LÉE-RAY")
        #expect(ann["department"] == "General")
        #expect(ann["jobTitle"] == .null)
        #expect(ann["employeeId"] == "E-7" && ann["mailNickname"] == "ann.lee-ray")
        #expect(ann["surname"] == "Lée-Ray" && ann["userPrincipalName"] == "ann_contoso.com#EXT#@fabrikam.com")
    }

    /// Attribute scoping filters: the outer list is ORed, the inner lists ANDed; EQUALS ignores case; a null
    /// attribute fails positive operators; a user filtered out later is soft-deleted; only the named target gets
    /// a hand-made configuration's users.
    @Test func scopingFiltersOrTheirListsAndAndTheirClauses() async throws {
        let r = try await ScenarioResult.run("scoping-filters")
        #expect(r.configurations == ["contoso/eng-to-fabrikam -> fabrikam: active"])
        #expect(r.targetTenants == ["fabrikam"])
        #expect(r.upns(in: "fabrikam") == ["ann_contoso.com#EXT#@fabrikam.com", "hal_contoso.com#EXT#@fabrikam.com"])
        #expect(r.entries("contoso:6").map(\.brief) == ["fabrikam eng-to-fabrikam create success"])  // R&D, Engineer
        #expect(r.entries("contoso:8").map(\.brief) == ["fabrikam eng-to-fabrikam create success"])  // employeeId 9100
        for change in ["contoso:7", "contoso:9", "contoso:10"] {  // an intern, employeeId 120, no attributes at all
            #expect(r.entries(change).map(\.brief) == ["fabrikam eng-to-fabrikam other skipped ScopingFilterMismatch"], "\(change)")
        }
        let filteredOut = r.entries("contoso:11")
        #expect(filteredOut.map(\.brief) == ["fabrikam eng-to-fabrikam delete success"])
        #expect(filteredOut.first?.step("scoping")?.hasPrefix("attribute scoping filters exclude user u-ann") == true)
        #expect(r.user("u-ann", in: "fabrikam")?["isSoftDeleted"] == true)
        #expect(r.user("u-hal", in: "fabrikam")?["isSoftDeleted"] == false)
    }

    // MARK: Sharing and configurations

    /// `share.users` makes `MTO_Sync_<target>` per other tenant (ids unique within their source only);
    /// `share.edit` replaces the groups of every `MTO_Sync_*` of the source and moves exactly the affected users,
    /// leaving hand-made configurations alone (a user one of them keeps stays).
    @Test func shareEditMovesTheRightUsersAndLeavesHandMadeConfigurationsAlone() async throws {
        let r = try await ScenarioResult.run("share-edit")
        #expect(r.configurations == [
            "contoso/MTO_Sync_fabrikam -> fabrikam: active", "contoso/MTO_Sync_northwind -> northwind: active",
            "contoso/old-to-northwind -> northwind: active",
            "fabrikam/MTO_Sync_contoso -> contoso: active", "fabrikam/MTO_Sync_northwind -> northwind: active",
        ])
        let edit = r.entries("contoso:share.edit")
        #expect(edit.map { "\($0.brief) \($0["sourceIdentity"]?["id"]?.string ?? "?")" } == [
            "fabrikam MTO_Sync_fabrikam create success u-join", "fabrikam MTO_Sync_fabrikam delete success u-leave",
            "northwind MTO_Sync_northwind create success u-join",
        ])
        func state(_ user: String, _ target: String) -> String {
            guard let u = r.user(user, in: target) else { return "absent" }
            return u["isSoftDeleted"] == true ? "soft-deleted" : "active"
        }
        #expect(["u-stay", "u-leave", "u-join"].map { state($0, "fabrikam") } == ["active", "soft-deleted", "active"])
        #expect(["u-stay", "u-leave", "u-join"].map { state($0, "northwind") } == ["active", "active", "active"])
        #expect(r.users(in: "contoso").isEmpty)
    }

    /// `share.users` again creates or replaces `MTO_Sync_<target>` for every other tenant (one deleted meanwhile
    /// comes back); `share.currentScope` recreates only the missing ones, with the current groups.
    @Test func shareUsersReplacesEveryMTOConfigurationAndCurrentScopeFillsTheGaps() async throws {
        let r = try await ScenarioResult.run("share-users-replace")
        func brief(_ change: String) -> [String] {
            r.entries(change).map { "\($0.brief) \($0["sourceIdentity"]?["id"]?.string ?? "?")" }
        }
        #expect(brief("contoso:share.users") == [
            "fabrikam MTO_Sync_fabrikam delete success u-ann", "fabrikam MTO_Sync_fabrikam create success u-bob",
            "northwind MTO_Sync_northwind create success u-bob",
        ])
        #expect(brief("contoso:config.delete") == [
            "northwind MTO_Sync_northwind delete success u-ann", "fabrikam MTO_Sync_fabrikam delete success u-bob",
        ])
        #expect(brief("contoso:share.currentScope") == ["fabrikam MTO_Sync_fabrikam restore success u-bob"])
        #expect(r.configurations == ["contoso/MTO_Sync_fabrikam -> fabrikam: active", "contoso/MTO_Sync_northwind -> northwind: active"])
        for target in ["fabrikam", "northwind"] {
            #expect(r.users(in: target).map { $0["isSoftDeleted"] } == [true, false], "\(target): Ann soft-deleted, Bob active")
        }
    }

    /// A tenant added to the organization receives nothing until the source runs `share.currentScope`, which
    /// creates its `MTO_Sync_<tenant>` with the current groups and leaves the existing configurations as they are.
    @Test func anAddedTenantReceivesNothingUntilShareCurrentScope() async throws {
        let r = try await ScenarioResult.run("add-tenant-share-current-scope")
        #expect(r.entries("contoso:3").map(\.brief) == ["fabrikam MTO_Sync_fabrikam update success"])
        #expect(r.entries("wingtip:org.addTenant").isEmpty && r.entries("contoso:org.addTenant").isEmpty)
        let shared = r.entries("contoso:share.currentScope")
        #expect(shared.map(\.brief) == ["wingtip MTO_Sync_wingtip create success"])
        #expect(shared.first?["sourceIdentity"]?["id"] == "u-ann")
        #expect(r.configurations == ["contoso/MTO_Sync_fabrikam -> fabrikam: active", "contoso/MTO_Sync_wingtip -> wingtip: active"])
        #expect(r.upns(in: "wingtip") == ["ann_contoso.com#EXT#@wingtip.com"])
        #expect(r.user("u-ann", in: "wingtip")?["jobTitle"] == "Manager")
        #expect(r.user("u-ann", in: "wingtip")?["userType"] == "Member")
    }

    /// Several hand-made configurations for one pair: a user is synced while any of them keeps it; deleting one
    /// soft-deletes only the users no other keeps; changing a configuration's scope re-evaluates its users.
    @Test func configDeleteKeepsUsersAnotherConfigurationStillScopes() async throws {
        let r = try await ScenarioResult.run("config-upsert-delete")
        let deleted = r.entries("contoso:config.delete")
        #expect(deleted.map(\.brief) == ["fabrikam sales-to-fabrikam delete success"])
        #expect(deleted.first?["sourceIdentity"]?["id"] == "u-sam")
        #expect(deleted.first?.step("scoping") == "configuration sales-to-fabrikam was deleted and no other configuration keeps the user")
        // The last step moves eng-to-fabrikam to another group: Ann, kept by it alone since the delete, leaves.
        let upserts = r.entries("contoso:config.upsert")
        #expect(upserts.map { "\($0.brief) \($0["sourceIdentity"]?["id"]?.string ?? "?")" } == ["fabrikam eng-to-fabrikam delete success u-ann"])
        #expect(r.configurations == ["contoso/eng-to-fabrikam -> fabrikam: active"])
        #expect(r.users(in: "fabrikam").map { $0["isSoftDeleted"] } == [true, true])
        #expect(r.entries(about: "u-ann").filter { $0["action"] == "create" }.count == 1)
    }

    /// Several hand-made configurations for one pair: a user is synced while any keeps it, created once; every
    /// keeping configuration applies its mappings in id order, so the last one's value is what the target holds.
    @Test func severalConfigurationsOfAPairApplyTheirMappingsInIdOrder() async throws {
        let r = try await ScenarioResult.run("several-configurations-one-pair")
        #expect(r.entries(about: "u-ann").filter { $0["action"] == "create" }.map(\.brief) == ["fabrikam sales-to-fabrikam create success"])
        // Kept by both: one entry per configuration, in id order; sales-to-fabrikam comes last and its value stays.
        #expect(r.entries("contoso:4").map(\.brief) == ["fabrikam eng-to-fabrikam update success", "fabrikam sales-to-fabrikam update success"])
        #expect(r.entries("contoso:4").last?.modified.contains(#"companyName: "Contoso Engineering" -> "Contoso Sales""#) == true)
        // Out of g-sales: still kept by eng-to-fabrikam, whose mapping now decides.
        let left = r.entries("contoso:5")
        #expect(left.map(\.brief) == ["fabrikam eng-to-fabrikam update success", "fabrikam sales-to-fabrikam other skipped"])
        #expect(left.first?.modified == [#"companyName: "Contoso Sales" -> "Contoso Engineering""#])
        let ann = try #require(r.user("u-ann", in: "fabrikam"))
        #expect(ann["isSoftDeleted"] == false && ann["companyName"] == "Contoso Engineering" && ann["displayName"] == "Ann Lee-Ray")
    }

    /// Changing a configuration's target moves its users: soft-deleted in the old target, created in the new.
    @Test func retargetingAConfigurationMovesItsUsers() async throws {
        let r = try await ScenarioResult.run("config-retarget")
        #expect(r.configurations == ["contoso/sales-out -> northwind: active"])
        #expect(r.user("u-ann", in: "fabrikam")?["isSoftDeleted"] == true)
        #expect(r.user("u-ann", in: "northwind")?["isSoftDeleted"] == false)
        let moved = r.log.filter { $0["changeId"] == "contoso:config.upsert" }
        #expect(moved.map(\.brief) == ["fabrikam sales-out delete success", "northwind sales-out create success"])
    }

    /// `org.removeTenant`: users synced into the removed tenant are left as they are (neither updated nor
    /// soft-deleted any more); the removed tenant's own users are soft-deleted everywhere; its later changes are
    /// rejected (dead letters).
    @Test func removingATenantLeavesUsersSyncedIntoItAndUnsyncsItsOwn() async throws {
        let r = try await ScenarioResult.run("org-remove-tenant")
        #expect(r.configurations == ["contoso/MTO_Sync_northwind -> northwind: active"])
        let intoRemoved = try #require(r.user("u-ann", in: "fabrikam"))
        #expect(intoRemoved["isSoftDeleted"] == false && intoRemoved["displayName"] == "Ann Lee")
        #expect(r.user("u-ann", in: "northwind")?["displayName"] == "Ann Lee-Ray")
        #expect(r.user("u-ann", in: "northwind")?["isSoftDeleted"] == true)
        #expect(r.entries("contoso:3").map(\.brief) == ["northwind MTO_Sync_northwind update success"])
        #expect(r.entries("contoso:4").map(\.brief) == ["northwind MTO_Sync_northwind delete success"])
        for target in ["contoso", "northwind"] {
            let fay = try #require(r.user("u-fay", from: "fabrikam", in: target))
            #expect(fay["isSoftDeleted"] == true && fay["displayName"] == "Fay Fox")
        }
        let left = r.entries("fabrikam:org.removeTenant")
        #expect(left.map(\.brief) == ["contoso MTO_Sync_contoso delete success", "northwind MTO_Sync_northwind delete success"])
        #expect(left.allSatisfy { $0.step("scoping") == "source tenant fabrikam left organization default" })
        #expect(r.entries("contoso:org.removeTenant").isEmpty && r.entries("northwind:org.removeTenant").isEmpty)
        #expect(r.entries("fabrikam:3").isEmpty)
    }

    // MARK: Safety

    /// Deletes and disables beyond the threshold quarantine the configuration: they are logged as stagedDelete
    /// and held, creates continue; `config.allowDeletes` applies the held ones (not for a user back in scope)
    /// and releases the quarantine.
    @Test func deletionThresholdQuarantinesAndAllowDeletesReleases() async throws {
        // Stopped before config.allowDeletes: quarantined, the third delete onwards held.
        let held = try await ScenarioResult.run("deletion-threshold", steps: 13)
        #expect(held.configurations == ["contoso/all-to-fabrikam -> fabrikam: quarantined"])
        #expect(["contoso:6", "contoso:7", "contoso:8", "contoso:9", "contoso:10", "contoso:11"].map { held.entries($0).map(\.brief) } == [
            ["fabrikam all-to-fabrikam delete success"], ["fabrikam all-to-fabrikam delete success"],
            ["fabrikam all-to-fabrikam stagedDelete skipped DeletionThresholdExceeded"],
            ["fabrikam all-to-fabrikam stagedDelete skipped DeletionThresholdExceeded"],
            ["fabrikam all-to-fabrikam stagedDelete skipped DeletionThresholdExceeded"],
            ["fabrikam all-to-fabrikam create success"],
        ])
        #expect(held.users(in: "fabrikam").map { $0["isSoftDeleted"] } == [true, true, false, false, false, false])
        #expect(held.user("u5", in: "fabrikam")?["accountEnabled"] == true)

        let r = try await ScenarioResult.run("deletion-threshold")
        #expect(r.configurations == ["contoso/all-to-fabrikam -> fabrikam: active"])
        let released = r.entries("contoso:config.allowDeletes")
        #expect(released.map { "\($0.brief) \($0["sourceIdentity"]?["id"]?.string ?? "?")" } == [
            "fabrikam all-to-fabrikam delete success u3", "fabrikam all-to-fabrikam disable success u5",
        ])
        let state = r.users(in: "fabrikam").map {
            "\($0["alternativeSecurityIds"]?[0]?["key"]?.string ?? "?") \($0["isSoftDeleted"] == true ? "soft-deleted" : "active") enabled=\($0["accountEnabled"]?.serializedString() ?? "?")"
        }
        #expect(state == [
            "u1 soft-deleted enabled=true", "u2 soft-deleted enabled=true", "u3 soft-deleted enabled=true",
            "u4 active enabled=true", "u5 active enabled=false", "u6 active enabled=true",
        ])
    }

    /// A scope change re-evaluates every user through the threshold (two deletes, the rest held, quarantined);
    /// deleting the configuration is an explicit decision: its soft deletes are not held.
    @Test func aScopeChangeGoesThroughTheThresholdAndADeleteDoesNot() async throws {
        let held = try await ScenarioResult.run("deletion-threshold-scope-change", steps: 10)
        #expect(held.configurations == ["contoso/team-to-fabrikam -> fabrikam: quarantined"])
        #expect(held.entries("contoso:config.upsert").map { "\($0.brief) \($0["sourceIdentity"]?["id"]?.string ?? "?")" } == [
            "fabrikam team-to-fabrikam delete success u1", "fabrikam team-to-fabrikam delete success u2",
            "fabrikam team-to-fabrikam stagedDelete skipped DeletionThresholdExceeded u3",
            "fabrikam team-to-fabrikam stagedDelete skipped DeletionThresholdExceeded u4",
        ])
        #expect(held.users(in: "fabrikam").map { $0["isSoftDeleted"] } == [true, true, false, false])

        let r = try await ScenarioResult.run("deletion-threshold-scope-change")
        #expect(r.configurations == [])
        #expect(r.entries("contoso:config.delete").map { "\($0.brief) \($0["sourceIdentity"]?["id"]?.string ?? "?")" } == [
            "fabrikam team-to-fabrikam delete success u3", "fabrikam team-to-fabrikam delete success u4",
        ])
        #expect(r.users(in: "fabrikam").map { $0["isSoftDeleted"] } == [true, true, true, true])
    }

    /// The threshold window slides by `occurredAt`: deletes further apart than the window do not add up. A step
    /// without `occurredAt` (every admin step) happens just after the step before it, so a delete released at
    /// 17:01 is restorable until 30 days after 17:01.
    @Test func deletionThresholdWindowSlidesByOccurredAt() async throws {
        let r = try await ScenarioResult.run("deletion-threshold-window")
        #expect(["contoso:4", "contoso:5", "contoso:6"].map { r.entries($0).map(\.brief) } == [
            ["fabrikam all-to-fabrikam delete success"],  // 16:10
            ["fabrikam all-to-fabrikam delete success"],  // 17:00, 50 minutes later: the first one is out of the window
            ["fabrikam all-to-fabrikam stagedDelete skipped DeletionThresholdExceeded"],  // 17:01, the second in 40 minutes
        ])
        #expect(r.entries("contoso:config.allowDeletes").map(\.brief) == ["fabrikam all-to-fabrikam delete success"])
        let back = r.entries("contoso:7")
        #expect(back.map(\.brief) == ["fabrikam all-to-fabrikam restore success"])  // 29 days 23.5 hours after the release
        #expect(r.configurations == ["contoso/all-to-fabrikam -> fabrikam: active"])
        #expect(r.users(in: "fabrikam").map { $0["isSoftDeleted"] } == [true, true, false])
    }

    /// A change whose seq is not above the last applied one for its tenant (published twice, or arriving late) is
    /// applied zero times and logged as a skipped duplicate with its own entry id.
    @Test func duplicateAndOutOfOrderChangesAreAppliedOnce() async throws {
        let r = try await ScenarioResult.run("duplicates-and-out-of-order")
        let twice = r.entries("contoso:3")
        #expect(twice.map(\.brief) == ["fabrikam MTO_Sync_fabrikam update success", "fabrikam MTO_Sync_fabrikam other skipped DuplicateChange"])
        #expect(twice.count == 2 && twice.first?["id"] != twice.last?["id"])
        #expect(twice.last?.modified == [])
        #expect(r.entries("contoso:1").map(\.brief) == [
            "fabrikam MTO_Sync_fabrikam other skipped NotInScopedGroup", "fabrikam MTO_Sync_fabrikam other skipped DuplicateChange",
        ])
        #expect(r.entries("contoso:2").map(\.brief) == [
            "fabrikam MTO_Sync_fabrikam create success", "fabrikam MTO_Sync_fabrikam other skipped DuplicateChange",
        ])
        #expect(r.entries("contoso:4").map(\.brief) == ["fabrikam MTO_Sync_fabrikam update success"])
        let ann = try #require(r.user("u-ann", in: "fabrikam"))
        #expect(ann["isSoftDeleted"] == false && ann["jobTitle"] == "Manager" && ann["displayName"] == "Ann Lee-Ray")
    }

    // MARK: Matching

    /// The contract's example: a B2B guest already in the target, anchored by alternativeSecurityIds, is matched
    /// (not duplicated), updated and stays a Guest, and is TenantSync's from then on (soft-deleted when it leaves
    /// scope); a pre-existing user whose source user never is in scope is left as it is, even when that source
    /// user is deleted; a tenant added later gets Members.
    @Test func preExistingGuestIsMatchedAndAnUnmanagedUserOutOfScopeIsLeftAlone() async throws {
        let r = try await ScenarioResult.run("pre-existing-target-users")
        #expect(r.upns(in: "fabrikam") == [
            "ann_contoso.com#EXT#@fabrikam.com", "bob_contoso.com#EXT#@fabrikam.com", "cy_contoso.com#EXT#@fabrikam.com",
        ])
        let bob = try #require(r.user("u-bob", in: "fabrikam"))
        #expect(bob["id"] == "guest-1" && bob["userType"] == "Guest" && bob["displayName"] == "Bob Ray")
        #expect(bob["accountEnabled"] == true)
        let matched = r.entries("contoso:4")
        #expect(matched.map(\.brief) == ["fabrikam MTO_Sync_fabrikam update success"])
        #expect(matched.first?.step("matching")?.hasPrefix("matched target user guest-1 by source anchor contoso/u-bob") == true)
        #expect(matched.first?.modified.contains(#"displayName: "Bob (guest)" -> "Bob Ray""#) == true)
        #expect(matched.first?.modified.contains { $0.hasPrefix("userType:") } == false)

        let cy = try #require(r.user("u-cy", in: "fabrikam"))
        #expect(cy["id"] == "guest-2" && cy["displayName"] == "Cy (guest)" && cy["jobTitle"] == "Contractor")
        #expect(cy["userType"] == "Guest" && cy["isSoftDeleted"] == false)
        for change in ["contoso:5", "contoso:6"] {
            #expect(r.entries(change).map(\.brief) == ["fabrikam MTO_Sync_fabrikam other skipped"], "\(change)")
            #expect(r.entries(change).first?.step("action")?.hasSuffix("left as it is") == true, "\(change)")
        }

        #expect(r.upns(in: "northwind") == ["ann_contoso.com#EXT#@northwind.com", "bob_contoso.com#EXT#@northwind.com"])
        #expect(r.users(in: "northwind").map { $0["userType"] } == ["Member", "Member"])
        #expect(r.user("u-bob", in: "northwind")?["id"] == .string(TargetUser.deterministicID(targetTenant: "northwind", sourceTenant: "contoso", sourceUserId: "u-bob")))

        // Matched in scope, the guest is managed: leaving scope soft-deletes it like the users TenantSync created.
        #expect(r.entries("contoso:7").map(\.brief) == ["fabrikam MTO_Sync_fabrikam delete success", "northwind MTO_Sync_northwind delete success"])
        #expect(bob["isSoftDeleted"] == true && r.user("u-bob", in: "northwind")?["isSoftDeleted"] == true)
        #expect(r.user("u-ann", in: "fabrikam")?["isSoftDeleted"] == false)
    }

    /// An existing guest becomes a Member when userType is mapped Always.
    @Test func matchedGuestBecomesMemberWhenUserTypeIsMappedAlways() async throws {
        let r = try await ScenarioResult.run("guest-mapped-member")
        let bob = try #require(r.user("u-bob", in: "fabrikam"))
        #expect(bob["id"] == "guest-1" && bob["userType"] == "Member" && bob["displayName"] == "Bob Ray")
        #expect(r.users(in: "fabrikam").count == 1)
        let matched = r.entries("contoso:2")
        #expect(matched.map(\.brief) == ["fabrikam sales-as-members update success"])
        #expect(matched.first?.modified.contains(#"userType: "Guest" -> "Member""#) == true)
    }

    // MARK: Organizations

    /// One deployment, two organizations: each source's users reach only the tenants of its own organization; a
    /// configuration naming a tenant of the other organization and a change from a tenant of none are rejected.
    @Test func organizationsNeverCross() async throws {
        let r = try await ScenarioResult.run("multiple-organizations")
        #expect(r.targetTenants == ["fabrikam", "wingtip"])
        #expect(r.upns(in: "fabrikam") == ["ann_contoso.com#EXT#@fabrikam.com"])
        #expect(r.upns(in: "wingtip") == ["ann_northwind.com#EXT#@wingtip.com"])
        #expect(r.user("u-ann", from: "contoso", in: "fabrikam")?["displayName"] == "Ann Lee")
        #expect(r.user("u-ann", from: "northwind", in: "wingtip")?["displayName"] == "Ann North")
        #expect(r.configurations == ["contoso/MTO_Sync_fabrikam -> fabrikam: active", "northwind/MTO_Sync_wingtip -> wingtip: active"])
        let pairs = Set(r.log.map { "\($0["sourceTenant"]?.string ?? "?") -> \($0["targetTenant"]?.string ?? "?")" })
        #expect(pairs == ["contoso -> fabrikam", "northwind -> wingtip"])
        #expect(r.entries("acme:1").isEmpty)
    }
}
