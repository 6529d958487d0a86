/// A reusable JSON reader that keeps its working memory from one document to the next.
///
/// A parser saves the working memory's allocations from one document to the next and remembers recent short
/// strings, so documents of one shape share their keys and repeated values instead of making them again. Making a
/// parser costs more than reading a change event (its string cache has 512 slots), so keep it: on the benchmark's
/// change event a kept parser is about three times as fast as a new one per event. `JSONValue(parsing:)` keeps one
/// parser per thread; keep your own when you want another depth limit or an explicit owner.
///
/// - Important: not thread-safe and deliberately not `Sendable`: keep one parser per thread or task.
public final class JSONParser {
    /// How deeply arrays and objects may nest.
    public let maxDepth: Int
    private let entries: ScratchStack<JSONObject.Entry>
    private let elements: ScratchStack<JSONValue>
    private let stringCache = StringCache()
    private var scratch: [UInt8] = []

    /// A parser that accepts nesting up to `maxDepth` arrays and objects.
    public init(maxDepth: Int = JSONValue.defaultMaxDepth) {
        self.maxDepth = maxDepth
        // Room for the members of a change event and its user, so a typical document never grows the stacks.
        entries = ScratchStack(capacity: 48)
        elements = ScratchStack(capacity: 16)
    }

    /// Reads one JSON document (RFC 8259, strict) from UTF-8 bytes.
    ///
    /// Strict means: exactly one value with optional whitespace around it (no byte-order mark, no comments, no
    /// trailing commas), well-formed UTF-8, no raw control characters in strings, and no lone surrogates in
    /// `\u` escapes. A repeated object key keeps its last value (see ``JSONObject``).
    ///
    /// - Parameter bytes: the document; read, never retained.
    /// - Throws: ``JSONParseError`` with the offset, line and column of the first problem.
    public func parse(_ bytes: UnsafeRawBufferPointer) throws(JSONParseError) -> JSONValue {
        try parse(bytes, maxDepth: maxDepth)
    }

    /// ``parse(_:)-(UnsafeRawBufferPointer)`` with another depth limit, for the per-thread parser behind
    /// `JSONValue(parsing:)`.
    func parse(_ bytes: UnsafeRawBufferPointer, maxDepth: Int) throws(JSONParseError) -> JSONValue {
        // Any initialized memory can be read as bytes; UInt8 has no invalid bit patterns.
        let typed = UnsafeBufferPointer(start: bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), count: bytes.count)
        var reader = JSONReader(bytes: typed, maxDepth: maxDepth, scratch: scratch, entries: entries, elements: elements,
                                stringCache: stringCache)
        scratch = []
        defer {
            scratch = reader.scratch
            // After an error the stacks still hold the members of the containers left open.
            entries.removeAll()
            elements.removeAll()
        }
        return try reader.readDocument()
    }

    /// Reads one JSON document from UTF-8 bytes; see ``parse(_:)-(UnsafeRawBufferPointer)``.
    ///
    /// - Throws: ``JSONParseError`` with the offset, line and column of the first problem.
    public func parse(_ bytes: [UInt8]) throws(JSONParseError) -> JSONValue {
        try bytes.withUnsafeBufferPointer { buffer throws(JSONParseError) in try parse(UnsafeRawBufferPointer(buffer)) }
    }

    /// Reads one JSON document from a slice of UTF-8 bytes; error offsets count from the slice's start.
    ///
    /// - Throws: ``JSONParseError`` with the offset, line and column of the first problem.
    public func parse(_ bytes: ArraySlice<UInt8>) throws(JSONParseError) -> JSONValue {
        try bytes.withUnsafeBufferPointer { buffer throws(JSONParseError) in try parse(UnsafeRawBufferPointer(buffer)) }
    }

    /// Reads one JSON document from a string's UTF-8 form.
    ///
    /// - Throws: ``JSONParseError`` with the offset (into `text.utf8`), line and column of the first problem.
    public func parse(_ text: String) throws(JSONParseError) -> JSONValue {
        var text = text
        // withUTF8 makes the string contiguous once, so the reader never goes through String's index machinery.
        // withUTF8 only rethrows untyped errors; a Result carries the typed one out.
        let result = text.withUTF8 { utf8 in
            Result { () throws(JSONParseError) in try parse(UnsafeRawBufferPointer(utf8)) }
        }
        return try result.get()
    }
}

/// One parser must not be shared between threads: its stacks are plain memory without a lock.
@available(*, unavailable)
extension JSONParser: Sendable {}
