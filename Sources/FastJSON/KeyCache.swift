/// Remembers the strings of recently read object keys, so a parser that reads many documents of one shape makes
/// each key's `String` once instead of once per document.
///
/// Change events repeat the same two dozen property names in every record; returning the cached string skips the
/// UTF-8 validation and, for keys beyond 15 bytes, the allocation. Direct-mapped by the key's hash: a collision
/// simply replaces the slot. Not thread-safe: owned by one parser.
final class KeyCache {
    private struct Slot {
        var hash: UInt64
        var bytes: [UInt8]
        var string: String
    }

    /// Longer keys are rare and not worth the comparison.
    static let maxKeyLength = 48
    private static let slotCount = 256

    // Behind a pointer rather than in a `var` array, so lookups pay no exclusivity check and no bounds check.
    private let slots: UnsafeMutablePointer<Slot?>

    init() {
        slots = .allocate(capacity: Self.slotCount)
        slots.initialize(repeating: nil, count: Self.slotCount)
    }

    deinit {
        slots.deinitialize(count: Self.slotCount)
        slots.deallocate()
    }

    /// The cached string for these ASCII key bytes, or a new one that is cached for next time.
    func string(for utf8: UnsafeBufferPointer<UInt8>, hash: UInt64) -> String {
        let slot = slots + Int(truncatingIfNeeded: hash & UInt64(Self.slotCount - 1))
        if let cached = slot.pointee, cached.hash == hash, Self.equal(cached.bytes, utf8) {
            return cached.string
        }
        let string = String(decoding: utf8, as: UTF8.self)
        slot.pointee = Slot(hash: hash, bytes: Array(utf8), string: string)
        return string
    }

    private static func equal(_ cached: [UInt8], _ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        guard cached.count == utf8.count else { return false }
        return cached.withUnsafeBufferPointer { cachedBytes in
            guard let a = cachedBytes.baseAddress, let b = utf8.baseAddress else { return true }
            var i = 0
            // Eight bytes at a time, then the rest.
            while i &+ 8 <= utf8.count {
                let wordA = UnsafeRawPointer(a + i).loadUnaligned(as: UInt64.self)
                let wordB = UnsafeRawPointer(b + i).loadUnaligned(as: UInt64.self)
                if wordA != wordB { return false }
                i &+= 8
            }
            while i < utf8.count {
                if a[i] != b[i] { return false }
                i &+= 1
            }
            return true
        }
    }
}
