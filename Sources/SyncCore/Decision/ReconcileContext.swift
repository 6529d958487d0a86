/// How one reconciliation runs: for which record, how talkative, which thresholds to bypass.
struct ReconcileContext {
    /// The input record.
    let record: ChangeRecord
    /// Log every configuration, skips included (a change about this user); false logs only actions (re-evaluation).
    var verbose: Bool
    /// The import step's detail.
    var importDetail = ""
    /// Configurations whose held deletes are being released: their threshold is not consulted.
    var bypassThreshold: Set<String> = []
    /// Configurations just removed, by target: a target user only they kept is soft-deleted on their behalf.
    var removed: [String: Configuration] = [:]
    /// A reason that forces every target user of the source out of scope (the source left its organization).
    var forcedOut: OutOfScope?
    /// Only this target tenant is reconciled (provision on demand with a target); nil: every target.
    var onlyTarget: String?

    init(record: ChangeRecord, verbose: Bool) {
        self.record = record
        self.verbose = verbose
    }
}
