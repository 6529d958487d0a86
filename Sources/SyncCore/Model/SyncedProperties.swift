/// The user properties synchronized by default (the seed table), by their Graph names.
///
/// `alternativeSecurityIds` and `IsSoftDeleted` of the seed table are structural (the anchor and the soft-delete flag
/// of `TargetUser`), so they are not listed as mapped properties.
public enum SyncedProperties {
    /// The mapped properties of the default mapping, sorted.
    public static let defaults: [String] = [
        "accountEnabled", "city", "country", "department", "displayName", "employeeId", "givenName", "jobTitle",
        "mailNickname", "physicalDeliveryOfficeName", "postalCode", "preferredLanguage", "showInAddressList", "state",
        "streetAddress", "surname", "telephoneNumber", "userPrincipalName", "userType",
    ]
}
