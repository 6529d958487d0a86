import Support
import Testing
@testable import FastJSON

@Suite struct JSONReaderTests {
    private func parse(_ text: String) throws -> JSONValue {
        try JSONValue(parsing: text)
    }

    private func parseError(_ text: String) -> JSONParseError? {
        do {
            _ = try JSONValue(parsing: text)
            return nil
        } catch {
            return error
        }
    }

    private func parseError(_ bytes: [UInt8]) -> JSONParseError? {
        do {
            _ = try JSONValue(parsing: bytes)
            return nil
        } catch {
            return error
        }
    }

    @Test func readsAChangeEventWithNestedObjectAndAccessors() throws {
        let event = try parse("""
            {"schema": "tenantsync.change.v1", "tenantId": "contoso", "seq": 41,
             "type": "user.upserted",
             "user": {"id": "u-ann", "accountEnabled": true, "jobTitle": null, "groups": ["g1", "g2"]}}
            """)
        #expect(event["schema"]?.string == "tenantsync.change.v1")
        #expect(event["seq"]?.int64 == 41)
        #expect(event["seq"] == .int(41))
        #expect(event.object?["user"]?["id"]?.string == "u-ann")
        #expect(event["user"]?["accountEnabled"]?.bool == true)
        #expect(event["user"]?["jobTitle"]?.isNull == true)
        #expect(event["user"]?["groups"]?[1]?.string == "g2")
        #expect(event["user"]?["groups"]?[2] == nil)
        #expect(event["missing"] == nil)
        #expect(event.object?.keys == ["schema", "tenantId", "seq", "type", "user"])
    }

