#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension JSONValue {
    /// Reads one JSON document (RFC 8259, strict) from UTF-8 bytes.
    ///
    /// See ``JSONParser/parse(_:)-(UnsafeRawBufferPointer)`` for what strict means. Each thread reuses one
    /// ``JSONParser`` behind this initializer, so calling it in a loop is as fast as keeping a parser yourself.
    ///
    /// - Parameters:
    ///   - bytes: the document; read, never retained.
    ///   - maxDepth: how deeply arrays and objects may nest.
    /// - Throws: ``JSONParseError`` with the offset, line and column of the first problem.
    public init(parsing bytes: UnsafeRawBufferPointer, maxDepth: Int = JSONValue.defaultMaxDepth) throws(JSONParseError) {
        self = try threadParser().parse(bytes, maxDepth: maxDepth)
    }

    /// Reads one JSON document from UTF-8 bytes.
    ///
    /// - Throws: ``JSONParseError`` with the offset, line and column of the first problem.
    public init(parsing bytes: [UInt8], maxDepth: Int = JSONValue.defaultMaxDepth) throws(JSONParseError) {
        self = try bytes.withUnsafeBufferPointer { buffer throws(JSONParseError) in
            try JSONValue(parsing: UnsafeRawBufferPointer(buffer), maxDepth: maxDepth)
        }
    }

    /// Reads one JSON document from a slice of UTF-8 bytes; error offsets count from the slice's start.
    ///
    /// - Throws: ``JSONParseError`` with the offset, line and column of the first problem.
    public init(parsing bytes: ArraySlice<UInt8>, maxDepth: Int = JSONValue.defaultMaxDepth) throws(JSONParseError) {
        self = try bytes.withUnsafeBufferPointer { buffer throws(JSONParseError) in
            try JSONValue(parsing: UnsafeRawBufferPointer(buffer), maxDepth: maxDepth)
        }
    }

    /// Reads one JSON document from a string's UTF-8 form.
    ///
    /// - Throws: ``JSONParseError`` with the offset (into `text.utf8`), line and column of the first problem.
    public init(parsing text: String, maxDepth: Int = JSONValue.defaultMaxDepth) throws(JSONParseError) {
        var text = text
        // withUTF8 only rethrows untyped errors; a Result carries the typed one out.
        let result = text.withUTF8 { utf8 in
            Result { () throws(JSONParseError) in try JSONValue(parsing: UnsafeRawBufferPointer(utf8), maxDepth: maxDepth) }
        }
        self = try result.get()
    }
}

/// The thread-specific slot of the parser that `JSONValue(parsing:)` reuses; its destructor releases the parser when
/// the thread ends.
private let threadParserKey: pthread_key_t = {
    var key = pthread_key_t()
    let created = pthread_key_create(&key) { parser in
        guard let parser else { return }
        Unmanaged<JSONParser>.fromOpaque(parser).release()
    }
    precondition(created == 0, "pthread_key_create failed: \(created)")
    return key
}()

/// This thread's parser, made on first use.
///
/// Sharing a parser within a thread is safe because a parse never calls out to other code and never suspends: one
/// parse on a thread ends before the next one starts.
private func threadParser() -> JSONParser {
    if let existing = pthread_getspecific(threadParserKey) {
        return Unmanaged<JSONParser>.fromOpaque(existing).takeUnretainedValue()
    }
    let parser = JSONParser()
    pthread_setspecific(threadParserKey, Unmanaged.passRetained(parser).toOpaque())
    return parser
}
