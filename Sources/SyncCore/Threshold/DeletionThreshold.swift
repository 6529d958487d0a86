import Foundation

/// The accidental-deletion guard of one configuration: recent deletes and disables, quarantine, held users.
///
/// Counted over a sliding window of `occurredAt` times (not processing times) so a replay decides the same.
public struct DeletionThreshold: Sendable, Hashable {
    /// The times of the deletes and disables applied within the window, oldest first.
    public var recent: [Date]
    /// Whether the configuration is quarantined: deletes and disables are staged, not applied.
    public var isQuarantined: Bool
    /// Why it was quarantined, one line (shown in logs and `simulate`).
    public var reason: String?
    /// The source users whose delete or disable is held, to re-decide when an admin allows deletes.
    public var held: Set<String>

    /// A fresh, active threshold.
    public init(recent: [Date] = [], isQuarantined: Bool = false, reason: String? = nil, held: Set<String> = []) {
        self.recent = recent
        self.isQuarantined = isQuarantined
        self.reason = reason
        self.held = held
    }

    /// What the guard says about one delete or disable.
    public enum Verdict: Sendable, Hashable {
        /// Apply it; it was counted.
        case apply
        /// Hold it: the configuration is (now) quarantined.
        case stage
    }

    /// Counts one delete or disable at `time`, or holds it when the window is full or the configuration quarantined.
    ///
    /// A threshold of N allows N within the window; the N+1st quarantines. A threshold of 0 disables the guard.
    public mutating func admit(at time: Date, limit: Int, window: Double, sourceUserId: String) -> Verdict {
        if isQuarantined {
            held.insert(sourceUserId)
            return .stage
        }
        guard limit > 0 else { return .apply }
        let start = time.addingTimeInterval(-window)
        recent.removeAll { $0 <= start }
        if recent.count >= limit {
            isQuarantined = true
            reason = "more than \(limit) deletes and disables within \(Int(window / 60)) minutes"
            held.insert(sourceUserId)
            return .stage
        }
        recent.append(time)
        return .apply
    }

    /// Lifts the quarantine and returns the held users (sorted) to re-decide; the window starts afresh.
    public mutating func release() -> [String] {
        let users = held.sorted()
        self = DeletionThreshold()
        return users
    }
}
