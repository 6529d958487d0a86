import Synchronization

/// One gauge series: a value that goes up and down. Thread-safe; each update is one atomic operation on the bits
/// of a `Double` (a compare-and-exchange loop for relative changes).
public final class Gauge: Sendable {
    private let bits = Atomic<UInt64>(0.0.bitPattern)

    /// A series at zero, not registered anywhere: families create the registered ones (`labels(...)`).
    public init() {}

    /// Sets the value.
    public func set(_ value: Double) {
        bits.store(value.bitPattern, ordering: .relaxed)
    }

    /// Adds `amount` (1 by default); a negative amount subtracts.
    public func increment(by amount: Double = 1) {
        var current = bits.load(ordering: .relaxed)
        while true {
            let next = (Double(bitPattern: current) + amount).bitPattern
            let (exchanged, original) = bits.compareExchange(
                expected: current, desired: next, ordering: .relaxed)
            if exchanged { return }
            current = original
        }
    }

    /// Subtracts `amount` (1 by default).
    public func decrement(by amount: Double = 1) { increment(by: -amount) }

    /// The current value.
    public var value: Double { Double(bitPattern: bits.load(ordering: .relaxed)) }
}
