extension JSONValue {
    /// Reads one JSON document (RFC 8259, strict) from UTF-8 bytes.
    ///
    /// Strict means: exactly one value with optional whitespace around it (no byte-order mark, no comments, no
    /// trailing commas), well-formed UTF-8, no raw control characters in strings, and no lone surrogates in
    /// `\u` escapes. A repeated object key keeps its last value (see ``JSONObject``).
    ///
    /// - Parameters:
    ///   - bytes: the document; read, never retained.
    ///   - maxDepth: how deeply arrays and objects may nest.
    /// - Throws: ``JSONParseError`` with the offset, line and column of the first problem.
    public init(parsing bytes: UnsafeRawBufferPointer, maxDepth: Int = JSONValue.defaultMaxDepth) throws(JSONParseError) {
        // Any initialized memory can be read as bytes; UInt8 has no invalid bit patterns.
        let typed = UnsafeBufferPointer(start: bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), count: bytes.count)
        var reader = JSONReader(bytes: typed, maxDepth: maxDepth)
        self = try reader.readDocument()
    }

    /// Reads one JSON document from UTF-8 bytes; see ``init(parsing:maxDepth:)-(UnsafeRawBufferPointer,_)``.
    ///
    /// - Throws: ``JSONParseError`` with the offset, line and column of the first problem.
    public init(parsing bytes: [UInt8], maxDepth: Int = JSONValue.defaultMaxDepth) throws(JSONParseError) {
        // withUnsafeBytes only rethrows untyped errors; a Result carries the typed one out.
        let result = bytes.withUnsafeBytes { raw in
            Result { () throws(JSONParseError) in try JSONValue(parsing: raw, maxDepth: maxDepth) }
        }
        self = try result.get()
    }

    /// Reads one JSON document from a slice of UTF-8 bytes; error offsets count from the slice's start.
    ///
    /// - Throws: ``JSONParseError`` with the offset, line and column of the first problem.
    public init(parsing bytes: ArraySlice<UInt8>, maxDepth: Int = JSONValue.defaultMaxDepth) throws(JSONParseError) {
        // withUnsafeBytes only rethrows untyped errors; a Result carries the typed one out.
        let result = bytes.withUnsafeBytes { raw in
            Result { () throws(JSONParseError) in try JSONValue(parsing: raw, maxDepth: maxDepth) }
        }
        self = try result.get()
    }

    /// Reads one JSON document from a string's UTF-8 form.
    ///
    /// - Throws: ``JSONParseError`` with the offset (into `text.utf8`), line and column of the first problem.
    public init(parsing text: String, maxDepth: Int = JSONValue.defaultMaxDepth) throws(JSONParseError) {
        var text = text
        // withUTF8 makes the string contiguous once, so the reader never goes through String's index machinery.
        let result = text.withUTF8 { utf8 in
            Result { () throws(JSONParseError) in try JSONValue(parsing: UnsafeRawBufferPointer(utf8), maxDepth: maxDepth) }
        }
        self = try result.get()
    }
}
