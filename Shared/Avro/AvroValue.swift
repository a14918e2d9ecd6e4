/// One decoded Avro value as a tree: for tests, debugging and small tables. The bulk path decodes straight into
/// column builders (GA4Export) instead of building one of these per cell.
public indirect enum AvroValue: Sendable, Equatable {
    case null
    case boolean(Bool)
    case int(Int32)
    case long(Int64)
    case float(Float)
    case double(Double)
    case bytes([UInt8])
    case string(String)
    /// A record's field values, in schema order.
    case record([AvroValue])
    case enumeration(index: Int, symbol: String)
    case array([AvroValue])
    /// Entries in the order written (Avro maps may repeat a key).
    case map([(String, AvroValue)])
    case fixed([UInt8])

    public static func == (lhs: AvroValue, rhs: AvroValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): true
        case (.boolean(let a), .boolean(let b)): a == b
        case (.int(let a), .int(let b)): a == b
        case (.long(let a), .long(let b)): a == b
        // Bit patterns, so NaN equals the same NaN and -0.0 differs from 0.0.
        case (.float(let a), .float(let b)): a.bitPattern == b.bitPattern
        case (.double(let a), .double(let b)): a.bitPattern == b.bitPattern
        case (.bytes(let a), .bytes(let b)), (.fixed(let a), .fixed(let b)): a == b
        case (.string(let a), .string(let b)): a == b
        case (.record(let a), .record(let b)), (.array(let a), .array(let b)): a == b
        case (.enumeration(let a, _), .enumeration(let b, _)): a == b
        case (.map(let a), .map(let b)): a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: false
        }
    }
}
