/// Computes the target properties of a source user under a configuration's mappings.
public enum MappingEvaluator {
    /// The default UPN: `<local>_<sourcedomain>#EXT#@<targetDefaultDomain>`.
    ///
    /// The source UPN's local part and domain; a user without a UPN uses its id and the source tenant's domain.
    public static func defaultUserPrincipalName(sourceUPN: String?, sourceUserId: String, sourceDomain: String, targetDomain: String) -> String {
        var local = sourceUserId
        var domain = sourceDomain
        if let upn = sourceUPN, let at = upn.lastIndex(of: "@") {
            local = String(upn[..<at])
            domain = String(upn[upn.index(after: at)...])
        } else if let upn = sourceUPN, !upn.isEmpty {
            local = upn
        }
        return "\(local)_\(domain)#EXT#@\(targetDomain)"
    }

    /// The properties to write.
    /// - Parameters:
    ///   - mappings: the configuration's own mappings (added to the defaults).
    ///   - user: the source user.
    ///   - creating: whether the target user is being created: onCreate mappings and default values apply only then.
    ///   - sourceDomain: the source tenant's default domain; `targetDomain`: the target's.
    /// - Returns: target property values by name; a property a mapping does not write this time is absent.
    public static func properties(
        mappings: [AttributeMapping], user: SourceUser, creating: Bool, sourceDomain: String, targetDomain: String
    ) -> [String: PropertyValue] {
        var result: [String: PropertyValue] = [:]
        let read: (String) -> PropertyValue = { user[property: $0] }
        // The default UPN comes first so that a custom userPrincipalName mapping overrides it.
        result["userPrincipalName"] = .string(
            defaultUserPrincipalName(
                sourceUPN: user[property: "userPrincipalName"].stringValue, sourceUserId: user.id,
                sourceDomain: sourceDomain, targetDomain: targetDomain))
        for mapping in DefaultMappings.effective(mappings) {
            if mapping.apply == .onCreate && !creating {
                result[mapping.target] = nil
                continue
            }
            var value: PropertyValue
            switch mapping.source {
            case .direct(let name): value = read(name)
            case .constant(let constant): value = constant
            case .expression(let expression): value = expression.evaluate(read)
            case .none:
                result[mapping.target] = nil
                continue
            }
            if value.isNull && creating { value = mapping.defaultValue }
            result[mapping.target] = value
        }
        return result
    }
}
