import Foundation
import Support
import SyncStore
import Testing
import TestSupport

/// Several worker processes sharing one SQLite file: the test binary starts copies of itself, each running
/// `SQLiteWorkerProcess` (enabled only in those children by `TENANTSYNC_STORE_WORKER`).
@Suite struct SQLiteProcessTests {
    @Test func twoProcessesApplyingDisjointTenantsToOneFileLoseNothing() async throws {
        try await withTemporaryDirectory("store-processes") { dir in
            let path = dir.appendingPathComponent("shared.db").path
            let executable = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
            let batches = 200
            let children = try (0..<2).map { worker in
                var environment = ProcessInfo.processInfo.environment
                environment["TENANTSYNC_STORE_WORKER"] = "\(path)|\(worker)|\(batches)"
                return try ChildProcess(executable: executable,
                                        arguments: ["--testing-library", "swift-testing", "--filter", "SQLiteWorkerProcess"],
                                        environment: environment,
                                        outputPath: dir.appendingPathComponent("worker\(worker).log").path)
            }
            for (worker, child) in children.enumerated() {
                let status = child.wait()
                let log = (try? String(contentsOf: dir.appendingPathComponent("worker\(worker).log"), encoding: .utf8)) ?? ""
                #expect(status == 0, "worker \(worker) exited with \(status):\n\(log.suffix(2000))")
            }
            let store = try openStore(.sqlite(path: path), logger: Logger(label: "store", level: .error))
            for worker in 0..<2 {
                #expect(try store.sourceUsers(tenant: "tenant\(worker)").count == batches * 50)
            }
            #expect(try store.targetUsers(tenant: "T").count == 2 * batches * 50)
            #expect(try store.progress(group: "workers", topic: "directory-changes", partitions: [0, 1])
                == [0: Int64(batches) * 100, 1: Int64(batches) * 100])
        }
    }
}

/// The body of one worker process of `SQLiteProcessTests` (skipped in ordinary runs).
@Suite(.enabled(if: ProcessInfo.processInfo.environment["TENANTSYNC_STORE_WORKER"] != nil))
struct SQLiteWorkerProcess {
    @Test func applyBatchesAsOneWorkerProcess() throws {
        let spec = try #require(ProcessInfo.processInfo.environment["TENANTSYNC_STORE_WORKER"]).split(separator: "|")
        let path = String(spec[0])
        let worker = try #require(Int(spec[1]))
        let batches = try #require(Int(spec[2]))
        let store = try openStore(.sqlite(path: path), logger: Logger(label: "store", level: .error))
        var expected: Int64?
        for b in 0..<batches {
            let next = Int64(b + 1) * 100
            try store.apply(Sample.batch(tenant: "tenant\(worker)", partition: Int32(worker), expected: expected, next: next,
                                         users: (b * 50)..<((b + 1) * 50)))
            expected = next
        }
    }
}
