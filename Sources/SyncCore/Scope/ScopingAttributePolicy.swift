/// Which attributes a scoping filter may not use, as in Entra: group membership, multi-valued attributes, userType,
/// manager and dates.
enum ScopingAttributePolicy {
    /// Why `name` cannot be filtered on, or nil when it can. Names compare case-insensitively.
    static func rejection(for name: String) -> String? {
        let lower = name.lowercased()
        if lower.isEmpty || lower.allSatisfy(\.isWhitespace) { return "missing attribute name" }
        if groupMembership.contains(lower) {
            return "cannot filter on group membership ('\(name)'); scope by groups instead"
        }
        if multiValued.contains(lower) { return "cannot filter on the multi-valued attribute '\(name)'" }
        if lower == "usertype" { return "cannot filter on userType (source guests are never in scope)" }
        if manager.contains(lower) { return "cannot filter on the manager ('\(name)')" }
        if lower.hasSuffix("datetime") || lower.hasSuffix("date") || dates.contains(lower) {
            return "cannot filter on the date attribute '\(name)'"
        }
        return nil
    }

    private static let groupMembership: Set<String> = ["memberof", "transitivememberof", "groups"]
    private static let manager: Set<String> = ["manager", "directreports"]
    private static let dates: Set<String> = ["birthday"]
    private static let multiValued: Set<String> = [
        "proxyaddresses", "othermails", "alternativesecurityids", "businessphones", "imaddresses", "identities",
        "assignedlicenses", "assignedplans", "provisionedplans", "licenseassignmentstates", "interests", "schools",
        "skills", "pastprojects", "responsibilities", "faxnumbers", "mobilephones", "onpremisesextensionattributes",
        "onpremisesprovisioningerrors", "authorizationinfo",
    ]
}
