internal import CSQLite
import Foundation
import Kafka
import Support

/// The pipeline benchmark's baseline: the same I/O as the workers, without decoding or domain logic.
///
/// It consumes the same records of the input topic (from the beginning up to `ends`, batches of `maxBatch` like the
/// worker), and per batch: one SQLite transaction upserting that batch's share of `rows` rows (a key and a blob as
/// large as the change record), then as many log records of `logBytes` bytes as the pipeline produced for it
/// (idempotent producer, waiting for every delivery as the worker's relay does), then an asynchronous offset commit.
/// The SQLite file gets the store's page size and pragmas. Written over the project's `Kafka` module and direct
/// `sqlite3_*` calls; not thread-safe, one run at a time.
struct SameIOBaseline {
    /// The cluster.
    var bootstrap: String
    /// The input topic to read.
    var topic: String
    /// Next offset to stop at, per partition (partitions absent or at 0 hold nothing to read).
    var ends: [Int32: Int64]
    /// Rows to upsert in total (what the pipeline's store transactions wrote).
    var rows: Int
    /// Upsert keys are drawn from this many distinct keys, so most upserts replace a row, as in the pipeline.
    var keySpace: Int
    /// Log records to produce in total (what the pipeline's workers delivered).
    var logRecords: Int
    /// The size of each log record's value.
    var logBytes: Int
    /// Where the log records go.
    var logTopic: String
    /// The consumer group its offsets are committed for (the consumer is assigned, it does not join).
    var group: String
    /// Records per batch.
    var maxBatch: Int
    /// The SQLite file to create.
    var databasePath: String

    /// What a run did.
    struct Outcome {
        /// Wall-clock seconds from assignment to the last batch's commit.
        var seconds: Double
        /// Records consumed.
        var records: Int
        /// Rows upserted.
        var rows: Int
        /// Log records delivered.
        var logRecords: Int
    }

