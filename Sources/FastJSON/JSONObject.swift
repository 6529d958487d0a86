/// The members of a JSON object: in document order, with lookup by key.
///
/// Keys are unique. When a document (or an initializer) repeats a key, the **last value wins** and the member keeps
/// the position of the key's first occurrence, which is what JavaScript's `JSON.parse` does.
///
/// Lookup is a linear scan for small objects (the common case: a user has about twenty properties), comparing a
/// cheap hash of each key before its bytes, and a dictionary index for objects above ``indexThreshold`` members.
/// A value type, immutable once shared, and `Sendable`.
public struct JSONObject: Sendable, Equatable {
    /// One member: a key and its value.
    public typealias Member = (key: String, value: JSONValue)

    /// Objects with more members than this get a hash index for lookups.
    public static let indexThreshold = 24

    var storage: [Entry]
    // Built only above indexThreshold; maps a key to its position in storage.
    var index: [String: Int]?

    struct Entry: Sendable, Equatable {
        var key: String
        var value: JSONValue
        // JSONObject.keyHash of key, so that a scan compares strings only on a hash match.
        var keyHash: UInt64

        init(key: String, value: JSONValue, keyHash: UInt64) {
            self.key = key
            self.value = value
            self.keyHash = keyHash
        }

        init(key: String, value: JSONValue) {
            self.init(key: key, value: value, keyHash: JSONObject.keyHash(key))
        }
    }

    /// An empty object.
    public init() {
        storage = []
        index = nil
    }

    /// An object with these members in this order; a repeated key keeps its last value at its first position.
    public init(_ members: some Sequence<(String, JSONValue)>) {
        self.init()
        for (key, value) in members { self[key] = value }
    }

    // For the reader, which has already removed repeated keys.
    init(uniqueEntries: [Entry]) {
        storage = uniqueEntries
        index = nil
        buildIndexIfLarge()
    }

    /// The keys in order.
    public var keys: [String] { storage.map(\.key) }

    /// The value of the member named `key`, or `nil`. Setting `nil` removes the member; setting a new key appends it.
    public subscript(key: String) -> JSONValue? {
        get {
            guard let i = position(of: key) else { return nil }
            return storage[i].value
        }
        set {
            if let i = position(of: key) {
                if let newValue {
                    storage[i].value = newValue
                } else {
                    storage.remove(at: i)
                    index = nil
                    buildIndexIfLarge()
                }
            } else if let newValue {
                storage.append(Entry(key: key, value: newValue))
                if index != nil {
                    index![key] = storage.count - 1
                } else {
                    buildIndexIfLarge()
                }
            }
        }
    }

    /// Whether the object has a member named `key`.
    public func contains(key: String) -> Bool { position(of: key) != nil }

    /// The position of `key` in ``storage``.
    func position(of key: String) -> Int? {
        if let index { return index[key] }
        let hash = Self.keyHash(key)
        var i = 0
        while i < storage.count {
            if storage[i].keyHash == hash, storage[i].key == key { return i }
            i += 1
        }
        return nil
    }

    /// A string's first and last eight UTF-8 bytes as two words (the bytes themselves, zero-padded, when shorter
    /// than eight). With the length they identify any string of up to 16 bytes exactly.
    static func keyWords(_ utf8: UnsafeBufferPointer<UInt8>) -> (first: UInt64, last: UInt64) {
        guard let base = utf8.baseAddress else { return (0, 0) }
        let count = utf8.count
        if count >= 8 {
            let raw = UnsafeRawPointer(base)
            return (raw.loadUnaligned(as: UInt64.self), raw.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self))
        }
        var word: UInt64 = 0
        var i = 0
        while i < count {
            word |= UInt64(base[i]) << UInt64(i &* 8)
            i &+= 1
        }
        return (word, 0)
    }

    /// A cheap hash of a key from its length and ``keyWords(_:)``. Unequal keys may collide; it only spares most
    /// string comparisons.
    static func keyHash(count: Int, words: (first: UInt64, last: UInt64)) -> UInt64 {
        let multiplier: UInt64 = 0x9E37_79B9_7F4A_7C15
        var hash = UInt64(truncatingIfNeeded: count) &* multiplier
        hash = (hash ^ words.first) &* multiplier
        hash = (hash ^ words.last) &* multiplier
        return hash ^ (hash >> 29)
    }

    /// ``keyHash(count:words:)`` of these bytes.
    static func keyHash(_ utf8: UnsafeBufferPointer<UInt8>) -> UInt64 {
        keyHash(count: utf8.count, words: keyWords(utf8))
    }

    /// ``keyHash(_:)`` of a string's UTF-8 form.
    static func keyHash(_ key: String) -> UInt64 {
        var key = key
        return key.withUTF8 { keyHash($0) }
    }

    mutating func buildIndexIfLarge() {
        guard storage.count > Self.indexThreshold else { return }
        var built = [String: Int](minimumCapacity: storage.count)
        for (i, entry) in storage.enumerated() { built[entry.key] = i }
        index = built
    }

    /// Two objects are equal when they have the same members in the same order.
    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        lhs.storage == rhs.storage
    }
}

extension JSONObject: RandomAccessCollection {
    /// The position of the first member.
    public var startIndex: Int { 0 }
    /// The position after the last member.
    public var endIndex: Int { storage.count }
    /// The member at `position`.
    public subscript(position: Int) -> Member {
        let entry = storage[position]
        return (entry.key, entry.value)
    }
}

extension JSONObject: ExpressibleByDictionaryLiteral {
    /// An object literal; member order is kept and a repeated key keeps its last value.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self.init(elements)
    }
}
