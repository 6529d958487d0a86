import SyncCore

/// Publishes a change feed line by line: each line is validated with `ChangeCodec.decode`; a good one is published
/// keyed by its `tenantId`, a bad one is recorded as `line N: <reason>` and not published.
///
/// Blank lines are skipped and not counted. Call `finish()` at the end: it waits for every delivery.
public struct FeedPublisher<Publisher: ChangePublisher> {
    /// Where good lines go.
    public private(set) var publisher: Publisher
    /// Counts so far.
    public private(set) var summary = FeedPublishSummary()

    /// A feed publisher over `publisher`.
    public init(publisher: Publisher) { self.publisher = publisher }

    /// Validates and publishes one line.
    /// - Parameters:
    ///   - line: the bytes of the line, without its newline.
    ///   - number: its 1-based line number, used in the rejection.
    /// - Returns: the rejection when the line was bad, nil when it was published or blank.
    /// - Throws: only the publisher's errors (a bad line is not an error).
    @discardableResult
    public mutating func submit(_ line: [UInt8], number: Int) throws -> FeedLineRejection? {
        if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { return nil }
        summary.read += 1
        let event: ChangeEvent
        do {
            event = try ChangeCodec.decode(line)
        } catch {
            let rejection = FeedLineRejection(line: number, code: error.code, reason: error.reason)
            summary.rejected.append(rejection)
            return rejection
        }
        try publisher.publish(key: Array(event.tenantId.utf8), value: line)
        summary.published += 1
        return nil
    }

    /// Waits until every published line is acknowledged and returns the counts.
    /// - Throws: the publisher's flush error (a record that was not delivered).
    public mutating func finish() throws -> FeedPublishSummary {
        try publisher.flush()
        return summary
    }
}
