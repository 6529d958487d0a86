/// Finds records the consumer skipped, so that none is lost.
///
/// The worker expects each partition's records to continue right after what the store holds (or the batch in hand).
/// A record past a gap means the consumer skipped some: `KafkaConsumer.poll` drops the records of a partition revoked
/// during the poll, also those fetched after the partition was assigned again within the same poll, whose position
/// has then moved past them. The partition's records from the gap on are left out and the partition is read again
/// from the first missing offset. A gap found again at the same offset right after such a rewind is real (offsets a
/// broker never delivers, like transaction markers) and is accepted once.
struct GapGuard {
    private var lastRewind: [Int32: Int64] = [:]

    /// Splits records, in poll order, into those that continue where each partition is expected to, and the
    /// partitions to read again from their first missing offset.
    /// - Parameters:
    ///   - records: what a poll returned.
    ///   - expected: the next offset of each partition; a partition without one takes its first record as the start.
    ///     A record below it (a re-delivery) is kept: the applier skips what the store holds.
    /// - Returns: the records to apply and, per partition cut at a gap, the offset to read again from.
    mutating func check(_ records: [InputRecord], expected: [Int32: Int64]) -> (kept: [InputRecord], rewind: [Int32: Int64]) {
        var expected = expected
        var rewind: [Int32: Int64] = [:]
        var kept: [InputRecord] = []
        kept.reserveCapacity(records.count)
        for r in records {
            if rewind[r.partition] != nil { continue }
            if let e = expected[r.partition], r.offset > e, !accepts(partition: r.partition, from: e) {
                rewind[r.partition] = e
                continue
            }
            expected[r.partition] = max(expected[r.partition] ?? 0, r.offset + 1)
            kept.append(r)
        }
        return (kept, rewind)
    }

    /// Notes that `partition` was sent back to `offset`: a gap found there again is accepted.
    mutating func sought(partition: Int32, to offset: Int64) { lastRewind[partition] = offset }

    private mutating func accepts(partition: Int32, from offset: Int64) -> Bool {
        guard lastRewind[partition] == offset else { return false }
        lastRewind[partition] = nil
        return true
    }
}
