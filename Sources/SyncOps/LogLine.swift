import SyncCore

/// Provisioning-log entries in a readable form for `logs tail` and `logs query`.
public enum LogLine {
    /// One line: time, action, status, source→target, user, reason.
    public static func line(_ e: ProvisioningLogEntry) -> String {
        let user = e.targetUserPrincipalName ?? e.sourceDisplayName ?? e.sourceId
        var line = "\(Timestamp.format(e.time))  \(e.action.rawValue)  \(e.status.rawValue)  "
            + "\(e.sourceTenant)→\(e.targetTenant)  \(user)"
        if let reason = reason(e) { line += "  \(reason)" }
        return line
    }

    /// A table of entries with a header, one row each.
    public static func table(_ entries: [ProvisioningLogEntry]) -> String {
        var rows = [["TIME", "ACTION", "STATUS", "SOURCE", "TARGET", "USER", "CHANGE", "REASON"]]
        for e in entries {
            rows.append([
                Timestamp.format(e.time), e.action.rawValue, e.status.rawValue, e.sourceTenant, e.targetTenant,
                e.targetUserPrincipalName ?? e.sourceId, e.changeId, reason(e) ?? "",
            ])
        }
        return TextTable.render(rows)
    }

    /// The error (code and reason) or, for a non-success without one, the last step's detail; newlines flattened.
    static func reason(_ e: ProvisioningLogEntry) -> String? {
        let text: String?
        if let error = e.error {
            text = "\(error.code): \(error.reason)"
        } else if e.status != .success {
            text = e.steps.last?.detail
        } else {
            text = nil
        }
        return text.map { String($0.map { $0.isNewline ? " " : $0 }) }
    }
}
