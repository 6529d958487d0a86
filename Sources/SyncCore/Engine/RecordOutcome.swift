/// What became of one record of a batch: applied with its log entries, or rejected (a dead letter).
public enum RecordOutcome: Sendable, Hashable {
    /// Applied (duplicates included: their entries are skips); the entries to publish.
    case applied([ProvisioningLogEntry])
    /// Not applied; the state is unchanged by this record.
    case rejected(ChangeRejection)
}
