/// Remembers recently read short ASCII strings, so a parser that reads many documents of one shape makes each
/// repeated `String` once instead of once per document.
///
/// Change events repeat the same two dozen property names in every record, and many values too (schema, tenant,
/// type, user type, department); returning the cached string skips the UTF-8 validation and, beyond 15 bytes, the
/// allocation. Direct-mapped by hash: a collision simply replaces the slot. Not thread-safe: owned by one parser.
final class StringCache {
    private struct Slot {
        var hash: UInt64
        var count: Int
        // JSONObject.keyWords of the string: for up to 16 bytes, comparing them is comparing the strings.
        var first: UInt64
        var last: UInt64
        var string: String
    }

    /// Longer strings rarely repeat and are not worth the comparison.
    static let maxLength = 32
    private static let slotCount = 512

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

    /// The cached string for these ASCII bytes, or a new one that is cached for next time.
    ///
    /// - Parameters:
    ///   - words: `JSONObject.keyWords(utf8)`, and `hash` its `JSONObject.keyHash`, which the reader has already.
    func string(for utf8: UnsafeBufferPointer<UInt8>, words: (first: UInt64, last: UInt64), hash: UInt64) -> String {
        let slot = slots + Int(truncatingIfNeeded: hash & UInt64(Self.slotCount - 1))
        if let cached = slot.pointee, cached.hash == hash, cached.count == utf8.count,
           cached.first == words.first, cached.last == words.last,
           utf8.count <= 16 || Self.equal(cached.string, utf8) {
            return cached.string
        }
        let string = String(decoding: utf8, as: UTF8.self)
        slot.pointee = Slot(hash: hash, count: utf8.count, first: words.first, last: words.last, string: string)
        return string
    }

    private static func equal(_ cached: String, _ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        var cached = cached
        // A native string lends its bytes in place; a small one is copied to the stack, which is cheap.
        return cached.withUTF8 { cachedBytes in
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
