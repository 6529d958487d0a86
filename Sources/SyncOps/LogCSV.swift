import Foundation
import SyncCore

/// Provisioning-log entries as CSV (RFC 4180): a header, then one row per entry, CRLF line ends.
public enum LogCSV {
    /// The columns, in order.
    public static let columns = [
        "id", "time", "changeId", "configurationId", "sourceTenant", "targetTenant", "action", "status", "sourceId",
        "sourceDisplayName", "targetId", "targetUserPrincipalName", "modifiedProperties", "errorCode", "errorReason",
    ]

    /// The header line, with its CRLF.
    public static var header: String { columns.joined(separator: ",") + "\r\n" }

    /// One entry as a row, with its CRLF; `modifiedProperties` reads `name=old→new;…` (null values as empty).
    public static func row(_ e: ProvisioningLogEntry) -> String {
        let modified = e.modifiedProperties.map {
            "\($0.name)=\($0.oldValue.stringValue ?? "")→\($0.newValue.stringValue ?? "")"
        }.joined(separator: ";")
        let fields = [
            e.id, Timestamp.format(e.time), e.changeId, e.configurationId, e.sourceTenant, e.targetTenant,
            e.action.rawValue, e.status.rawValue, e.sourceId, e.sourceDisplayName ?? "", e.targetId ?? "",
            e.targetUserPrincipalName ?? "", modified, e.error?.code ?? "", e.error?.reason ?? "",
        ]
        return fields.map(quote).joined(separator: ",") + "\r\n"
    }

    /// A field quoted when it holds a comma, a quote, CR or LF; quotes inside are doubled.
    public static func quote(_ field: String) -> String {
        let needsQuotes = field.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
        guard needsQuotes else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
