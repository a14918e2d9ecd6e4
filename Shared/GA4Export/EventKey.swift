import Crypto

/// `event_key`: the lowercase hex SHA-256 of the fields that make two export rows the same event, after dbt-ga4's
/// de-duplication (event date, stream, user pseudo id, session id, event name, event timestamp, and the parameters
/// regardless of their order). Rows with equal keys are duplicates; `SELECT DISTINCT`-style queries group on it.
///
/// The hashed bytes, so another implementation can reproduce the key exactly:
///
///     str(event_date) str(stream_id) str(user_pseudo_id) int(ga_session_id) str(event_name) int(event_timestamp)
///     u32(parameter count) and each parameter's bytes, the parameters sorted by those bytes (unsigned, shorter first
///     on a common prefix), a parameter being
///         str(key) then 0x00 when `value` is NULL, else 0x01 str(string_value) int(int_value) dbl(float_value)
///         dbl(double_value)
///
///     str(x): 0x00 for NULL, else 0x01, u32 byte length, the UTF-8 bytes
///     int(x): 0x00 for NULL, else 0x01, 8 bytes little-endian two's complement
///     dbl(x): 0x00 for NULL, else 0x01, the IEEE 754 bits as 8 bytes little-endian, every NaN as 0x7FF8000000000000
///     u32(x): 4 bytes little-endian
struct EventKeyEncoder {
    private var row: [UInt8] = []
    private var parameters: [UInt8] = []
    private var parameterRanges: [Range<Int>] = []

    static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    mutating func begin() {
        row.removeAll(keepingCapacity: true)
        parameters.removeAll(keepingCapacity: true)
        parameterRanges.removeAll(keepingCapacity: true)
    }

    mutating func string(_ value: ArraySlice<UInt8>?) { Self.string(value, into: &row) }
    mutating func int(_ value: Int64?) { Self.int(value, into: &row) }

    /// One parameter, in any order.
    mutating func parameter(key: ArraySlice<UInt8>?, value: (string: ArraySlice<UInt8>?, int: Int64?, float: Double?, double: Double?)?) {
        let start = parameters.count
        Self.string(key, into: &parameters)
        if let value {
            parameters.append(1)
            Self.string(value.string, into: &parameters)
            Self.int(value.int, into: &parameters)
            Self.double(value.float, into: &parameters)
            Self.double(value.double, into: &parameters)
        } else {
            parameters.append(0)
        }
        parameterRanges.append(start..<parameters.count)
    }

    /// The key as 64 lowercase hex digits.
    mutating func finish(into out: inout [UInt8]) {
        Self.u32(UInt32(parameterRanges.count), into: &row)
        let bytes = parameters
        parameterRanges.sort { bytes[$0].lexicographicallyPrecedes(bytes[$1]) }
        var hasher = SHA256()
        hasher.update(data: row)
        for range in parameterRanges { bytes[range].withUnsafeBytes { hasher.update(bufferPointer: $0) } }
        for byte in hasher.finalize() {
            out.append(Self.hexDigits[Int(byte >> 4)])
            out.append(Self.hexDigits[Int(byte & 0x0F)])
        }
    }

    private static func u32(_ value: UInt32, into out: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { out.append(contentsOf: $0) }
    }

    private static func string(_ value: ArraySlice<UInt8>?, into out: inout [UInt8]) {
        guard let value else { return out.append(0) }
        out.append(1)
        u32(UInt32(truncatingIfNeeded: value.count), into: &out)
        out.append(contentsOf: value)
    }

    private static func int(_ value: Int64?, into out: inout [UInt8]) {
        guard let value else { return out.append(0) }
        out.append(1)
        withUnsafeBytes(of: value.littleEndian) { out.append(contentsOf: $0) }
    }

    private static func double(_ value: Double?, into out: inout [UInt8]) {
        guard let value else { return out.append(0) }
        out.append(1)
        let bits = value.isNaN ? 0x7FF8_0000_0000_0000 : value.bitPattern
        withUnsafeBytes(of: bits.littleEndian) { out.append(contentsOf: $0) }
    }
}
