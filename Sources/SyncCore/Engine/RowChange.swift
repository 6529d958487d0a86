/// Whether a row was written or removed.
public enum RowChange: Sendable, Hashable {
    /// Inserted or updated: read the current value from the state.
    case upserted
    /// Removed.
    case deleted
}
