import FastJSON

/// Reads the fields of one JSON object, naming the full field path in every error.
struct FieldReader {
    let object: JSONObject
    let path: String

    init(_ object: JSONObject, path: String = "") {
        self.object = object
        self.path = path
    }

    /// Reads a value as an object.
    init(_ value: JSONValue, path: String) throws(ChangeDecodingError) {
        guard case .object(let object) = value else {
            throw ChangeDecodingError(.invalidField, "\(path.isEmpty ? "record" : path): expected an object")
        }
        self.init(object, path: path.isEmpty ? "" : path + ".")
    }

    func name(_ field: String) -> String { path + field }

    func invalid(_ field: String, _ message: String) -> ChangeDecodingError {
        ChangeDecodingError(.invalidField, "\(name(field)): \(message)")
    }

    /// The value, nil when absent or null.
    func value(_ field: String) -> JSONValue? {
        guard let value = object[field], !value.isNull else { return nil }
        return value
    }

    func string(_ field: String) throws(ChangeDecodingError) -> String {
        guard let value = value(field) else { throw invalid(field, "missing") }
        guard let string = value.string else { throw invalid(field, "expected a string") }
        if string.isEmpty { throw invalid(field, "empty") }
        return string
    }

    func optionalString(_ field: String) throws(ChangeDecodingError) -> String? {
        guard let value = value(field) else { return nil }
        guard let string = value.string else { throw invalid(field, "expected a string") }
        return string
    }

    func int64(_ field: String) throws(ChangeDecodingError) -> Int64 {
        guard let value = value(field) else { throw invalid(field, "missing") }
        guard case .int(let n) = value else { throw invalid(field, "expected an integer") }
        return n
    }

    func optionalInt64(_ field: String) throws(ChangeDecodingError) -> Int64? {
        guard value(field) != nil else { return nil }
        return try int64(field)
    }

    func optionalDouble(_ field: String) throws(ChangeDecodingError) -> Double? {
        guard let value = value(field) else { return nil }
        guard let n = value.double else { throw invalid(field, "expected a number") }
        return n
    }

    func optionalBool(_ field: String) throws(ChangeDecodingError) -> Bool? {
        guard let value = value(field) else { return nil }
        guard let b = value.bool else { throw invalid(field, "expected true or false") }
        return b
    }

    func object(_ field: String) throws(ChangeDecodingError) -> FieldReader {
        guard let value = value(field) else { throw invalid(field, "missing") }
        return try FieldReader(value, path: name(field))
    }

    func optionalArray(_ field: String) throws(ChangeDecodingError) -> [JSONValue]? {
        guard let value = value(field) else { return nil }
        guard let array = value.array else { throw invalid(field, "expected an array") }
        return array
    }

    func array(_ field: String) throws(ChangeDecodingError) -> [JSONValue] {
        guard let array = try optionalArray(field) else { throw invalid(field, "missing") }
        return array
    }

    func strings(_ field: String) throws(ChangeDecodingError) -> [String] {
        try array(field).enumerated().map { (i, v) throws(ChangeDecodingError) -> String in
            guard let s = v.string, !s.isEmpty else { throw invalid("\(field)[\(i)]", "expected a non-empty string") }
            return s
        }
    }

    func optionalStrings(_ field: String) throws(ChangeDecodingError) -> [String]? {
        guard value(field) != nil else { return nil }
        return try strings(field)
    }
}

extension PropertyValue {
    /// The property value of a scalar JSON value; nil for arrays and objects (Graph multi-valued properties are not
    /// synced and not kept).
    init?(json: JSONValue) {
        switch json {
        case .null: self = .null
        case .bool(let b): self = .bool(b)
        case .int(let n): self = .number(Double(n))
        case .double(let d): self = .number(d)
        case .string(let s): self = .string(s)
        case .array, .object: return nil
        }
    }

    /// Writes the value; integral numbers as integers so `1` stays `1`.
    func write(to writer: inout JSONWriter) {
        switch self {
        case .null: writer.null()
        case .bool(let b): writer.bool(b)
        case .string(let s): writer.string(s)
        case .number(let n):
            if n.rounded() == n, abs(n) < 9.0e15 { writer.int(Int64(n)) } else { writer.double(n) }
        }
    }
}

extension JSONWriter {
    /// Writes `"key": value` for a string.
    mutating func field(_ key: String, _ value: String) {
        self.key(key)
        string(value)
    }

    /// Writes `"key": value` or `"key": null`.
    mutating func field(_ key: String, _ value: String?) {
        self.key(key)
        if let value { string(value) } else { null() }
    }

    /// Writes `"key": true|false`.
    mutating func field(_ key: String, _ value: Bool) {
        self.key(key)
        bool(value)
    }

    /// Writes `"key": [strings]`.
    mutating func field(_ key: String, strings: [String]) {
        self.key(key)
        beginArray()
        for s in strings { string(s) }
        endArray()
    }
}
