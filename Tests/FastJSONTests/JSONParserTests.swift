import Testing
@testable import FastJSON

@Suite struct JSONParserTests {
    @Test func aReusedParserReadsDocumentsOfOneShapeWithTheirOwnValues() throws {
        let parser = JSONParser()
        for seq in 0..<50 {
            let value = try parser.parse(#"{"tenantId": "t\#(seq)", "seq": \#(seq), "user": {"id": "u\#(seq)"}}"#)
            #expect(value["tenantId"]?.string == "t\(seq)")
            #expect(value["seq"]?.int64 == Int64(seq))
            #expect(value["user"]?["id"]?.string == "u\(seq)")
        }
    }

    @Test func cachedStringsNeverStandInForDifferentStringsOfTheSameLength() throws {
        let parser = JSONParser()
        // Many distinct keys of equal length fill and overwrite the cache's slots.
        for round in 0..<3 {
            for i in 0..<600 {
                let key = "k" + String(1000 + i)
                let value = try parser.parse("{\"\(key)\": \(round)}")
                #expect(value.object?.keys == [key])
            }
        }
    }

    @Test func cachedStringsThatShareTheirOuterBytesStayDistinct() throws {
        let parser = JSONParser()
        // Same length, same first and last eight bytes, so the same hash and slot: only the middle differs.
        let strings = ["aaaaaaaaXbbbbbbbb", "aaaaaaaaYbbbbbbbb", "aaaaaaaXYZbbbbbbbb", "aaaaaaaaXbbbbbbbb"]
        for _ in 0..<3 {
            for string in strings {
                let value = try parser.parse(#"{"\#(string)": "\#(string)"}"#)
                #expect(value.object?.keys == [string])
                #expect(value[string]?.string == string)
            }
        }
    }

    @Test func aParserRecoversAfterAnErrorInsideNestedContainers() throws {
        let parser = JSONParser()
        #expect(throws: JSONParseError.self) { try parser.parse(#"{"a": [1, {"b": [2, 3 "#) }
        let value = try parser.parse(#"{"c": [4]}"#)
        #expect(value == ["c": [4]])
    }

    @Test func concurrentParsesOnManyThreadsEachSeeTheirOwnValues() async {
        // JSONValue(parsing:) reuses one parser per thread; tasks running in parallel must not share one.
        let failures = await withTaskGroup(of: Int.self) { group in
            for task in 0..<8 {
                group.addTask {
                    var failures = 0
                    for i in 0..<2_000 {
                        let text = #"{"task": \#(task), "i": \#(i), "name": "n-\#(task)-\#(i)", "tags": ["a", "b"]}"#
                        let value = try? JSONValue(parsing: text)
                        if value?["task"]?.int64 != Int64(task) || value?["name"]?.string != "n-\(task)-\(i)" {
                            failures += 1
                        }
                    }
                    return failures
                }
            }
            return await group.reduce(0, +)
        }
        #expect(failures == 0)
    }

    @Test func readsFromEveryKindOfBuffer() throws {
        let parser = JSONParser()
        let bytes = Array("[1,\"x\"]".utf8)
        let expected: JSONValue = [1, "x"]
        #expect(try parser.parse(bytes) == expected)
        #expect(try parser.parse(bytes[...]) == expected)
        #expect(try parser.parse("[1,\"x\"]") == expected)
        let raw = bytes.withUnsafeBytes { raw in Result { () throws(JSONParseError) in try parser.parse(raw) } }
        #expect(try raw.get() == expected)
        #expect(throws: JSONParseError.self) { try parser.parse([UInt8]()) }
    }

    @Test func objectsCanBeBuiltAndEditedInCode() {
        var object: JSONObject = ["a": 1, "b": 2]
        object["c"] = "x"
        object["a"] = nil
        object["b"] = true
        #expect(object.keys == ["b", "c"])
        #expect(object.contains(key: "c"))
        #expect(!object.contains(key: "a"))
        #expect(JSONValue.object(object).serializedString() == #"{"b":true,"c":"x"}"#)
    }
}
