/// The default attribute mappings of every configuration (the seed table), before its own mappings.
public enum DefaultMappings {
    /// The defaults: direct copies of the seed table's properties; `userType` is the constant `Member` applied on
    /// create only, so an existing guest stays a guest; `userPrincipalName` is left to `MappingEvaluator`, which builds the guest-style default UPN from both tenants' domains.
    public static let all: [AttributeMapping] = SyncedProperties.defaults.compactMap { name in
        switch name {
        case "userType": AttributeMapping(target: name, source: .constant(.string("Member")), apply: .onCreate)
        case "userPrincipalName": nil
        default: AttributeMapping(target: name, source: .direct(name), apply: .always)
        }
    }

    /// The effective mappings of a configuration: the defaults, overridden or extended by its own, by target name.
    public static func effective(_ custom: [AttributeMapping]) -> [AttributeMapping] {
        var byTarget: [String: AttributeMapping] = [:]
        var order: [String] = []
        for mapping in all + custom {
            if byTarget[mapping.target] == nil { order.append(mapping.target) }
            byTarget[mapping.target] = mapping
        }
        return order.compactMap { byTarget[$0] }
    }
}
