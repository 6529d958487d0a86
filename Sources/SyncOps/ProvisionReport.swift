import SyncCore

/// The answer to a provision on demand, readable on a terminal: per configuration, what was done, then each step.
///
/// ```
/// fabrikam  MTO_Sync_fabrikam  update  success  ann_contoso.com#EXT#@fabrikam.com (t-1f…)
///   import    success  provision on demand: ann (Ann Lee) read from the source mirror of contoso (as of seq 3)
///   scoping   success  direct member of group g-sales
///   matching  success  matched target user t-1f… by source anchor contoso/ann
///   action    success  updated 1 properties: displayName
///   modified  displayName: "Ann L." → "Ann Lee"
/// ```
public enum ProvisionReport {
    /// The entries, one block each, in the order given (the engine's: target tenant, then configuration), and a
    /// last line counting them by action and status.
    public static func text(_ entries: [ProvisioningLogEntry]) -> String {
        var out = ""
        for entry in entries {
            var title = [entry.targetTenant, entry.configurationId, entry.action.rawValue, entry.status.rawValue]
            if let upn = entry.targetUserPrincipalName {
                title.append(entry.targetId.map { "\(upn) (\($0))" } ?? upn)
            } else if let id = entry.targetId {
                title.append(id)
            }
            out += title.joined(separator: "  ") + "\n"
            var rows = entry.steps.map { ["  " + $0.name, $0.status.rawValue, flat($0.detail)] }
            for m in entry.modifiedProperties {
                rows.append(["  modified", "", "\(m.name): \(text(m.oldValue)) → \(text(m.newValue))"])
            }
            if let error = entry.error {
                rows.append(["  error", error.code, flat(error.reason)])
                rows.append(["  to do", "", flat(error.recommendedAction)])
            }
            out += TextTable.render(rows)
        }
        out += summary(entries) + "\n"
        return out
    }

    /// `2 configurations: 1 update (success), 1 other (skipped)`.
    public static func summary(_ entries: [ProvisioningLogEntry]) -> String {
        var counts: [String: Int] = [:]
        var order: [String] = []
        for entry in entries {
            let key = "\(entry.action.rawValue) (\(entry.status.rawValue))"
            if counts[key] == nil { order.append(key) }
            counts[key, default: 0] += 1
        }
        let noun = entries.count == 1 ? "configuration" : "configurations"
        let parts = order.map { "\(counts[$0] ?? 0) \($0)" }
        return "\(entries.count) \(noun)" + (parts.isEmpty ? "" : ": " + parts.joined(separator: ", "))
    }

    /// A value as JSON would show it: strings quoted, null as `null`.
    static func text(_ value: PropertyValue) -> String {
        switch value {
        case .null: "null"
        case .string(let s): "\"\(flat(s))\""
        default: value.stringValue ?? "null"
        }
    }

    /// One line: newlines become spaces, so a detail never breaks the layout.
    static func flat(_ text: String) -> String { String(text.map { $0.isNewline ? " " : $0 }) }
}
