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

    /// A provisioning-log entry of the size the worker publishes (about 550 bytes).
    static let logEntry: JSONValue = [
        "schema": "tenantsync.provisioning-log.v1", "id": "9f1c2a7e", "time": "2026-12-03T16:00:00.120Z",
        "durationMs": 2, "changeId": "contoso:41", "configurationId": "MTO_Sync_fabrikam",
        "sourceTenant": "contoso", "targetTenant": "fabrikam", "action": "create", "status": "success",
        "sourceIdentity": ["id": "u-0001234"],
        "targetIdentity": ["id": "t-88a1", "userPrincipalName": "ann_contoso.com#EXT#@fabrikam.com"],
        "modifiedProperties": [["name": "jobTitle", "oldValue": nil, "newValue": "Engineer"]],
        "steps": [
            ["name": "scoping", "status": "success", "detail": "in g-sales"],
            ["name": "action", "status": "success", "detail": "created"],
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

        let parser = JSONParser()
        var writer = JSONWriter()
        let cases: [(name: String, iterations: Int, body: () -> Void)] = [
            ("parse, reused JSONParser", 100_000, {
                let value = try? parser.parse(event)
                precondition(value?["user"]?["id"] != nil)
            }),
            ("parse, JSONValue(parsing:)", 100_000, {
                let value = try? JSONValue(parsing: event)
                precondition(value?["user"]?["id"] != nil)
            }),
            ("parse, fresh JSONParser per event (cold caches)", 50_000, {
                let value = try? JSONParser().parse(event)
                precondition(value?["user"]?["id"] != nil)
            }),
            ("parse, JSONSerialization", 20_000, {
                let value = try? JSONSerialization.jsonObject(with: eventData) as? [String: Any]
                precondition(value?["user"] != nil)
            }),
            ("serialize, reused JSONWriter", 100_000, {
                writer.reset()
                writer.value(Self.logEntry)
                precondition(writer.bytes.count == entryBytes.count)
            }),
            ("serialize, JSONSerialization", 10_000, {
                let data = try? JSONSerialization.data(withJSONObject: entryObject)
                precondition(data != nil)
            }),
        ]
        // The machine is shared: interleave the cases over several rounds and keep each one's best round.
        var best = [Double](repeating: 0, count: cases.count)
        for _ in 0..<5 {
            for (i, c) in cases.enumerated() {
                best[i] = max(best[i], rate(iterations: c.iterations, c.body))
            }
        }
        for (i, c) in cases.enumerated() {
            let parsing = c.name.hasPrefix("parse")
            let bytes = parsing ? event.count : entryBytes.count
            let baselineName = parsing ? "parse, JSONSerialization" : "serialize, JSONSerialization"
            let baseline = best[cases.firstIndex { $0.name == baselineName }!]
            let ratio = (best[i] / baseline * 10).rounded() / 10
            print("\(c.name): \(Int(best[i].rounded()))/s, \(Int((best[i] * Double(bytes) / 1e6).rounded())) MB/s, \(ratio)x")
        }
    }

    /// Calls per second of `body`, after a warm-up of a tenth of the iterations.
    ///
    /// Measured in the CPU time of this thread, not wall time: on a shared machine, time spent descheduled while
    /// other processes run would otherwise count against whichever case happened to be running.
    private func rate(iterations: Int, _ body: () -> Void) -> Double {
        for _ in 0..<iterations / 10 { body() }
        let start = threadCPUSeconds()
        for _ in 0..<iterations { body() }
        return Double(iterations) / (threadCPUSeconds() - start)
    }

    private func threadCPUSeconds() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) * 1e-9
    }
}
