import Foundation
import Testing
@testable import FastJSON

/// Rates of the reader and writer next to `JSONSerialization` on the same bytes; a report, never an assertion.
///
/// Runs only with `TENANTSYNC_BENCH=1`, and means something only in a release build:
/// `TENANTSYNC_BENCH=1 swift test -c release --filter JSONBenchmarkTests`.
@Suite struct JSONBenchmarkTests {
    /// A `user.upserted` change event with 22 user properties, the shape of the worker's hot path.
    static let changeEvent = Array("""
        {"schema":"tenantsync.change.v1","tenantId":"contoso","seq":41,"occurredAt":"2026-12-03T16:00:00.000Z",\
        "type":"user.upserted","user":{"id":"u-0001234","userPrincipalName":"ann.lee@contoso.com",\
        "displayName":"Ann Lee","givenName":"Ann","surname":"Lee","mail":"ann.lee@contoso.com",\
        "mailNickname":"ann.lee","jobTitle":"Senior Engineer","department":"Research & Development",\
        "employeeId":"E-004211","city":"Zürich","country":"Switzerland","state":"ZH",\
        "streetAddress":"Bahnhofstrasse 1","postalCode":"8001","physicalDeliveryOfficeName":"ZRH-3",\
        "telephoneNumber":"+41 44 000 00 00","preferredLanguage":"de-CH","showInAddressList":true,\
        "accountEnabled":true,"userType":"Member","companyName":"Contoso \\"Research\\" Ltd"}}
        """.utf8)

    /// A provisioning-log entry of the size the worker publishes.
    static let logEntry: JSONValue = [
        "schema": "tenantsync.provisioning-log.v1", "id": "9f1c2a7e4b5d6c8f-0003-00000041",
        "time": "2026-12-03T16:00:00.120Z", "durationMs": 2, "changeId": "contoso:41",
        "configurationId": "MTO_Sync_fabrikam", "sourceTenant": "contoso", "targetTenant": "fabrikam",
        "action": "create", "status": "success",
        "sourceIdentity": ["id": "u-0001234", "displayName": "Ann Lee"],
        "targetIdentity": ["id": "t-88a1", "userPrincipalName": "ann.lee_contoso.com#EXT#@fabrikam.com"],
        "modifiedProperties": [["name": "jobTitle", "oldValue": nil, "newValue": "Senior Engineer"]],
        "steps": [
            ["name": "import", "status": "success", "detail": "user u-0001234 read from the change"],
            ["name": "scoping", "status": "success", "detail": "direct member of group g-sales"],
            ["name": "matching", "status": "success", "detail": "no target user with this source anchor"],
            ["name": "action", "status": "success", "detail": "created as Member"],
        ],
        "error": nil,
    ]

    @Test func printsParseAndSerializeRatesNextToJSONSerialization() throws {
        guard ProcessInfo.processInfo.environment["TENANTSYNC_BENCH"] == "1" else { return }
        let event = Self.changeEvent
        let eventData = Data(event)
        let entryBytes = Self.logEntry.serialized()
        let entryObject = try JSONSerialization.jsonObject(with: Data(entryBytes))
        print("change event: \(event.count) bytes; log entry: \(entryBytes.count) bytes")

        let parse = rate(iterations: 200_000) {
            let value = try? JSONValue(parsing: event)
            precondition(value?["user"]?["id"] != nil)
        }
        let foundationParse = rate(iterations: 20_000) {
            let value = try? JSONSerialization.jsonObject(with: eventData) as? [String: Any]
            precondition(value?["user"] != nil)
        }
        var writer = JSONWriter()
        let write = rate(iterations: 200_000) {
            writer.reset()
            writer.value(Self.logEntry)
            precondition(writer.bytes.count == entryBytes.count)
        }
        let foundationWrite = rate(iterations: 20_000) {
            let data = try? JSONSerialization.data(withJSONObject: entryObject)
            precondition(data != nil)
        }
        report("parse change event", parse, foundationParse, bytes: event.count)
        report("serialize log entry", write, foundationWrite, bytes: entryBytes.count)
    }

    /// Calls per second of `body`, after a warm-up of a tenth of the iterations.
    private func rate(iterations: Int, _ body: () -> Void) -> Double {
        for _ in 0..<iterations / 10 { body() }
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            for _ in 0..<iterations { body() }
        }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        return Double(iterations) / seconds
    }

    private func report(_ what: String, _ fast: Double, _ foundation: Double, bytes: Int) {
        func format(_ rate: Double) -> String {
            "\(Int(rate.rounded())) /s (\(Int((rate * Double(bytes) / 1e6).rounded())) MB/s)"
        }
        let ratio = (fast / foundation * 10).rounded() / 10
        print("\(what): FastJSON \(format(fast)), JSONSerialization \(format(foundation)), \(ratio)x")
    }
}
