import Foundation
import SyncCore

/// Which provisioning-log entries a `logs` command shows; every criterion that is set must match.
///
/// Pure: `since` is resolved against a `now` given by the caller, so relative times are testable.
public struct LogFilter: Sendable, Equatable {
    /// The target tenant (`--tenant`).
    public var targetTenant: String?
    /// The source tenant (`--source`).
    public var sourceTenant: String?
    /// A user: source or target id, or target UPN, compared case-insensitively for UPNs (`--user`).
    public var user: String?
    /// The action (`--action`).
    public var action: ProvisioningAction?
    /// The status (`--status`).
    public var status: ProvisioningStatus?
    /// Entries at or after this time (`--since`).
    public var since: Date?
    /// The change id, `<tenant>:<seq>` (`--change`).
    public var changeId: String?

    /// A filter that matches everything.
    public init() {}

    /// Builds a filter from the option values of the command line; nil means the option was not given.
    ///
    /// - Parameters:
    ///   - since: RFC 3339 (`2026-12-03T16:00:00Z`) or relative to `now`: `30s`, `15m`, `2h`, `1d`.
    ///   - now: the time relative values count back from.
    /// - Throws: `LogFilterError` naming the option whose value is unusable.
    public static func parse(
        tenant: String? = nil, source: String? = nil, user: String? = nil, action: String? = nil,
        status: String? = nil, since: String? = nil, change: String? = nil, now: Date
    ) throws(LogFilterError) -> LogFilter {
        var filter = LogFilter()
        filter.targetTenant = try nonEmpty(tenant, "--tenant")
        filter.sourceTenant = try nonEmpty(source, "--source")
        filter.user = try nonEmpty(user, "--user")
        filter.changeId = try nonEmpty(change, "--change")
        if let action {
            guard let value = ProvisioningAction(rawValue: action) else {
                throw LogFilterError(option: "--action", reason: "unknown action '\(action)' (one of "
                    + ProvisioningAction.allCases.map(\.rawValue).joined(separator: ", ") + ")")
            }
            filter.action = value
        }
        if let status {
            guard let value = ProvisioningStatus(rawValue: status) else {
                throw LogFilterError(option: "--status", reason: "unknown status '\(status)' (one of "
                    + ProvisioningStatus.allCases.map(\.rawValue).joined(separator: ", ") + ")")
            }
            filter.status = value
        }
        if let since {
            filter.since = try parseSince(since, now: now)
        }
        return filter
    }

    /// Whether an entry passes every criterion that is set.
    public func matches(_ entry: ProvisioningLogEntry) -> Bool {
        if let targetTenant, entry.targetTenant != targetTenant { return false }
        if let sourceTenant, entry.sourceTenant != sourceTenant { return false }
        if let action, entry.action != action { return false }
        if let status, entry.status != status { return false }
        if let changeId, entry.changeId != changeId { return false }
        if let since, entry.time < since { return false }
        if let user {
            let upnMatches = entry.targetUserPrincipalName.map { $0.lowercased() == user.lowercased() } ?? false
            if entry.sourceId != user && entry.targetId != user && !upnMatches { return false }
        }
        return true
    }

    private static func nonEmpty(_ value: String?, _ option: String) throws(LogFilterError) -> String? {
        guard let value else { return nil }
        guard !value.isEmpty else { throw LogFilterError(option: option, reason: "empty value") }
        return value
    }

    /// RFC 3339, or a count and a unit (`s`, `m`, `h`, `d`) counted back from `now`.
    private static func parseSince(_ text: String, now: Date) throws(LogFilterError) -> Date {
        if let date = Timestamp.parse(text) { return date }
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86_400]
        if let unit = text.last, let seconds = units[unit], let count = Int(text.dropLast()), count >= 0 {
            return now.addingTimeInterval(-Double(count) * seconds)
        }
        throw LogFilterError(option: "--since",
                             reason: "'\(text)' is neither an RFC 3339 time nor a relative time like 15m, 2h, 1d")
    }
}
