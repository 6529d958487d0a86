extension JSONValue {
    /// Reads one JSON document (RFC 8259, strict) from UTF-8 bytes, with a fresh ``JSONParser``.
    ///
    /// See ``JSONParser/parse(_:)-(UnsafeRawBufferPointer)`` for what strict means; keep a ``JSONParser`` to read
    /// many documents in a row.
    ///
    /// - Parameters:
    ///   - bytes: the document; read, never retained.
    ///   - maxDepth: how deeply arrays and objects may nest.
    /// - Throws: ``JSONParseError`` with the offset, line and column of the first problem.
    public init(parsing bytes: UnsafeRawBufferPointer, maxDepth: Int = JSONValue.defaultMaxDepth) throws(JSONParseError) {
        self = try JSONParser(maxDepth: maxDepth, cachingStrings: false).parse(bytes)
    }

    /// Reads one JSON document from UTF-8 bytes.
    ///
    /// - Throws: ``JSONParseError`` with the offset, line and column of the first problem.
    public init(parsing bytes: [UInt8], maxDepth: Int = JSONValue.defaultMaxDepth) throws(JSONParseError) {
        self = try JSONParser(maxDepth: maxDepth, cachingStrings: false).parse(bytes)
    }

    /// Reads one JSON document from a slice of UTF-8 bytes; error offsets count from the slice's start.
    ///
    /// - Throws: ``JSONParseError`` with the offset, line and column of the first problem.
    public init(parsing bytes: ArraySlice<UInt8>, maxDepth: Int = JSONValue.defaultMaxDepth) throws(JSONParseError) {
        self = try JSONParser(maxDepth: maxDepth, cachingStrings: false).parse(bytes)
    }

    /// Reads one JSON document from a string's UTF-8 form.
    ///
    /// - Throws: ``JSONParseError`` with the offset (into `text.utf8`), line and column of the first problem.
    public init(parsing text: String, maxDepth: Int = JSONValue.defaultMaxDepth) throws(JSONParseError) {
        self = try JSONParser(maxDepth: maxDepth, cachingStrings: false).parse(text)
    }
}
