import SyncCore

/// Turns provisioning-log records into entries: decodes each, drops repeats by entry id, counts the undecodable.
///
/// A worker that crashes after producing re-delivers its batch, so the same entries (same ids) can appear twice on
/// the topic; readers show each id once. Not thread-safe: one reader owns it.
public struct LogRecordIntake: Sendable {
    /// What became of one record.
    public enum Outcome: Sendable, Equatable {
        /// A new entry.
        case entry(ProvisioningLogEntry)
        /// An entry whose id was already seen.
        case repeated(id: String)
        /// A record that is not a provisioning-log entry; `reason` says why.
        case undecodable(reason: String)
    }

    /// Entries dropped as repeats so far.
    public private(set) var repeats = 0
    /// Records skipped as undecodable so far.
    public private(set) var undecodable = 0
    private var seen = Set<String>()

    /// An intake that has seen nothing.
    public init() {}

    /// Decodes one record value (nil for a record without one).
    public mutating func accept(_ value: [UInt8]?) -> Outcome {
        guard let value else {
            undecodable += 1
            return .undecodable(reason: "record has no value")
        }
        let entry: ProvisioningLogEntry
        do {
            entry = try LogEntryCodec.decode(value)
        } catch {
            undecodable += 1
            return .undecodable(reason: "\(error)")
        }
        guard seen.insert(entry.id).inserted else {
            repeats += 1
            return .repeated(id: entry.id)
        }
        return .entry(entry)
    }
}
