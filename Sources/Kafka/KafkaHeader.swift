/// One record header: a name and optional bytes (a header may be present with a null value).
public struct KafkaHeader: Hashable, Sendable {
    /// The header name.
    public var key: String
    /// The header bytes; nil for a null value.
    public var value: [UInt8]?

    /// Creates a header from bytes.
    public init(key: String, value: [UInt8]?) {
        self.key = key
        self.value = value
    }

    /// Creates a header from a UTF-8 string.
    public init(key: String, string: String) {
        self.key = key
        self.value = Array(string.utf8)
    }
}
