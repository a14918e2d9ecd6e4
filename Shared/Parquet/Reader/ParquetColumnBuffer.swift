/// An INT96 value as stored: nanoseconds within the day (8 bytes LE) then the Julian day (4 bytes LE), the form
/// Impala, Hive, Spark and Redshift use for legacy timestamps.
public struct ParquetInt96: Sendable, Equatable, Hashable, BitwiseCopyable {
    public var nanosecondsLow: UInt32
    public var nanosecondsHigh: UInt32
    public var julianDay: UInt32

    public init(nanosecondsOfDay: UInt64, julianDay: UInt32) {
        nanosecondsLow = UInt32(truncatingIfNeeded: nanosecondsOfDay)
        nanosecondsHigh = UInt32(truncatingIfNeeded: nanosecondsOfDay >> 32)
        self.julianDay = julianDay
    }

    public var nanosecondsOfDay: UInt64 { UInt64(nanosecondsHigh) << 32 | UInt64(nanosecondsLow) }

    /// Julian day number of 1970-01-01.
    static let unixEpochJulianDay: Int64 = 2_440_588

    /// Nanoseconds since the Unix epoch (UTC); wraps like the engines do for days far outside 1677...2262.
    public var nanosecondsSinceEpoch: Int64 {
        (Int64(julianDay) - Self.unixEpochJulianDay) &* 86_400_000_000_000 &+ Int64(bitPattern: nanosecondsOfDay)
    }
}

/// Variable-length values laid out as Arrow does: value `i` is `data[offsets[i]..<offsets[i + 1]]`.
public struct ParquetByteArrayValues: Sendable, Equatable {
    public var data: [UInt8]
    /// `count + 1` offsets, the first 0.
    public var offsets: [Int]

    public var count: Int { offsets.count - 1 }

    public subscript(index: Int) -> ArraySlice<UInt8> { data[offsets[index]..<offsets[index + 1]] }

    /// The value decoded as UTF-8 (invalid sequences replaced); the bytes themselves are in `data`.
    public func string(at index: Int) -> String { String(decoding: self[index], as: UTF8.self) }
}

/// Fixed-width byte strings (FIXED_LEN_BYTE_ARRAY): value `i` is `data[i*width..<(i+1)*width]`.
public struct ParquetFixedBytesValues: Sendable, Equatable {
    public var data: [UInt8]
    public var width: Int

    public var count: Int { width == 0 ? 0 : data.count / width }

    public subscript(index: Int) -> ArraySlice<UInt8> { data[index * width..<(index + 1) * width] }
}

/// The non-null values of one leaf column in a row group, in file order, typed by the physical type.
public enum ParquetLeafValues: Sendable, Equatable {
    case boolean([Bool])
    case int32([Int32])
    case int64([Int64])
    case int96([ParquetInt96])
    case float([Float])
    case double([Double])
    case byteArray(ParquetByteArrayValues)
    case fixedLenByteArray(ParquetFixedBytesValues)

    public var count: Int {
        switch self {
        case .boolean(let values): values.count
        case .int32(let values): values.count
        case .int64(let values): values.count
        case .int96(let values): values.count
        case .float(let values): values.count
        case .double(let values): values.count
        case .byteArray(let values): values.count
        case .fixedLenByteArray(let values): values.count
        }
    }
}

/// One leaf column of one row group, decoded: the values plus the levels that place them in records.
///
/// `values` holds only the present values. `definitionLevels` has one entry per level entry (a row of a flat
/// column; an element, empty list or null of a nested one) and is empty when the column's maximum definition
/// level is 0, in which case every entry is a value. An entry holds a value exactly when its definition level
/// equals `leaf.maxDefinitionLevel`. `repetitionLevels` is empty unless the column is inside a repeated field;
/// level 0 starts a new row.
public struct ParquetColumnBuffer: Sendable, Equatable {
    public var leaf: ParquetFileLeaf
    public var values: ParquetLeafValues
    public var definitionLevels: [UInt8]
    public var repetitionLevels: [UInt8]
    /// Level entries: values including nulls.
    public var levelCount: Int

    /// For a column outside any repeated field: whether each row holds a value (one entry per row).
    public var validity: [Bool] {
        if definitionLevels.isEmpty { return Array(repeating: true, count: levelCount) }
        let maximum = UInt8(leaf.maxDefinitionLevel)
        return definitionLevels.map { $0 == maximum }
    }

    public var nullCount: Int { levelCount - values.count }
}

extension ParquetColumnBuffer {
    /// No entries: what a page cursor holds between pages.
    public static func empty(_ leaf: ParquetFileLeaf) -> ParquetColumnBuffer {
        ParquetColumnBuffer(leaf: leaf, values: .boolean([]), definitionLevels: [], repetitionLevels: [], levelCount: 0)
    }
}
