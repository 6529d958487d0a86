import FastJSON
import Testing
@testable import SyncFeed

@Suite struct FeedGeneratorTests {
    func generate(_ options: FeedGeneratorOptions) throws -> ([[UInt8]], FeedSummary) {
        var lines: [[UInt8]] = []
        var generator = FeedGenerator(options: options)
        let summary = try generator.generate { lines.append($0) }
        return (lines, summary)
    }

    @Test func sameSeedGivesByteIdenticalFeedsAndAnotherSeedDoesNot() throws {
        let options = FeedGeneratorOptions(tenants: 4, users: 200, groups: 12, changes: 2_000, seed: 42, malformedRate: 0.01)
        let (a, _) = try generate(options)
        let (b, _) = try generate(options)
        var other = options
        other.seed = 43
        let (c, _) = try generate(other)
        #expect(a == b)
        #expect(a != c)
    }

    @Test func everyWellFormedLineFollowsTheChangeEventContract() throws {
        let (lines, summary) = try generate(FeedGeneratorOptions(tenants: 5, users: 300, groups: 15, changes: 3_000, seed: 7))
        #expect(summary.lines == lines.count)
        #expect(summary.malformedLines == 0)
        #expect(lines.count == summary.setupLines + 3_000)
        let types: Set = ["user.upserted", "user.deleted", "user.restored", "group.upserted", "group.deleted",
                          "group.member.added", "group.member.removed", "admin"]
        var lastSeq: [String: Int64] = [:]
        for line in lines {
            let event = try JSONValue(parsing: line)
            #expect(event["schema"]?.string == "tenantsync.change.v1")
            let tenant = try #require(event["tenantId"]?.string)
            let type = try #require(event["type"]?.string)
            #expect(types.contains(type))
            #expect(event["occurredAt"]?.string?.hasSuffix("Z") == true)
            if type == "admin" {
                #expect(event["action"]?["action"]?.string != nil)
                continue
            }
            let seq = try #require(event["seq"]?.int64)
            #expect(seq > lastSeq[tenant, default: 0], "seq must increase per tenant")
            lastSeq[tenant] = seq
            if type == "user.upserted" {
                let user = try #require(event["user"]?.object)
                for property in ["id", "userPrincipalName", "displayName", "givenName", "surname", "mailNickname",
                                 "jobTitle", "department", "city", "country", "accountEnabled", "userType"] {
                    #expect(user[property] != nil, "user.\(property) missing")
                }
            }
        }
        #expect(lastSeq.count == 5)
    }

    @Test func feedHoldsTheShapesTheRulesNeed() throws {
        let (_, summary) = try generate(FeedGeneratorOptions(tenants: 6, users: 2_000, groups: 60, changes: 20_000, seed: 3))
        for type in ["user.upserted", "user.deleted", "user.restored", "group.member.added", "group.member.removed",
                     "admin:org.create", "admin:share.users"] {
            #expect(summary.byType[type, default: 0] > 0, "no \(type) in the feed")
        }
    }

    @Test func tenantSizesFollowAZipfLawWithBigHeadAndLongTail() {
        let parts = ZipfDistribution(count: 20).split(10_000, minimum: 2)
        #expect(parts.reduce(0, +) == 10_000)
        #expect(parts[0] > parts[1] && parts[1] > parts[10] && parts[10] >= parts[19])
        #expect(parts[0] > 5 * parts[19])
    }

    @Test func malformedShareIsRoughlyTheOneAskedForAndEachKindAppears() throws {
        let (lines, summary) = try generate(FeedGeneratorOptions(tenants: 3, users: 100, groups: 6, changes: 6_000, seed: 9,
                                                            malformedRate: 0.05))
        let share = Double(summary.malformedLines) / 6_000
        #expect(share > 0.03 && share < 0.07)
        for kind in ["invalidJSON", "missingField", "wrongType", "unknownType", "wrongSchema", "unknownTenant"] {
            #expect(summary.byType["malformed:\(kind)", default: 0] > 0)
        }
        let unparsable = lines.filter { (try? JSONValue(parsing: $0)) == nil }.count
        #expect(unparsable == summary.byType["malformed:invalidJSON"])
    }

    /// With several organizations each tenant is created in exactly one, under its own key, with the tenants
    /// `i mod N` of the others; one organization keeps the name `default` and every tenant.
    @Test func organizationsSplitTheTenantsRoundRobinAndEachTenantLearnsOnlyItsOwn() throws {
        func creations(_ organizations: Int) throws -> [String: (org: String, members: [String])] {
            let (lines, _) = try generate(FeedGeneratorOptions(tenants: 10, users: 100, groups: 10, changes: 0, seed: 3,
                                                               organizations: organizations))
            var byTenant: [String: (org: String, members: [String])] = [:]
            for line in lines {
                let event = try JSONValue(parsing: line)
                guard event["action"]?["action"]?.string == "org.create", let tenant = event["tenantId"]?.string else { continue }
                #expect(byTenant[tenant] == nil, "\(tenant) got two org.create")
                let members = (event["action"]?["tenants"]?.array ?? []).compactMap { $0["id"]?.string }
                byTenant[tenant] = (try #require(event["action"]?["organizationId"]?.string), members)
            }
            return byTenant
        }
        let four = try creations(4)
        #expect(four.count == 10)
        #expect(Set(four.values.map(\.org)) == ["org-1", "org-2", "org-3", "org-4"])
        for (tenant, created) in four {
            #expect(created.members.contains(tenant))
            #expect(created.members.allSatisfy { four[$0]?.org == created.org })
        }
        #expect(four.values.filter { $0.org == "org-1" }.first?.members.count == 3)  // tenants 0, 4, 8
        let one = try creations(1)
        #expect(one.count == 10 && Set(one.values.map(\.org)) == ["default"] && one.values.allSatisfy { $0.members.count == 10 })
    }

    @Test func rfc3339FormatsUTCWithMilliseconds() {
        #expect(RFC3339.format(millis: 0) == "1970-01-01T00:00:00.000Z")
        #expect(RFC3339.format(millis: 1_767_225_600_000) == "2026-01-01T00:00:00.000Z")
        #expect(RFC3339.format(millis: 1_798_675_200_120) == "2026-12-31T00:00:00.120Z")
        #expect(RFC3339.format(millis: 951_782_400_000 + 86_399_999) == "2000-02-29T23:59:59.999Z")
    }
}
