/// Graph attribute names are case-insensitive: this maps any spelling of a known user property to the Graph spelling.
///
/// Filters and expressions look attributes up through a caller's closure with the canonical spelling
/// (`Department` and `DEPARTMENT` are looked up as `department`), so a closure keyed by Graph names works whatever
/// the administrator typed. Unknown names (extension attributes, custom properties) are passed as written.
enum AttributeSpelling {
    /// The Graph spelling of `name` if it is a known user property, else `name` unchanged.
    static func canonical(_ name: String) -> String {
        if let known = byLowercased[name.lowercased()] { return known }
        return name
    }

    /// User properties of `change-event.md`, the seed table of synced properties, and other common Graph ones.
    static let known: [String] = [
        "id", "userPrincipalName", "displayName", "givenName", "surname", "mail", "mailNickname", "jobTitle",
        "department", "employeeId", "employeeType", "city", "country", "state", "streetAddress", "postalCode",
        "physicalDeliveryOfficeName", "officeLocation", "telephoneNumber", "mobilePhone", "faxNumber",
        "preferredLanguage", "usageLocation", "showInAddressList", "accountEnabled", "userType", "companyName",
        "isSoftDeleted", "onPremisesSamAccountName", "onPremisesImmutableId", "onPremisesDistinguishedName",
        "onPremisesDomainName", "onPremisesSecurityIdentifier", "onPremisesUserPrincipalName", "onPremisesSyncEnabled",
        "employeeOrgData", "ageGroup", "consentProvidedForMinor", "legalAgeGroupClassification", "creationType",
        "externalUserState", "preferredName", "preferredDataLocation", "manager", "memberOf", "proxyAddresses",
        "otherMails", "alternativeSecurityIds", "businessPhones", "imAddresses", "identities", "employeeHireDate",
        "employeeLeaveDateTime", "createdDateTime", "lastPasswordChangeDateTime", "deletedDateTime", "birthday",
    ]

    private static let byLowercased: [String: String] = {
        var table: [String: String] = [:]
        for name in known { table[name.lowercased()] = name }
        return table
    }()
}
