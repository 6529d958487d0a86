extension JSONValue {
    /// The value as compact JSON bytes.
    ///
    /// - Parameter sortedKeys: order object members by the UTF-8 bytes of their keys; with it, equal values give
    ///   equal bytes whatever the member order, which makes the output a canonical form.
    public func serialized(sortedKeys: Bool = false) -> [UInt8] {
        var writer = JSONWriter(capacity: 256)
        writer.value(self, sortedKeys: sortedKeys)
        return writer.bytes
    }

    /// The value as a compact JSON string; see ``serialized(sortedKeys:)``.
    public func serializedString(sortedKeys: Bool = false) -> String {
        String(decoding: serialized(sortedKeys: sortedKeys), as: UTF8.self)
    }
}

extension JSONValue: CustomStringConvertible {
    /// The value as compact JSON, members in stored order.
    public var description: String { serializedString() }
}
