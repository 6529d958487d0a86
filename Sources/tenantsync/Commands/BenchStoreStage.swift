import Foundation
import Support
import SyncStore

/// The `store` stage of `tenantsync bench`: 200,000 target-user upserts (half new, half updates) in batches of
/// 1,000 through each store, next to a raw loop over the same C API in the same run.
///
/// Options read: `--events N` (upserts, default 200,000); `--keys sequential|realistic|random` when the command
/// defines it (default `sequential`, see `StoreBenchmark.KeyOrder`); `--store URL`: absent, SQLite in a temporary folder;
/// `sqlite:PATH`, SQLite next to PATH (bench files removed afterwards); `postgres://...`, SQLite in a temporary
/// folder and then that PostgreSQL server (in a schema of its own, `tenantsync_bench`, dropped afterwards).
/// Returns one report per store; the caller prints `json()` or `text()`.
/// - Throws: `UsageError` for a bad option (exit 2), `StoreError` when a store fails (exit 1).
func runStoreBench(_ options: ParsedOptions) throws -> [BenchReport] {
    let rows = try options.int("--events", in: 2...50_000_000) ?? 200_000
    let keys = try options.string("--keys").map { text in
        guard let order = StoreBenchmark.KeyOrder(rawValue: text) else {
            throw UsageError("--keys: expected sequential, realistic or random, got '\(text)'")
        }
        return order
    } ?? .sequential
    let benchOptions = StoreBenchmark.Options(rows: rows, keys: keys)
    let logger = Logger(label: "bench", level: .warning)
    let location = try options.string("--store").map(StoreLocation.parse)

    func sqliteInTemporaryFolder() throws -> BenchReport {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tenantsync-bench-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        return try StoreBenchmark.run(.sqlite(path: dir.appendingPathComponent("bench.db").path), options: benchOptions,
                                      logger: logger)
    }

    switch location {
    case nil:
        // Both stores: SQLite in a temporary folder, and a throwaway PostgreSQL server started for the run.
        let sqlite = try sqliteInTemporaryFolder()
        let server = try PostgresServer.start()
        defer { server.stop() }
        return [sqlite, try StoreBenchmark.run(.postgres(url: server.url), options: benchOptions, logger: logger)]
    case .sqlite(let path)?:
        return [try StoreBenchmark.run(.sqlite(path: path), options: benchOptions, logger: logger)]
    case .postgres(let url)?:
        return [try sqliteInTemporaryFolder(),
                try StoreBenchmark.run(.postgres(url: url), options: benchOptions, logger: logger)]
    }
}
