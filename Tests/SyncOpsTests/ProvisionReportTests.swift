import Kafka
import SyncCore
import Testing
@testable import SyncOps

@Suite struct ProvisionReportTests {
    static let steps = [
        ProvisioningStep(name: "import", status: .success, detail: "provision on demand: ann read from the mirror"),
        ProvisioningStep(name: "scoping", status: .success, detail: "direct member of group g-sales"),
        ProvisioningStep(name: "matching", status: .success, detail: "matched target user t-ann by source anchor contoso/ann"),
        ProvisioningStep(name: "action", status: .success, detail: "updated 2 properties: jobTitle, showInAddressList"),
    ]

    @Test func eachEntryShowsItsStepsChangesAndWhatToDoAboutASkip() {
        var update = makeEntry(target: "fabrikam", action: .update, modified: [
            ModifiedProperty(name: "jobTitle", oldValue: .null, newValue: .string("Line\nbreak")),
            ModifiedProperty(name: "showInAddressList", oldValue: .bool(true), newValue: .bool(false)),
        ])
        update.steps = Self.steps
        var skip = makeEntry(target: "northwind", action: .other, status: .skipped, targetId: nil, upn: nil,
                             error: ProvisioningError(code: "NotInScopedGroup", reason: "user ann is not a member of g-sales",
                                                      recommendedAction: "add the user as a member of a shared group"))
        skip.steps = [ProvisioningStep(name: "scoping", status: .skipped, detail: "user ann is not a member of g-sales")]
        #expect(ProvisionReport.text([update, skip]) == """
            fabrikam  MTO_Sync_fabrikam  update  success  ann_contoso.com#EXT#@fabrikam.com (t-ann)
              import    success  provision on demand: ann read from the mirror
              scoping   success  direct member of group g-sales
              matching  success  matched target user t-ann by source anchor contoso/ann
              action    success  updated 2 properties: jobTitle, showInAddressList
              modified  jobTitle: null → "Line break"
              modified  showInAddressList: true → false

            northwind  MTO_Sync_northwind  other  skipped
              scoping  skipped  user ann is not a member of g-sales
              error    NotInScopedGroup: user ann is not a member of g-sales
              to do    add the user as a member of a shared group

            2 configurations: 1 update (success), 1 other (skipped)

            """)
    }

    @Test func theSummaryCountsByActionAndStatusInOrderOfFirstAppearance() {
        let entries = [makeEntry(action: .other, status: .skipped), makeEntry(action: .create), makeEntry(action: .other, status: .skipped)]
        #expect(ProvisionReport.summary(entries) == "3 configurations: 2 other (skipped), 1 create (success)")
        #expect(ProvisionReport.summary([makeEntry()]) == "1 configuration: 1 create (success)")
    }

    @Test func onlyEntriesAndDeadLettersOfThePublishedRecordAreTheAnswer() {
        let published = ProvisionRun.Published(partition: 2, offset: 7)
        func entry(partition: Int32, offset: Int64) -> ProvisioningLogEntry {
            makeEntry(id: ProvisioningLogEntry.makeID(partition: partition, offset: offset, sourceTenant: "contoso",
                                                      configurationId: "MTO_Sync_fabrikam", targetTenant: "fabrikam",
                                                      sourceId: "u-ann"))
        }
        #expect(ProvisionRun.belongs(entry(partition: 2, offset: 7), to: published))
        #expect(!ProvisionRun.belongs(entry(partition: 2, offset: 8), to: published))
        #expect(!ProvisionRun.belongs(entry(partition: 1, offset: 7), to: published))

        func letter(topic: String = "directory-changes", partition: String = "2", offset: String = "7") -> ConsumerRecord {
            ConsumerRecord(topic: "directory-changes.dlq", partition: 0, offset: 0, key: nil, value: nil, headers: [
                KafkaHeader(key: "tenantsync.dlq.topic", string: topic), KafkaHeader(key: "tenantsync.dlq.partition", string: partition),
                KafkaHeader(key: "tenantsync.dlq.offset", string: offset), KafkaHeader(key: "tenantsync.dlq.reason", string: "no"),
                KafkaHeader(key: "tenantsync.dlq.code", string: "invalidAdminAction"),
            ])
        }
        #expect(ProvisionRun.refusal(letter(), of: published, topic: "directory-changes") == .refused(reason: "no", code: "invalidAdminAction"))
        #expect(ProvisionRun.refusal(letter(offset: "17"), of: published, topic: "directory-changes") == nil)
        #expect(ProvisionRun.refusal(letter(partition: "1"), of: published, topic: "directory-changes") == nil)
        #expect(ProvisionRun.refusal(letter(topic: "other"), of: published, topic: "directory-changes") == nil)
    }
}
