import Foundation
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
///
/// 1 configuration: 1 update (success)
/// ```
/// A skip with an error adds `error  Code: reason` and `to do  recommended action`.
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
            // Steps have a status column; the lines after them (changes, error) run across it.
            var lines = entry.steps.map { (label: $0.name, status: $0.status.rawValue, text: flat($0.detail)) }
            for m in entry.modifiedProperties {
                lines.append(("modified", "", "\(m.name): \(text(m.oldValue)) → \(text(m.newValue))"))
            }
            if let error = entry.error {
                lines.append(("error", "", "\(error.code): \(flat(error.reason))"))
                lines.append(("to do", "", flat(error.recommendedAction)))
            }
            let labelWidth = lines.map(\.label.count).max() ?? 0
            let statusWidth = lines.map(\.status.count).max() ?? 0
            for line in lines {
                let label = line.label.padding(toLength: labelWidth + 2, withPad: " ", startingAt: 0)
                let status = line.status.isEmpty ? "" : line.status.padding(toLength: statusWidth + 2, withPad: " ", startingAt: 0)
                out += "  " + label + status + line.text + "\n"
            }
            out += "\n"
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
