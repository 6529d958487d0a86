/// Statement parameters in PostgreSQL's binary format, encoded into one reusable byte buffer.
///
/// Whole columns of a batch travel as one array parameter each (`$1::text[]` ... consumed by `unnest`), so a batch
/// of any size is one statement. Keep one value and `reset()` it between statements: the buffer keeps its capacity,
/// so encoding allocates nothing once warm.
struct PGParameters {
    /// Element type OIDs (`pg_type.oid`), for the array headers.
    enum ElementType: UInt32 {
        case bool = 16
        case bytea = 17
        case int8 = 20
        case int4 = 23
        case text = 25
    }

    private(set) var bytes: [UInt8] = []
    private(set) var offsets: [Int] = []
    private(set) var lengths: [Int32] = []

    /// Number of parameters.
    var count: Int { offsets.count }

    init() {
        bytes.reserveCapacity(1 << 20)
    }

    /// Forgets the parameters, keeping the capacity.
    mutating func reset() {
        bytes.removeAll(keepingCapacity: true)
        offsets.removeAll(keepingCapacity: true)
        lengths.removeAll(keepingCapacity: true)
    }

    // MARK: Scalars

    /// A `text` parameter.
    mutating func append(_ text: String) {
        offsets.append(bytes.count)
        bytes.append(contentsOf: text.utf8)
        close()
    }

    /// A `bigint` parameter.
    mutating func append(_ value: Int64) {
        offsets.append(bytes.count)
        put(value)
        close()
    }

    /// An `integer` parameter.
    mutating func append(_ value: Int32) {
        offsets.append(bytes.count)
        put(value)
        close()
    }

    /// A `bytea` parameter.
    mutating func append(bytes value: [UInt8]) {
        offsets.append(bytes.count)
        bytes.append(contentsOf: value)
        close()
    }

    // MARK: Arrays

    /// A one-dimensional array parameter of `items.count` elements, each written by `element`.
    mutating func appendArray<C: Collection>(of type: ElementType, _ items: C,
                                             _ element: (inout PGParameters, C.Element) -> Void) {
        offsets.append(bytes.count)
        put(Int32(1))  // dimensions
        let flagsAt = bytes.count
        put(Int32(0))  // has-nulls flag, set below when an element was NULL
        put(Int32(bitPattern: type.rawValue))
        put(Int32(items.count))
        put(Int32(1))  // lower bound
        hadNull = false
        for item in items { element(&self, item) }
        if hadNull { bytes[flagsAt + 3] = 1 }
        close()
    }

    private var hadNull = false

    /// Array element: text.
    mutating func element(_ text: String) {
        put(Int32(text.utf8.count))
        bytes.append(contentsOf: text.utf8)
    }

    /// Array element: bytes.
    mutating func element(bytes value: [UInt8]) {
        put(Int32(value.count))
        bytes.append(contentsOf: value)
    }

    /// Array element: bigint, or NULL.
    mutating func element(_ value: Int64?) {
        guard let value else {
            put(Int32(-1))
            hadNull = true
            return
        }
        put(Int32(8))
        put(value)
    }

    /// Array element: integer.
    mutating func element(_ value: Int32) {
        put(Int32(4))
        put(value)
    }

    /// Array element: boolean.
    mutating func element(_ value: Bool) {
        put(Int32(1))
        bytes.append(value ? 1 : 0)
    }

    // MARK: Encoding

    private mutating func put<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.bigEndian) { bytes.append(contentsOf: $0) }
    }

    private mutating func close() {
        lengths.append(Int32(bytes.count - offsets[offsets.count - 1]))
    }
}
