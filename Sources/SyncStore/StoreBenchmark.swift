import Foundation
import Support

/// The store benchmark: target-user upserts in batches through a `DirectoryStore`, next to a raw loop over the same
/// C API (same SQL, same rows, same transaction size) in the same run, as `tenantsync bench --stage store` reports.
public enum StoreBenchmark {
    /// What to run.
    public struct Options: Sendable {
        /// Upserts in total: the first half inserts new users, the second half updates them. Default 200,000.
        public var rows: Int
        /// Rows per transaction. Default 1,000.
        public var batchSize: Int
        /// Bytes per user body. Default 600.
        public var bodyBytes: Int
        /// Runs of each side (alternating raw and store); the best of each counts. Default 3: on a shared machine
        /// another process's burst of work can slow one side's run, and the best of three rarely has one.
        public var repetitions: Int
        /// How the key columns are ordered. Default `.sequential`, the conditions of the reference measurements in
        /// `reference/kafka-on-this-machine.md`; `.realistic` shows what random source ids cost.
        public var keys: KeyOrder

        /// Creates options with the documented defaults.
        public init(rows: Int = 200_000, batchSize: Int = 1_000, bodyBytes: Int = 600, repetitions: Int = 3,
                    keys: KeyOrder = .sequential) {
            self.keys = keys
            self.rows = rows
            self.batchSize = batchSize
            self.bodyBytes = bodyBytes
            self.repetitions = repetitions
        }
    }

    /// The order of the generated keys, which decides how many pages a batch dirties (the schema and the keys
    /// decide as much as the code).
    public enum KeyOrder: String, Sendable, CaseIterable {
        /// Target ids and source user ids both increase with the row number (appends only).
        case sequential
        /// Target ids increase (time-ordered ids), source user ids are random GUIDs (as a source directory hands
        /// them out). Since schema version 2 the table is ordered by source anchor, so this scatters its writes.
        case realistic
        /// Both random GUIDs: what a worker writes today (the domain core's target ids are hashes of the anchor).
        case random
    }

    /// Runs the benchmark against one store location and returns its report (`store.sqlite` or `store.postgres`).
    ///
    /// SQLite: every run writes a fresh file next to `path` (`PATH.bench-N`), removed afterwards. PostgreSQL: the runs
    /// use a schema of their own (`tenantsync_bench`), dropped afterwards, so a real store's tables are not touched.
    /// - Throws: `StoreError` when the store cannot be opened or a batch fails.
    public static func run(_ location: StoreLocation, options: Options = Options(), logger: Logger) throws -> BenchReport {
        let batches = makeBatches(options)
        let rows = batches.reduce(0) { $0 + $1.count }
        var best = (raw: Double.infinity, store: Double.infinity)
        let what: String
        switch location {
        case .sqlite(let path):
            what = "raw sqlite3_* loop, same SQL and transactions"
            var run = 0
            func fresh() -> String {
                run += 1
                let file = "\(path).bench-\(run)"
                removeSQLiteFiles(file)
                return file
            }
            for _ in 0..<max(options.repetitions, 1) {
                for side in [true, false] {  // raw first, then the store
                    let file = fresh()
                    defer { removeSQLiteFiles(file) }
                    // The store creates the schema for both sides. Both sides' times include closing the connection,
                    // whose checkpoint copies what is left in the WAL into the database: a worker pays for it too.
                    var store: (any DirectoryStore)? = try openStore(.sqlite(path: file), logger: logger)
                    let seconds: Double
                    let cpuBefore = threadCPUSeconds()
                    defer {
                        logger.info("bench run", metadata: ["side": side ? "raw" : "store", "cpuSeconds": "\(threadCPUSeconds() - cpuBefore)"])
                    }
                    if side {
                        store = nil
                        seconds = try SQLiteRawLoop.run(path: file, batches: batches)
                        best.raw = min(best.raw, seconds)
                    } else {
                        seconds = try time {
                            for batch in batches { try store?.apply(StoreBatch(targetUsers: batch)) }
                            store = nil  // the only reference: the store closes here
                        }
                        best.store = min(best.store, seconds)
                    }
                    logger.info("bench run", metadata: ["side": side ? "raw" : "store", "seconds": "\(seconds)"])
                }
            }
        case .postgres(let url):
            what = "raw PQexecPrepared loop, same SQL and transactions"
            let schema = "tenantsync_bench"
            try PostgresRawLoop.execute(url: url, "DROP SCHEMA IF EXISTS \(schema) CASCADE; CREATE SCHEMA \(schema)")
            defer { try? PostgresRawLoop.execute(url: url, "DROP SCHEMA IF EXISTS \(schema) CASCADE") }
            let benchURL = url + (url.contains("?") ? "&" : "?") + "options=-csearch_path%3D\(schema)"
            let store = try openStore(.postgres(url: benchURL), logger: logger)
            for _ in 0..<max(options.repetitions, 1) {
                for side in [true, false] {
                    try PostgresRawLoop.execute(url: benchURL, "TRUNCATE target_users; CHECKPOINT")
                    let seconds: Double
                    let cpuBefore = threadCPUSeconds()
                    defer {
                        logger.info("bench run", metadata: ["side": side ? "raw" : "store", "cpuSeconds": "\(threadCPUSeconds() - cpuBefore)"])
                    }
                    if side {
                        seconds = try PostgresRawLoop.run(url: benchURL, batches: batches)
                        best.raw = min(best.raw, seconds)
                    } else {
                        seconds = try time { for batch in batches { try store.apply(StoreBatch(targetUsers: batch)) } }
                        best.store = min(best.store, seconds)
                    }
                    logger.info("bench run", metadata: ["side": side ? "raw" : "store", "seconds": "\(seconds)"])
                }
            }
        }
        return BenchReport(stage: "store.\(location.backend)", events: rows, seconds: best.store,
                           baselineWhat: what, baselineEventsPerSecond: Double(rows) / best.raw, store: location.backend)
    }

