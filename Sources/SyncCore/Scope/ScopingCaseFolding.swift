/// Case-insensitive comparisons for scoping filters, with an allocation-free path for ASCII text.
///
/// The reference semantics are `text.lowercased()` compared with the lowercased clause value (String comparison, so
/// canonical equivalence applies). When the value is ASCII and the attribute text is ASCII too, the same answer is
/// computed byte by byte without lowercasing a copy; any non-ASCII text (or text with `\r`) takes the reference path.
struct ScopingCaseFolding: Sendable {
    /// The lowercased clause value.
    let folded: String
    /// Its bytes when it is ASCII; nil otherwise (then every comparison takes the reference path).
    private let asciiFolded: [UInt8]?

    init(_ value: String) {
        folded = value.lowercased()
        asciiFolded = folded.utf8.allSatisfy { $0 < 0x80 } ? Array(folded.utf8) : nil
    }

    /// Whether `text` equals the value, ignoring case.
    func equals(_ text: String) -> Bool {
        fast(text) { bytes, needle in bytes.count == needle.count && Self.matches(bytes, needle, at: 0) }
            ?? (text.lowercased() == folded)
    }

    /// Whether `text` contains the value, ignoring case. The empty value is contained in every text.
    func isContained(in text: String) -> Bool {
        if folded.isEmpty { return true }
        return fast(text) { bytes, needle in
            guard bytes.count >= needle.count else { return false }
            for start in 0...(bytes.count - needle.count) where Self.matches(bytes, needle, at: start) { return true }
            return false
        } ?? (text.lowercased().firstRange(of: folded) != nil)
    }

    /// Whether `text` ends with the value, ignoring case.
    func isSuffix(of text: String) -> Bool {
        fast(text) { bytes, needle in
            bytes.count >= needle.count && Self.matches(bytes, needle, at: bytes.count - needle.count)
        } ?? text.lowercased().hasSuffix(folded)
    }

    /// Runs `body` on the bytes of `text` when both it and the value are ASCII; nil when the reference path is needed.
    private func fast(_ text: String, _ body: (UnsafeBufferPointer<UInt8>, [UInt8]) -> Bool) -> Bool? {
        guard let needle = asciiFolded else { return nil }
        let answer: Bool?? = text.utf8.withContiguousStorageIfAvailable { bytes -> Bool? in
            // `\r` may pair with `\n` into one character, which byte search would split: leave it to the reference.
            for byte in bytes where byte >= 0x80 || byte == 0x0D { return nil }
            return body(bytes, needle)
        }
        return answer ?? nil
    }

    /// Whether `needle` (lowercase ASCII) occurs in `bytes` (ASCII) at `start`, ignoring ASCII case.
    private static func matches(_ bytes: UnsafeBufferPointer<UInt8>, _ needle: [UInt8], at start: Int) -> Bool {
        for index in needle.indices {
            var byte = bytes[start + index]
            if byte >= 0x41 && byte <= 0x5A { byte |= 0x20 }
            if byte != needle[index] { return false }
        }
        return true
    }
}
