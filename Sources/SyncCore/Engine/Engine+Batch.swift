extension Engine {
    /// Applies a batch in order, one outcome per record; a rejected record does not stop the ones after it.
    ///
    /// The state must hold what `requirements(for:)` asked for the whole batch; afterwards `state.takeChanges()`
    /// lists the rows to write in the batch's store transaction.
    public static func apply(_ records: [ChangeRecord], to state: inout DirectoryState) -> [RecordOutcome] {
        var outcomes: [RecordOutcome] = []
        outcomes.reserveCapacity(records.count)
        for record in records {
            do throws(ChangeRejection) {
                outcomes.append(.applied(try apply(record, to: &state)))
            } catch {
                outcomes.append(.rejected(error))
            }
        }
        return outcomes
    }
}
