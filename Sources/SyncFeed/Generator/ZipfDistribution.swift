import Foundation
import Support

/// Ranks 0..<n drawn with probability proportional to 1 / (rank + 1)^exponent: a few big tenants, a long tail.
public struct ZipfDistribution: Sendable {
    private let cumulative: [Double]

    /// A distribution over `count` ranks (count > 0).
    public init(count: Int, exponent: Double = 1.07) {
        precondition(count > 0)
        var total = 0.0
        var c: [Double] = []
        c.reserveCapacity(count)
        for rank in 0..<count {
            total += 1 / pow(Double(rank + 1), exponent)
            c.append(total)
        }
        cumulative = c.map { $0 / total }
    }

    /// Draws a rank.
    public func sample(_ rng: inout SeededGenerator) -> Int {
        let u = rng.unit()
        var lo = 0, hi = cumulative.count - 1
        while lo < hi {
            let mid = (lo + hi) / 2
            if cumulative[mid] < u { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// Splits `total` items over the ranks in proportion to their probabilities, every rank getting at least
    /// `minimum`; the parts add up to `max(total, minimum * count)`.
    public func split(_ total: Int, minimum: Int = 1) -> [Int] {
        let spare = max(0, total - minimum * cumulative.count)
        var parts: [Int] = []
        var assigned = 0
        for rank in 0..<cumulative.count {
            let share = Int((Double(spare) * cumulative[rank]).rounded()) - assigned
            assigned += share
            parts.append(minimum + share)
        }
        return parts
    }
}
