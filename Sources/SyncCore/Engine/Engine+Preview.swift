extension Engine {
    /// What applying a record would do, without doing it: the dry run of a scope or configuration change.
    ///
    /// Runs the engine on a copy of the state; the caller's state is untouched.
    /// - Returns: the outcome, and the rows the change would write.
    public static func preview(_ record: ChangeRecord, on state: DirectoryState) -> (outcome: RecordOutcome, changes: StateChanges) {
        var copy = state
        _ = copy.takeChanges()
        let outcome = apply([record], to: &copy)[0]
        return (outcome, copy.takeChanges())
    }
}
