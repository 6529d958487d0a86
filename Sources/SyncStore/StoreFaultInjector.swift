import Synchronization

/// A test hook: makes the next batch fail after a number of its statements ran, to prove that a failed batch leaves
/// no trace.
///
/// Thread-safe (a `Mutex` guards the counter), so a test can arm it while a store runs on another thread.
public final class StoreFaultInjector: Sendable {
    /// (statements still to run before the failure, the armed count); nil when unarmed.
    private let state = Mutex<(remaining: Int, armed: Int)?>(nil)

    /// Creates an unarmed injector.
    public init() {}

    /// Arms the injector: the next `apply` throws `StoreError.injectedFailure` once `statements` of its statements
    /// have executed (in its transaction, after `BEGIN`). Fires once.
    public func failAfter(statements: Int) {
        state.withLock { $0 = (max(statements, 1), statements) }
    }

    /// Called by the stores after each statement of a batch.
    func statementExecuted() throws {
        let fired: Int? = state.withLock { state in
            guard let current = state else { return nil }
            if current.remaining <= 1 {
                state = nil
                return current.armed
            }
            state = (current.remaining - 1, current.armed)
            return nil
        }
        if let fired { throw StoreError.injectedFailure(afterStatements: fired) }
    }
}
