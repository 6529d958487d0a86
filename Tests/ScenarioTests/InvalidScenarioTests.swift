import Foundation
import Testing
import TestSupport

/// Invalid scenario files through the built executable: `tenantsync simulate` exits 2, names the step and field on
/// standard error, and prints no result (`scenario.md`).
@Suite("Invalid scenarios")
struct InvalidScenarioTests {
    typealias Output = ToolOutput

    func simulate(_ file: String) throws -> Output {
        try runTenantsync(["simulate", "--scenario", ScenarioResult.folder.appendingPathComponent("invalid/\(file)").path])
    }

    @Test func aChangeWithoutItsUserIdExitsTwoNamingTheStepAndField() throws {
        let output = try simulate("missing-user-id.json")
        #expect(output.status == 2, "\(output.stderr)")
        #expect(output.stderr.contains("steps[1].change.user.id: missing"), "\(output.stderr)")
        #expect(output.stdout.isEmpty)
    }

    @Test func aConfigurationWithABadRegexExitsTwoNamingTheClause() throws {
        let output = try simulate("bad-filter-regex.json")
        #expect(output.status == 2, "\(output.stderr)")
        #expect(output.stderr.contains("steps[0].admin.configuration.scope.filters[0][1]"), "\(output.stderr)")
        #expect(output.stderr.contains("invalid regular expression"), "\(output.stderr)")
        #expect(output.stdout.isEmpty)
    }

    /// The other members' partitions cannot see that a joining tenant belongs to another organization.
    @Test func aTenantJoiningASecondOrganizationExitsTwoNamingTheStep() throws {
        let output = try simulate("tenant-in-two-organizations.json")
        #expect(output.status == 2, "\(output.stderr)")
        #expect(output.stderr.contains("steps[0].admin.tenant.id: 'northwind' already belongs to organization 'org-2'"), "\(output.stderr)")
        #expect(output.stdout.isEmpty)
    }
}
