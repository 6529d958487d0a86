import Foundation
import Testing
import TestSupport

/// `tenantsync bench` (the pipeline stage) through the built executable: a small run end to end on a Tansu broker the
/// command starts itself, and the usage errors.
@Suite struct BenchPipelineCommandTests {
    typealias Output = ToolOutput

    func tenantsync(_ arguments: [String]) throws -> Output {
        try runTenantsync(arguments)
    }

    /// Two workers apply 2,000 records; the one JSON object has the contract's fields, and its figures agree with
    /// each other (the command itself fails unless every record was applied, logged and committed, and the baseline
    /// moved as many records, rows and log records).
    @Test func aSmallRunPrintsTheContractShapeWithConsistentFigures() throws {
        let output = try tenantsync(["bench", "--events", "2000", "--workers", "2", "--json"])
        #expect(output.status == 0, "stderr: \(output.stderr)")
        let lines = output.stdout.split(separator: "\n")
        #expect(lines.count == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data((lines.first ?? "").utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["stage", "events", "seconds", "eventsPerSecond", "latencyMs", "baseline", "ratio",
                                     "broker", "store", "workers"])
        #expect(object["stage"] as? String == "pipeline")
        #expect(object["events"] as? Int == 2000)
        #expect(object["broker"] as? String == "tansu")
        #expect(object["store"] as? String == "sqlite")
        #expect(object["workers"] as? Int == 2)
        let seconds = try #require(object["seconds"] as? Double)
        let rate = try #require(object["eventsPerSecond"] as? Double)
        #expect(seconds > 0)
        // Both are rounded to 2 decimals in the output.
        #expect(abs(rate - 2000 / seconds) <= max(1, rate * 0.01))
        let latency = try #require(object["latencyMs"] as? [String: Double])
        let p50 = try #require(latency["p50"])
        let p99 = try #require(latency["p99"])
        #expect(p50 >= 0 && p50 <= p99)
        let baseline = try #require(object["baseline"] as? [String: Any])
        #expect(baseline["what"] as? String == "same I/O (consume, upserts, log records) without decoding or domain logic")
        let baselineRate = try #require(baseline["eventsPerSecond"] as? Double)
        #expect(baselineRate > 0)
        let ratio = try #require(object["ratio"] as? Double)
        #expect(abs(ratio - rate / baselineRate) <= 0.01 + ratio * 0.01)
    }

    @Test func badOptionsAreUsageErrors() throws {
        for arguments in [["bench", "--workers", "0"], ["bench", "--events", "10"], ["bench", "--store", "postgres"],
                          ["bench", "--stage", "nope"], ["bench", "--stage", "kafka", "--workers", "2"],
                          ["bench", "--bootstrap", "mock"]] {
            let output = try tenantsync(arguments)
            #expect(output.status == 2, "\(arguments): \(output.stderr)")
            #expect(!output.stderr.isEmpty)
            #expect(output.stdout.isEmpty)
        }
    }
}
