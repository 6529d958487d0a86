import Synchronization

/// One counter series: a value that only goes up. Thread-safe; an increment is one atomic add.
public final class Counter: Sendable {
    private let count = Atomic<UInt64>(0)

    /// A series at zero, not registered anywhere: families create the registered ones (`labels(...)`).
    public init() {}

    /// Adds `amount` (1 by default).
    public func increment(by amount: UInt64 = 1) {
        count.wrappingAdd(amount, ordering: .relaxed)
    }

    /// The current value.
    public var value: UInt64 { count.load(ordering: .relaxed) }
}