    /// The rows, in batches: `rows / 2` users inserted, then the same users updated (new body, new UPN), so half the
    /// upserts are new and half are updates. Bodies come from a pool of 256 distinct byte strings.
    static func makeBatches(_ options: Options) -> [[TargetUserRecord]] {
        let users = max(options.rows / 2, 1)
        let bodies: [[UInt8]] = (0..<256).map { seed in
            var state = UInt64(seed) &* 0x9E37_79B9_7F4A_7C15 | 1
            return (0..<options.bodyBytes).map { _ in
                state ^= state << 13
                state ^= state >> 7
                state ^= state << 17
                return UInt8(truncatingIfNeeded: state)
            }
        }
        func id(_ prefix: String, _ n: Int, random: Bool) -> String {
            // A GUID-shaped identifier (36 characters), increasing with n or scattered.
            let high = random ? UInt64(n) &* 0x2545_F491_4F6C_DD1D : UInt64(n)
            let hex = String(high, radix: 16)
            let padded = String(repeating: "0", count: max(0, 16 - hex.count)) + hex
            return "\(prefix)\(padded.prefix(7))-\(padded.dropFirst(7).prefix(4))-4\(padded.dropFirst(11).prefix(3))-a"
                + "\(padded.dropFirst(14))0-\(String(format: "%012x", n))"
        }
        let randomTarget = options.keys == .random
        let randomSource = options.keys != .sequential
        var all: [TargetUserRecord] = []
        all.reserveCapacity(users * 2)
        for pass in 0..<2 {
            for n in 0..<users {
                let source = "source-\(n % 20)"
                let target = "target-\(n % 5)"
                let deleted = pass == 1 && n % 20 == 0
                all.append(TargetUserRecord(
                    targetTenant: target, id: id("1", n, random: randomTarget), sourceTenant: source, sourceUserId: id("2", n, random: randomSource),
                    userPrincipalName: "user.\(n)\(pass == 1 ? ".renamed" : "")@\(target).example.com",
                    isSoftDeleted: deleted, softDeletedAt: deleted ? 1_764_000_000_000 + Int64(n) : nil,
                    body: bodies[(n + pass * 101) % bodies.count]))
            }
        }
        let size = max(options.batchSize, 1)
        return stride(from: 0, to: all.count, by: size).map { Array(all[$0..<min($0 + size, all.count)]) }
    }

    static func time(_ body: () throws -> Void) rethrows -> Double {
        let start = ContinuousClock.now
        try body()
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    /// CPU seconds used by the calling thread so far: on a loaded machine, wall time and CPU time part ways, and the
    /// log shows both.
    static func threadCPUSeconds() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }

    private static func removeSQLiteFiles(_ path: String) {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }
}
