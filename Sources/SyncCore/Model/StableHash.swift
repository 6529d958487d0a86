/// A stable, platform-independent hash for deterministic ids (target users, log entries).
///
/// Two FNV-1a 64-bit passes with different offset bases over the UTF-8 bytes of the parts, separated by a byte that
/// cannot occur in UTF-8 (0xFF) so that ("ab", "c") and ("a", "bc") differ. Not cryptographic: ids only need to be
/// stable and well spread, and Swift's `Hasher` is seeded per process.
public enum StableHash {
    private static let prime: UInt64 = 0x0000_0100_0000_01B3

    /// The 128-bit hash of the parts as two 64-bit halves.
    public static func hash128(_ parts: [String]) -> (UInt64, UInt64) {
        var a: UInt64 = 0xCBF2_9CE4_8422_2325
        var b: UInt64 = 0x6C62_272E_07BB_0142
        for part in parts {
            for byte in part.utf8 {
                a = (a ^ UInt64(byte)) &* prime
                b = (b ^ UInt64(byte)) &* prime
                b = (b << 7) | (b >> 57)
            }
            a = (a ^ 0xFF) &* prime
            b = (b ^ 0xFF) &* prime
        }
        // A final avalanche so that short inputs still touch every output bit.
        return (mix(a), mix(b ^ a))
    }

    /// The hash of the parts formatted as a lowercase GUID (8-4-4-4-12 hex digits).
    public static func guid(_ parts: String...) -> String {
        let (hi, lo) = hash128(parts)
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        var out = [UInt8](repeating: 45, count: 36)  // 45 is "-": the separators stay where nothing overwrites them
        var position = 0
        for nibble in 0..<32 {
            if position == 8 || position == 13 || position == 18 || position == 23 { position += 1 }
            let word = nibble < 16 ? hi : lo
            out[position] = digits[Int((word >> UInt64((15 - nibble % 16) * 4)) & 0xF)]
            position += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
