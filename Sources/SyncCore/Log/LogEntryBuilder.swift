/// Builds the log entries of one (record, configuration, source object) with the four steps in order.
struct LogEntryBuilder {
    let record: ChangeRecord
    let configuration: Configuration
    let sourceId: String
    let sourceDisplayName: String?
    let importDetail: String

    func entry(
        action: ProvisioningAction, status: ProvisioningStatus, target: TargetUser?, modified: [ModifiedProperty] = [],
        scoping: ProvisioningStep, matching: ProvisioningStep, actionDetail: String, error: ProvisioningError? = nil
    ) -> ProvisioningLogEntry {
        ProvisioningLogEntry(
            id: ProvisioningLogEntry.makeID(
                partition: record.partition, offset: record.offset, sourceTenant: configuration.sourceTenant,
                configurationId: configuration.id, targetTenant: configuration.targetTenant, sourceId: sourceId),
            time: record.processedAt, changeId: record.change.changeId, configurationId: configuration.id,
            sourceTenant: configuration.sourceTenant, targetTenant: configuration.targetTenant, action: action,
            status: status, sourceId: sourceId, sourceDisplayName: sourceDisplayName, targetId: target?.id,
            targetUserPrincipalName: target?[property: "userPrincipalName"].stringValue, modifiedProperties: modified,
            steps: [
                ProvisioningStep(name: "import", status: .success, detail: importDetail), scoping, matching,
                ProvisioningStep(name: "action", status: status, detail: actionDetail),
            ],
            error: error)
    }

    /// A skip whose steps stop before matching: both later steps are skipped with the same detail.
    func skip(scopingDetail: String, scopingStatus: ProvisioningStatus, reason: String, error: ProvisioningError?) -> ProvisioningLogEntry {
        entry(
            action: .other, status: .skipped, target: nil,
            scoping: ProvisioningStep(name: "scoping", status: scopingStatus, detail: scopingDetail),
            matching: ProvisioningStep(name: "matching", status: .skipped, detail: "not attempted"),
            actionDetail: reason, error: error)
    }
}
