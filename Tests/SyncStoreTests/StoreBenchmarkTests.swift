import Foundation
import Support
import SyncStore
import Testing
import TestSupport

/// The store benchmark, for measuring by hand (timings are not assertions):
/// `TENANTSYNC_BENCH=1 swift test -c release -Xswiftc -enable-testing --filter StoreBenchmarkTests`
/// (`TENANTSYNC_BENCH_ROWS=N`, `TENANTSYNC_BENCH_KEYS=sequential|realistic|random`).
@Suite(.enabled(if: ProcessInfo.processInfo.environment["TENANTSYNC_BENCH"] == "1"), .serialized)
struct StoreBenchmarkTests {
    static var rows: Int { Int(ProcessInfo.processInfo.environment["TENANTSYNC_BENCH_ROWS"] ?? "") ?? 200_000 }
    static var keys: StoreBenchmark.KeyOrder {
        StoreBenchmark.KeyOrder(rawValue: ProcessInfo.processInfo.environment["TENANTSYNC_BENCH_KEYS"] ?? "") ?? .sequential
    }

    @Test func benchmarkSQLite() async throws {
        try await withTemporaryDirectory("store-bench") { dir in
            let report = try StoreBenchmark.run(.sqlite(path: dir.appendingPathComponent("bench.db").path),
                                                options: .init(rows: Self.rows, keys: Self.keys), logger: Logger(label: "bench", level: .info))
            print(report.text())
            print(report.json())
            #expect(report.events == Self.rows)
        }
    }

    @Test func benchmarkPostgres() async throws {
        try await withPostgresServer { pg in
            let report = try StoreBenchmark.run(.postgres(url: pg.url), options: .init(rows: Self.rows, keys: Self.keys),
                                                logger: Logger(label: "bench", level: .info))
            print(report.text())
            print(report.json())
            #expect(report.events == Self.rows)
        }
    }
}
