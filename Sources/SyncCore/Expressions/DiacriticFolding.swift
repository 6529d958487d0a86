import Foundation

/// `NormalizeDiacritics`: Latin letters with diacritics to their base letters, for ASCII-friendly names and aliases.
///
/// The text is decomposed (NFD), combining diacritical marks (U+0300–036F, U+1AB0–1AFF, U+1DC0–1DFF, U+20D0–20FF,
/// U+FE20–FE2F) are removed, letters that have no decomposition are spelled out (ß→ss, æ→ae, œ→oe, ø→o, đ→d, ð→d,
/// ł→l, þ→th, ħ→h, ı→i, ŧ→t, ŋ→n, and their capitals), and the result is recomposed (NFC), so other scripts (kana
/// voicing marks, Hangul) come out unchanged.
enum DiacriticFolding {
    /// The folded text; ASCII text is returned as is without work.
    static func fold(_ text: String) -> String {
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return text }
        var scalars = String.UnicodeScalarView()
        for scalar in text.decomposedStringWithCanonicalMapping.unicodeScalars {
            if isCombiningDiacritic(scalar.value) { continue }
            if let spelled = spelledOut[scalar] {
                scalars.append(contentsOf: spelled.unicodeScalars)
            } else {
                scalars.append(scalar)
            }
        }
        return String(scalars).precomposedStringWithCanonicalMapping
    }

    private static func isCombiningDiacritic(_ value: UInt32) -> Bool {
        (0x0300...0x036F).contains(value) || (0x1AB0...0x1AFF).contains(value) || (0x1DC0...0x1DFF).contains(value)
            || (0x20D0...0x20FF).contains(value) || (0xFE20...0xFE2F).contains(value)
    }

    private static let spelledOut: [Unicode.Scalar: String] = [
        "ß": "ss", "ẞ": "SS", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D",
        "ð": "d", "Ð": "D", "ł": "l", "Ł": "L", "þ": "th", "Þ": "TH", "ħ": "h", "Ħ": "H", "ı": "i", "ŧ": "t",
        "Ŧ": "T", "ŋ": "n", "Ŋ": "N",
    ]
}
