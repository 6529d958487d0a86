import Support
import Testing
@testable import FastJSON

@Suite struct JSONWriterTests {
    @Test func placesCommasBetweenMembersAndElements() {
        var writer = JSONWriter()
        writer.beginObject()
        writer.key("id"); writer.string("u-ann")
        writer.key("seq"); writer.int(41)
        writer.key("tags"); writer.beginArray()
        writer.int(-7); writer.bool(true); writer.null()
        writer.beginObject(); writer.endObject()
        writer.beginArray(); writer.endArray()
        writer.double(2.5)
        writer.endArray()
        writer.key("ok"); writer.bool(false)
        writer.endObject()
        #expect(writer.text == #"{"id":"u-ann","seq":41,"tags":[-7,true,null,{},[],2.5],"ok":false}"#)
    }

    @Test func resetStartsAFreshDocument() {
        var writer = JSONWriter()
        writer.beginArray(); writer.int(1); writer.endArray()
        writer.reset()
        writer.int(2)
        #expect(writer.text == "2")
    }

    @Test func escapesQuotesBackslashesAndControlCharactersOnly() {
        var writer = JSONWriter()
        writer.string("a\"b\\c/d\n\r\t\u{08}\u{0C}\u{01}\u{1F}\u{7F} é 😀")
        #expect(writer.text == #""a\"b\\c/d\n\r\t\b\f\u0001\u001f"# + "\u{7F} é 😀\"")
    }

    @Test func writesIntegersExactlyAtTheExtremes() {
        for value: Int64 in [0, 7, -1, 10, 1_000_000, .max, .min] {
            var writer = JSONWriter()
            writer.int(value)
            #expect(writer.text == String(value))
        }
    }

    @Test func writesDoublesInShortestRoundTripFormAndNonFiniteAsNull() throws {
        let cases: [(Double, String)] = [
            (0.1, "0.1"), (2.5, "2.5"), (100, "100.0"), (-0.0, "-0.0"), (1e-7, "1e-07"), (1e21, "1e+21"),
            (.greatestFiniteMagnitude, "1.7976931348623157e+308"), (.leastNonzeroMagnitude, "5e-324"),
            (.nan, "null"), (.infinity, "null"), (-.infinity, "null"),
        ]
        for (value, text) in cases {
            var writer = JSONWriter()
            writer.double(value)
            #expect(writer.text == text)
            // Every number the writer emits is one the reader accepts, with the same value.
            if value.isFinite {
                #expect(try JSONValue(parsing: writer.bytes).double == value)
            }
        }
    }

    @Test func sortedKeysOrderByUTF8Bytes() throws {
        let value: JSONValue = ["b": 1, "a": ["z": true, "é": false, "Z": nil], "B": "x"]
        #expect(value.serializedString() == #"{"b":1,"a":{"z":true,"é":false,"Z":null},"B":"x"}"#)
        #expect(value.serializedString(sortedKeys: true) == #"{"B":"x","a":{"Z":null,"z":true,"é":false},"b":1}"#)
    }

    @Test func serializingParsedTextGivesTheCanonicalForm() throws {
        let cases: [(String, String)] = [
            (#" { "a" : [ 1 , 2.50 , "x\u0041\/" ] , "b" : { } } "#, #"{"a":[1,2.5,"xA/"],"b":{}}"#),
            (#"[1E2, -0, 0.0, 1e-7, 12345678901234567890]"#, #"[100.0,0,0.0,1e-07,1.2345678901234567e+19]"#),
            (#""\u00e9\ud83d\ude00\u001f""#, "\"é😀\\u001f\""),
            (#"{"k": 1, "k": 2}"#, #"{"k":2}"#),
            ("[true,false,null]", "[true,false,null]"),
        ]
        for (input, canonical) in cases {
            #expect(try JSONValue(parsing: input).serializedString() == canonical)
        }
    }

    @Test func randomValuesSurviveSerializeThenParse() throws {
        var rng = SeededGenerator(seed: 42)
        for _ in 0..<500 {
            let value = randomValue(depth: 0, rng: &rng)
            let bytes = value.serialized()
            let parsed = try JSONValue(parsing: bytes)
            #expect(parsed == value)
            #expect(parsed.serialized() == bytes)
            #expect(parsed.serialized(sortedKeys: true) == value.serialized(sortedKeys: true))
        }
    }

    private func randomValue(depth: Int, rng: inout SeededGenerator) -> JSONValue {
        let pick = rng.next() % (depth > 4 ? 5 : 7)
        switch pick {
        case 0: return .null
        case 1: return .bool(rng.next() % 2 == 0)
        case 2: return .int(Int64(bitPattern: rng.next()) >> (rng.next() % 64))
        case 3:
            // Random bit patterns cover subnormals and huge exponents; skip the non-finite ones JSON cannot carry.
            let d = Double(bitPattern: rng.next())
            return .double(d.isFinite ? d : 0.5)
        case 4: return .string(randomString(rng: &rng))
        case 5: return .array((0..<Int(rng.next() % 5)).map { _ in randomValue(depth: depth + 1, rng: &rng) })
        default:
            let members = (0..<Int(rng.next() % 5)).map { _ in
                (randomString(rng: &rng), randomValue(depth: depth + 1, rng: &rng))
            }
            return .object(JSONObject(members))
        }
    }

    private func randomString(rng: inout SeededGenerator) -> String {
        let pieces = ["a", "Z", " ", "\"", "\\", "/", "\n", "\u{0}", "\u{1F}", "é", "日", "😀", "\u{7F}", "\u{2028}"]
        return (0..<Int(rng.next() % 8)).map { _ in pieces[Int(rng.next() % UInt64(pieces.count))] }.joined()
    }
}
