import Foundation

/// A scenario file (`scenario.md`) decoded into what a run publishes: the organizations, the pre-existing target
/// users, and the ordered change records with their keys (`tenantId`).
public struct Scenario: Sendable, Hashable {
    /// An organization of the scenario.
    public struct Organization: Sendable, Hashable {
        /// The organization id (`default` for a top-level `tenants` list).
        public var id: String
        /// Its tenants at the start.
        public var tenants: [Tenant]

        /// Creates an organization.
        public init(id: String, tenants: [Tenant]) {
            self.id = id
            self.tenants = tenants
        }
    }

    /// The organizations at the start.
    public var organizations: [Organization]
    /// Users that already exist in target tenants (e.g. B2B guests), to load before the first record.
    public var targetUsers: [TargetUser]
    /// Every record to publish, in order: `org.create` for each tenant of each organization first, then the steps,
    /// with `org.*` actions fanned out under every member's key. Each record's key is its `tenantId`.
    public var records: [ChangeEvent]

    /// Creates a scenario.
    public init(organizations: [Organization], targetUsers: [TargetUser], records: [ChangeEvent]) {
        self.organizations = organizations
        self.targetUsers = targetUsers
        self.records = records
    }

    /// The start of a scenario's clock, 2026-12-03T16:00:00Z: a step without `occurredAt` (every admin step) is
    /// one second after the latest step before it (16:00:01 for the first), so reruns agree and time never runs
    /// backwards.
    public static let baseTime = Date(timeIntervalSince1970: 1_796_313_600)
}
