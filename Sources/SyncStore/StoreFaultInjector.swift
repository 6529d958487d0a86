import Synchronization

/// A test hook: makes the next batch fail (or run an action) after a number of its statements ran, to prove that a
/// failed batch leaves no trace.
///
/// Thread-safe (a `Mutex` guards the armed state), so a test can arm it while a store runs on another thread.
public final class StoreFaultInjector: Sendable {
    private struct Armed {
        var remaining: Int
        var armed: Int
        var action: (@Sendable () throws -> Void)?
        var persistent = false
    }

    private let state = Mutex<Armed?>(nil)

    /// Creates an unarmed injector.
    public init() {}

    /// Arms the injector: the next `apply` throws `StoreError.injectedFailure` once `statements` of its statements
    /// (after `BEGIN`) have executed. Fires once.
    public func failAfter(statements: Int) {
        state.withLock { $0 = Armed(remaining: max(statements, 1), armed: statements, action: nil) }
    }

    /// Makes every batch fail after `statements` of its statements, until `disarm()`.
    public func failEveryBatch(afterStatements statements: Int) {
        state.withLock { $0 = Armed(remaining: max(statements, 1), armed: statements, action: nil, persistent: true) }
    }

    /// Stops failing (or acting on) batches.
    public func disarm() {
        state.withLock { $0 = nil }
    }

    /// Arms the injector to run `action` (instead of failing) once `statements` statements of the next `apply` have
    /// executed, e.g. to take the database away in the middle of a batch. What `action` throws is thrown by `apply`.
    public func perform(afterStatements statements: Int, _ action: @escaping @Sendable () throws -> Void) {
        state.withLock { $0 = Armed(remaining: max(statements, 1), armed: statements, action: action) }
    }

    /// Called by the stores after each statement of a batch.
    func statementExecuted() throws {
        let fired: Armed? = state.withLock { state in
            guard var current = state else { return nil }
            current.remaining -= 1
            if current.persistent && current.remaining <= 0 {
                state = Armed(remaining: max(current.armed, 1), armed: current.armed, action: nil, persistent: true)
                return current
            }
            state = current.remaining <= 0 ? nil : current
            return current.remaining <= 0 ? current : nil
        }
        guard let fired else { return }
        if let action = fired.action {
            try action()
        } else {
            throw StoreError.injectedFailure(afterStatements: fired.armed)
        }
    }
}