    /// Runs the loop once.
    /// - Throws: `KafkaError`, `PipelineBenchError` when SQLite fails or records are missing.
    func run(logger: Logger) throws -> Outcome {
        let total = Int(ends.values.reduce(0, +))
        let db = try openDatabase()
        defer { sqlite3_close_v2(db) }
        var upsert: OpaquePointer?
        var begin: OpaquePointer?
        var commit: OpaquePointer?
        guard sqlite3_prepare_v3(db, "INSERT INTO rows (k, body) VALUES (?1, ?2) ON CONFLICT (k) DO UPDATE SET body = excluded.body",
                                 -1, UInt32(SQLITE_PREPARE_PERSISTENT), &upsert, nil) == SQLITE_OK,
              sqlite3_prepare_v2(db, "BEGIN IMMEDIATE", -1, &begin, nil) == SQLITE_OK,
              sqlite3_prepare_v2(db, "COMMIT", -1, &commit, nil) == SQLITE_OK else {
            throw PipelineBenchError("baseline: SQLite prepare failed: " + String(cString: sqlite3_errmsg(db)))
        }
        defer {
            sqlite3_finalize(upsert)
            sqlite3_finalize(begin)
            sqlite3_finalize(commit)
        }

        var consumerConfig = KafkaConsumerConfig(bootstrapServers: bootstrap, groupID: group)
        consumerConfig.autoCommit = false
        let consumer = try KafkaConsumer(config: consumerConfig, logger: logger)
        let producer = try KafkaProducer(config: KafkaProducerConfig(bootstrapServers: bootstrap), logger: logger)
        let logValue = [UInt8](repeating: UInt8(ascii: "x"), count: logBytes)
        var starts: [TopicPartition: Int64] = [:]
        for (p, end) in ends where end > 0 { starts[TopicPartition(topic, p)] = KafkaOffset.beginning }

        var consumed = 0
        var rowsDone = 0
        var logsDone = 0
        var rowCounter: UInt64 = 0
        let start = ContinuousClock.now
        try consumer.assign(starts)
        while consumed < total {
            guard ContinuousClock.now - start < .seconds(600) else {
                throw PipelineBenchError("baseline: read \(consumed) of \(total) records in 10 minutes")
            }
            let batch = try consumer.poll(maxRecords: maxBatch, timeout: .milliseconds(100)).filter {
                $0.offset < (ends[$0.partition] ?? 0)
            }
            if batch.isEmpty { continue }
            consumed += batch.count
            // This batch's share of the rows and log records, so the totals come out exact.
            let rowsTarget = Int((Double(rows) * Double(consumed) / Double(total)).rounded())
            let logsTarget = Int((Double(logRecords) * Double(consumed) / Double(total)).rounded())

            sqlite3_step(begin)
            sqlite3_reset(begin)
            var i = 0
            while rowsDone < rowsTarget {
                let record = batch[i % batch.count]
                i += 1
                rowCounter &+= 1
                let key = String(StableMix.mix(rowCounter) % UInt64(max(1, keySpace)))
                let value = record.value ?? []
                let rc = key.utf8CString.withUnsafeBufferPointer { k in
                    value.withUnsafeBytes { v in
                        sqlite3_bind_text(upsert, 1, k.baseAddress, Int32(k.count - 1), nil)
                        sqlite3_bind_blob(upsert, 2, v.baseAddress, Int32(v.count), nil)
                        defer { sqlite3_reset(upsert) }
                        return sqlite3_step(upsert)
                    }
                }
                guard rc == SQLITE_DONE else { throw PipelineBenchError("baseline: upsert failed: " + String(cString: sqlite3_errmsg(db))) }
                rowsDone += 1
            }
            guard sqlite3_step(commit) == SQLITE_DONE else {
                throw PipelineBenchError("baseline: COMMIT failed: " + String(cString: sqlite3_errmsg(db)))
            }
            sqlite3_reset(commit)

            var sent = 0
            var j = 0
            while logsDone + sent < logsTarget {
                let record = batch[j % batch.count]
                j += 1
                _ = try producer.send(ProducerRecord(topic: logTopic, key: record.key.map(Array.init), value: logValue))
                sent += 1
            }
            if sent > 0 {
                var delivered = 0
                for report in try producer.flush(timeout: .seconds(60)) + producer.poll() {
                    guard report.isDelivered else { throw PipelineBenchError("baseline: a log record was not delivered") }
                    delivered += 1
                }
                guard delivered == sent else {
                    throw PipelineBenchError("baseline: \(delivered) of \(sent) log records reported")
                }
                logsDone += sent
            }

            var offsets: [TopicPartition: Int64] = [:]
            for record in batch { offsets[record.topicPartition] = max(offsets[record.topicPartition] ?? 0, record.offset + 1) }
            do { try consumer.commitAsync(offsets) } catch {
                logger.info("baseline commit failed", metadata: ["error": "\(error)"])
            }
        }
        let elapsed = ContinuousClock.now - start
        try consumer.close()
        return Outcome(seconds: elapsed.seconds, records: consumed, rows: rowsDone, logRecords: logsDone)
    }

    /// A new file with the store's page size and pragmas, and one table: a text key and a blob.
    private func openDatabase() throws -> OpaquePointer {
        var db: OpaquePointer?
        guard sqlite3_open_v2(databasePath, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nil) == SQLITE_OK,
              let db else {
            throw PipelineBenchError("baseline: cannot open \(databasePath)")
        }
        let setup = """
            PRAGMA page_size = 16384; PRAGMA journal_mode = WAL;
            PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = OFF; PRAGMA cache_size = -65536;
            PRAGMA wal_autocheckpoint = 10000; PRAGMA mmap_size = 268435456;
            CREATE TABLE rows (k TEXT PRIMARY KEY, body BLOB NOT NULL) WITHOUT ROWID;
            """
        guard sqlite3_exec(db, setup, nil, nil, nil) == SQLITE_OK else {
            let message = String(cString: sqlite3_errmsg(db))
            sqlite3_close_v2(db)
            throw PipelineBenchError("baseline: cannot set up \(databasePath): \(message)")
        }
        return db
    }
}

/// A cheap, fixed bit mixer (SplitMix64's finalizer) spreading sequential counters over the key space.
enum StableMix {
    static func mix(_ x: UInt64) -> UInt64 {
        var z = x &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension Duration {
    /// The duration in seconds.
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
