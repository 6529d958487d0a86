/// Everything about one source tenant that its partition needs: its view of its organization, its configurations,
/// their deletion thresholds, and the last applied `seq`.
///
/// Organization membership is learned from `org.*` admin actions, which are published under every member's key, so
/// each tenant's partition holds its own copy and never reads another's.
public struct TenantState: Sendable, Hashable {
    /// The tenant id.
    public var tenantId: String
    /// The organization this tenant belongs to, nil when it belongs to none.
    public var organizationId: String? { didSet { refreshActive() } }
    /// The tenants of that organization (this one included), sorted by id.
    public var members: [Tenant] { didSet { refreshActive() } }
    /// The configurations of which this tenant is the source, by id.
    public var configurations: [String: Configuration] { didSet { refreshActive() } }
    /// The deletion thresholds of those configurations, by configuration id (absent: fresh).
    public var thresholds: [String: DeletionThreshold]
    /// The groups last shared by `share.users` / `share.edit` (the "current user scope"); nil if never shared.
    public var sharedGroups: [String]?
    /// The last applied change `seq`; nil before the first.
    public var lastSeq: Int64?

    /// A tenant that belongs to no organization yet.
    public init(
        tenantId: String, organizationId: String? = nil, members: [Tenant] = [], configurations: [String: Configuration] = [:],
        thresholds: [String: DeletionThreshold] = [:], sharedGroups: [String]? = nil, lastSeq: Int64? = nil
    ) {
        self.tenantId = tenantId
        self.organizationId = organizationId
        self.members = members
        self.configurations = configurations
        self.thresholds = thresholds
        self.sharedGroups = sharedGroups
        self.lastSeq = lastSeq
        refreshActive()
    }

    /// This tenant as a member (its default domain), if it knows it.
    public var tenant: Tenant? { members.first { $0.id == tenantId } }

    /// A member tenant by id.
    public func member(_ id: String) -> Tenant? { members.first { $0.id == id } }

    /// Whether a tenant is in this tenant's organization.
    public func isMember(_ id: String) -> Bool { members.contains { $0.id == id } }

    /// The configurations that run: target is another member of the organization. Sorted by (target, id).
    ///
    /// Kept up to date by the observers above rather than computed per call: every change reads it.
    public private(set) var activeConfigurations: [Configuration] = []

    private mutating func refreshActive() {
        guard organizationId != nil else {
            activeConfigurations = []
            return
        }
        let memberIds = Set(members.map(\.id))
        activeConfigurations = configurations.values
            .filter { $0.targetTenant != tenantId && memberIds.contains($0.targetTenant) }
            .sorted { ($0.targetTenant, $0.id) < ($1.targetTenant, $1.id) }
    }

    /// The deletion threshold of a configuration.
    public func threshold(_ configurationId: String) -> DeletionThreshold { thresholds[configurationId] ?? DeletionThreshold() }
}
