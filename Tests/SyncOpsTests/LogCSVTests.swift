import SyncCore
import SyncOps
import Testing

@Suite struct LogCSVTests {
    @Test func fieldsWithCommasQuotesAndNewlinesAreQuotedPerRFC4180() {
        #expect(LogCSV.quote("plain") == "plain")
        #expect(LogCSV.quote("Lee, Ann") == "\"Lee, Ann\"")
        #expect(LogCSV.quote("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(LogCSV.quote("line1\nline2") == "\"line1\nline2\"")
        #expect(LogCSV.quote("line1\r\nline2") == "\"line1\r\nline2\"")
        #expect(LogCSV.quote("") == "")
    }

    @Test func aRowHasEveryColumnInOrderWithModifiedPropertiesAndTheError() {
        let entry = makeEntry(
            id: "e1", changeId: "contoso:4", action: .update, status: .failure, displayName: "Lee, Ann",
            modified: [ModifiedProperty(name: "jobTitle", oldValue: .null, newValue: .string("Engineer")),
                       ModifiedProperty(name: "department", oldValue: .string("R&D"), newValue: .string("Sales"))],
            error: ProvisioningError(code: "TargetWriteFailed", reason: "store said \"no\"", recommendedAction: "retry"))
        let row = LogCSV.row(entry)
        #expect(row == "e1,2026-12-03T16:00:00.000Z,contoso:4,MTO_Sync_fabrikam,contoso,fabrikam,update,failure,u-ann,"
            + "\"Lee, Ann\",t-ann,ann_contoso.com#EXT#@fabrikam.com,jobTitle=→Engineer;department=R&D→Sales,"
            + "TargetWriteFailed,\"store said \"\"no\"\"\"\r\n")
        #expect(LogCSV.header == LogCSV.columns.joined(separator: ",") + "\r\n")
        #expect(LogCSV.columns.count == 15)
    }
}
