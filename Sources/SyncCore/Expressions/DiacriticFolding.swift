import Foundation

/// `NormalizeDiacritics`: Latin letters with diacritics to their base letters, for ASCII-friendly names and aliases.
///
/// Every precomposed Latin letter (U+00C0–024F, U+1E00–1EFF) loses its diacritics (é→e, ễ→e, Å→A); letters without
/// a decomposition are spelled out (ß→ss, æ→ae, œ→oe, ø→o, đ→d, ð→d, ł→l, þ→th, ħ→h, ı→i, ŧ→t, ŋ→n, ĳ→ij, ſ→s, and
/// their capitals); combining diacritical marks (U+0300–036F, U+1AB0–1AFF, U+1DC0–1DFF, U+20D0–20FF, U+FE20–FE2F)
/// that follow a Latin letter are removed, so decomposed input folds the same. Other scripts are left as they are:
/// Greek, Cyrillic (й stays й), kana, Hangul.
enum DiacriticFolding {
    /// The folded text; ASCII text is returned as is without work.
    static func fold(_ text: String) -> String {
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return text }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var afterLatin = false
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if value < 0x80 {
                bytes.append(UInt8(value))
                afterLatin = true
                continue
            }
            if isCombiningDiacritic(value) {
                if !afterLatin { UTF8.encode(scalar) { bytes.append($0) } }
                continue
            }
            afterLatin = isLatin(value)
            if let folded = latin(value) {
                bytes.append(contentsOf: folded)
            } else {
                UTF8.encode(scalar) { bytes.append($0) }
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The ASCII spelling of a Latin letter with diacritics, or nil when the scalar is not one.
    private static func latin(_ value: UInt32) -> [UInt8]? {
        switch value {
        case 0x00C0...0x024F: latinTable[Int(value - 0x00C0)]
        case 0x1E00...0x1EFF: latinTable[Int(value - 0x1E00) + 0x0190]
        default: nil
        }
    }

    private static func isLatin(_ value: UInt32) -> Bool {
        (0x00C0...0x024F).contains(value) || (0x1E00...0x1EFF).contains(value)
    }

    private static func isCombiningDiacritic(_ value: UInt32) -> Bool {
        (0x0300...0x036F).contains(value) || (0x1AB0...0x1AFF).contains(value) || (0x1DC0...0x1DFF).contains(value)
            || (0x20D0...0x20FF).contains(value) || (0xFE20...0xFE2F).contains(value)
    }

    /// Letters without a decomposition, spelled out.
    private static let spelledOut: [Unicode.Scalar: String] = [
        "ß": "ss", "ẞ": "SS", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ø": "o", "Ø": "O", "đ": "d",
        "Đ": "D", "ð": "d", "Ð": "D", "ł": "l", "Ł": "L", "þ": "th", "Þ": "TH", "ħ": "h", "Ħ": "H", "ı": "i",
        "ŧ": "t", "Ŧ": "T", "ŋ": "n", "Ŋ": "N", "ĳ": "ij", "Ĳ": "IJ", "ſ": "s",
    ]

    /// The spelling of every scalar of U+00C0–024F then U+1E00–1EFF that folds to something else, computed once from
    /// its canonical decomposition.
    private static let latinTable: [[UInt8]?] = {
        var table: [[UInt8]?] = []
        for value in Array(0x00C0...0x024F) + Array(0x1E00...0x1EFF) {
            guard let scalar = Unicode.Scalar(UInt32(value)) else {
                table.append(nil)
                continue
            }
            if let spelled = spelledOut[scalar] {
                table.append(Array(spelled.utf8))
                continue
            }
            var base = String.UnicodeScalarView()
            for part in String(scalar).decomposedStringWithCanonicalMapping.unicodeScalars
            where !isCombiningDiacritic(part.value) {
                // Ǣ decomposes to Æ and a macron: spell the base out too.
                if let spelled = spelledOut[part] { base.append(contentsOf: spelled.unicodeScalars) } else { base.append(part) }
            }
            let folded = String(base)
            table.append(folded != String(scalar) && !folded.isEmpty ? Array(folded.utf8) : nil)
        }
        return table
    }()
}