    @Test func keepsMemberOrderAndLastDuplicateWinsAtFirstPosition() throws {
        let value = try parse(#"{"b": 1, "a": 2, "b": 3}"#)
        let object = try #require(value.object)
        #expect(object.keys == ["b", "a"])
        #expect(object["b"] == .int(3))
        #expect(object.count == 2)
    }

    @Test func duplicateKeysAreFoundEvenWhenSpelledWithEscapes() throws {
        let value = try parse(#"{"id": 1, "\u0069d": 2}"#)
        #expect(value.object?.count == 1)
        #expect(value["id"] == .int(2))
    }

    @Test func largeObjectsLookUpEveryKeyThroughTheIndex() throws {
        let count = JSONObject.indexThreshold * 3
        let text = "{" + (0..<count).map { "\"k\($0)\": \($0)" }.joined(separator: ",") + "}"
        let object = try #require(try parse(text).object)
        #expect(object.count == count)
        for i in 0..<count {
            #expect(object["k\(i)"] == .int(Int64(i)))
        }
        #expect(object["k\(count)"] == nil)
    }

    @Test func integralLiteralsStayExactAndOthersBecomeDoubles() throws {
        #expect(try parse("0") == .int(0))
        #expect(try parse("-0") == .int(0))
        #expect(try parse("9223372036854775807") == .int(.max))
        #expect(try parse("-9223372036854775808") == .int(.min))
        #expect(try parse("9223372036854775808") == .double(9_223_372_036_854_775_808))
        #expect(try parse("1.0") == .double(1))
        #expect(try parse("1e2") == .double(100))
        #expect(try parse("-2.5E-3") == .double(-0.0025))
        #expect(try parse("0.1") == .double(0.1))
        #expect(try parse("123456789012345678901234567890") == .double(1.2345678901234568e29))
        #expect(try parse("0.000000000000000000000000000001") == .double(1e-30))
        #expect(try parse("2.2250738585072014e-308") == .double(2.2250738585072014e-308))
        #expect(try parse("1.7976931348623157e308") == .double(.greatestFiniteMagnitude))
        #expect(try parse("1e-400") == .double(0))
        #expect(try parse("3.0").int64 == 3)
        #expect(try parse("3.5").int64 == nil)
    }

    @Test func decodesEveryEscapeAndSurrogatePairs() throws {
        #expect(try parse(#""\" \\ \/ \b \f \n \r \t""#) == .string("\" \\ / \u{08} \u{0C} \n \r \t"))
        #expect(try parse(#""\u0041\u00e9\u20AC""#) == .string("Aé€"))
        #expect(try parse(#""\ud83d\ude00 ok""#) == .string("😀 ok"))
        #expect(try parse(#""\u0000""#) == .string("\u{0}"))
        #expect(try parse("\"Zoë 日本 😀\"") == .string("Zoë 日本 😀"))
        #expect(try parse("\"é\\n\"") == .string("é\n"))
    }

    @Test func rejectsLoneSurrogates() {
        #expect(parseError(#""\ud83d""#)?.reason == .loneSurrogate)
        #expect(parseError(#""\ud83d\u0041""#)?.reason == .loneSurrogate)
        #expect(parseError(#""\ude00""#)?.reason == .loneSurrogate)
        #expect(parseError(#""a\ud83dx""#)?.offset == 2)
    }

    @Test func rejectsInvalidUTF8WithTheOffendingOffset() {
        let cases: [([UInt8], offset: Int)] = [
            ([0x22, 0x61, 0xFF, 0x22], 2),                   // never valid
            ([0x22, 0x61, 0xC3, 0x22], 2),                   // truncated sequence
            ([0x22, 0x61, 0xC0, 0xAF, 0x22], 2),             // overlong
            ([0x22, 0x61, 0xED, 0xA0, 0x80, 0x22], 2),       // UTF-8-encoded surrogate
            ([0x22, 0x61, 0xF4, 0x90, 0x80, 0x80, 0x22], 2), // beyond U+10FFFF
            ([0x22, 0x5C, 0x6E, 0x61, 0xFF, 0x22], 4),       // after an escape, on the slow path
        ]
        for (bytes, offset) in cases {
            let error = parseError(bytes)
            #expect(error?.reason == .invalidUTF8, "\(bytes)")
            #expect(error?.offset == offset, "\(bytes)")
        }
    }

    @Test func reportsLineAndColumnOfAMissingComma() throws {
        let error = try #require(parseError("{\n  \"a\": 1,\n  \"b\": 2 \"c\": 3\n}"))
        #expect(error.reason == .unexpectedByte)
        #expect(error.message == "expected ',' or '}' after an object member, found '\"'")
        #expect(error.line == 3)
        #expect(error.column == 10)
        #expect(error.offset == 21)
        #expect(error.description == "line 3, column 10 (byte 21): expected ',' or '}' after an object member, found '\"'")
    }

    @Test func columnsCountCharactersNotBytes() throws {
        let error = try #require(parseError("[\"日本\" x]"))
        #expect(error.column == 7)
        #expect(error.offset == 10)
    }

    @Test func namesEachKindOfMistake() {
        let cases: [(String, JSONParseError.Reason, String)] = [
            ("", .emptyInput, "the input is empty; expected a JSON value"),
            ("  \n", .emptyInput, "the input is empty; expected a JSON value"),
            (#""a\qb""#, .invalidEscape, #"invalid escape \q; valid escapes are \" \\ \/ \b \f \n \r \t and \uXXXX"#),
            (#""abc"#, .unterminatedString, "unterminated string; expected a closing '\"'"),
            ("\"a\tb\"", .controlCharacterInString,
             #"control character in string (byte 0x09); write it as an escape such as \u0009"#),
            ("{} {}", .trailingData, "trailing data after the value: found '{'"),
            ("[1,]", .unexpectedByte, "expected a value, found ']'"),
            ("{\"a\" 1}", .unexpectedByte, "expected ':' after an object key, found '1'"),
            ("{\"a\":1,}", .unexpectedByte, "expected a string key, found '}'"),
            ("{'a':1}", .unexpectedByte, "expected a string key, found '''"),
            ("[1 2]", .unexpectedByte, "expected ',' or ']' after an array element, found '2'"),
            ("[1", .unexpectedEnd, "unexpected end of the input; expected ',' or ']' after an array element"),
            ("tru", .invalidLiteral, "invalid literal; expected 'true'"),
            ("nul1", .invalidLiteral, "invalid literal; expected 'null'"),
            ("01", .invalidNumber, "a number cannot have a leading zero"),
            ("-", .invalidNumber, "expected a digit after '-'"),
            ("1.", .invalidNumber, "expected a digit after the decimal point"),
            ("1e+", .invalidNumber, "expected a digit in the exponent"),
            ("1e400", .numberOutOfRange, "number 1e400 is out of the range of a Double"),
            ("\u{FEFF}{}", .unexpectedByte, "expected a value, found byte 0xEF"),
            (#""\u12G4""#, .invalidUnicodeEscape, #"\u must be followed by four hexadecimal digits"#),
            ("+1", .unexpectedByte, "expected a value, found '+'"),
            ("NaN", .unexpectedByte, "expected a value, found 'N'"),
        ]
        for (text, reason, message) in cases {
            let error = parseError(text)
            #expect(error?.reason == reason, "\(text)")
            #expect(error?.message == message, "\(text)")
        }
    }

    @Test func acceptsNestingUpToTheLimitAndRejectsOneMore() throws {
        let limit = JSONValue.defaultMaxDepth
        let deepest = String(repeating: "[", count: limit) + String(repeating: "]", count: limit)
        _ = try parse(deepest)
        let tooDeep = String(repeating: "[", count: limit + 1) + String(repeating: "]", count: limit + 1)
        let error = try #require(parseError(tooDeep))
        #expect(error.reason == .nestingTooDeep)
        #expect(error.message == "nesting deeper than 512")
        #expect(error.offset == limit)
        let objects = String(repeating: "{\"a\":", count: 5) + "1" + String(repeating: "}", count: 5)
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: objects, maxDepth: 4) }
        _ = try JSONValue(parsing: objects, maxDepth: 5)
    }

    @Test func sliceOffsetsCountFromTheSliceStart() throws {
        let bytes = Array("xxxx[1,,2]".utf8)
        do {
            _ = try JSONValue(parsing: bytes[4...])
            Issue.record("expected an error")
        } catch {
            #expect(error.offset == 3)
            #expect(error.column == 4)
        }
        #expect(try JSONValue(parsing: Array("xx[1]yy".utf8)[2..<5]) == [1])
    }

    @Test func everyProperPrefixOfAnObjectIsAnErrorNotACrash() throws {
        let document = Array(#"{"a": [1, -2.5e3, true, false, null, "x\u00e9\ud83d\ude00y"], "b": {"c": "Zoë"}}"#.utf8)
        _ = try JSONValue(parsing: document)
        for length in 0..<document.count {
            let error = parseError(Array(document[..<length]))
            #expect(error != nil, "prefix of \(length) bytes")
            #expect((error?.offset ?? -1) <= length)
        }
    }

    @Test func randomBytesNeverCrashOrHang() {
        var rng = SeededGenerator(seed: 0x5EED)
        let alphabet = Array(#"{}[]":,0123456789-+.eEtrufalsn \ /"#.utf8) + [0x0A, 0xC3, 0xA9, 0xFF, 0xED, 0xA0, 0x00]
        var valid = 0
        // Half the inputs go through the thread's parser behind JSONValue(parsing:), half through a parser of our own:
        // both keep caches across inputs and must recover after errors.
        let parser = JSONParser()
        for round in 0..<20_000 {
            let length = Int(rng.next() % 40)
            let bytes: [UInt8] = (0..<length).map { _ in
                round % 2 == 0 ? alphabet[Int(rng.next() % UInt64(alphabet.count))] : UInt8(truncatingIfNeeded: rng.next())
            }
            do {
                let value = round % 4 < 2 ? try JSONValue(parsing: bytes) : try parser.parse(bytes)
                valid += 1
                // Whatever parses must survive a round trip through the writer.
                #expect(try JSONValue(parsing: value.serialized()) == value)
            } catch {
                #expect(error.offset >= 0 && error.offset <= bytes.count)
                #expect(error.line >= 1 && error.column >= 1)
            }
        }
        // Enough inputs are valid that the round-trip branch is exercised too.
        #expect(valid > 100)
    }
}

