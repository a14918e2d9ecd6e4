import Avro
import Parquet

/// A STRING column: UTF-8 bytes back to back with offsets, checked to be UTF-8 as they are decoded so a bad
/// string is reported with its row and field.
final class StringColumnBuilder: AvroColumnBuilder {
    var source: AvroSource
    private(set) var bytes: [UInt8] = []
    private(set) var offsets: [Int32] = [0]
    private var validity = ValidityFlags()

    init(source: AvroSource) { self.source = source }

    var slotCount: Int { offsets.count - 1 }
    var byteCount: Int { bytes.count }

    func decode(_ reader: inout AvroBinaryReader) throws(AvroDecodingError) {
        let start = reader.position
        do throws(AvroReadFailure) {
            if try source.readIsNull(&reader) { return appendNull() }
            let range = try reader.readLengthPrefixed()
            let value = UnsafeRawBufferPointer(rebasing: reader.bytes[range])
            if let offset = UTF8Validation.firstInvalidOffset(value) { throw .invalidUTF8(byteOffset: offset) }
            append(value)
        } catch {
            throw source.error(error, at: start)
        }
    }

    @inline(__always)
    func append(_ value: UnsafeRawBufferPointer) {
        bytes.append(contentsOf: value)
        offsets.append(Int32(truncatingIfNeeded: bytes.count))
        validity.append(true)
    }

    func appendNull() {
        offsets.append(offsets[offsets.count - 1])
        validity.append(false)
    }

    /// The bytes of slot `slot`, nil when NULL.
    func value(at slot: Int) -> ArraySlice<UInt8>? {
        let start = Int(offsets[slot])
        let end = Int(offsets[slot + 1])
        if start == end, validity.nullCount > 0, !validity.flags[slot] { return nil }
        return bytes[start..<end]
    }

    func truncate(to slots: Int) {
        guard slots < slotCount else { return }
        bytes.removeLast(bytes.count - Int(offsets[slots]))
        offsets.removeLast(offsets.count - 1 - slots)
        validity.truncate(to: slots)
    }

    func take() -> ParquetNestedColumnValues {
        let flags = validity.take()
        var bitmap: [UInt8]?
        if let flags {
            var map = [UInt8](repeating: 0, count: (flags.count + 7) / 8)
            for (index, present) in flags.enumerated() where present { map[index >> 3] |= 1 << (index & 7) }
            bitmap = map
        }
        // The offsets start at 0, never decrease and end at the byte count: the check cannot fail.
        let column = try! ParquetStringColumn(bytes: bytes, offsets: offsets, validity: bitmap)
        bytes = []
        offsets = [0]
        return .primitive(.utf8Column(column))
    }
}

/// A value a fixed-width column holds, and how it is read from its Avro source.
protocol AvroFixedWidthValue {
    /// Reads one value; `narrow` when the source is the 32-bit Avro type (`int` for a long, `float` for a double).
    static func read(_ reader: inout AvroBinaryReader, narrow: Bool) throws(AvroReadFailure) -> Self
    static func columnValues(_ values: [Self?]) -> ParquetColumnValues
}

extension Int64: AvroFixedWidthValue {
    @inline(__always)
    static func read(_ reader: inout AvroBinaryReader, narrow: Bool) throws(AvroReadFailure) -> Int64 {
        narrow ? Int64(try reader.readInt()) : try reader.readLong()
    }

    static func columnValues(_ values: [Int64?]) -> ParquetColumnValues { .int64s(values) }
}

/// NaN and infinities are kept as they are.
extension Double: AvroFixedWidthValue {
    @inline(__always)
    static func read(_ reader: inout AvroBinaryReader, narrow: Bool) throws(AvroReadFailure) -> Double {
        narrow ? Double(try reader.readFloat()) : try reader.readDouble()
    }

    static func columnValues(_ values: [Double?]) -> ParquetColumnValues { .doubles(values) }
}

extension Bool: AvroFixedWidthValue {
    @inline(__always)
    static func read(_ reader: inout AvroBinaryReader, narrow: Bool) throws(AvroReadFailure) -> Bool {
        try reader.readBoolean()
    }

    static func columnValues(_ values: [Bool?]) -> ParquetColumnValues { .booleans(values) }
}

/// An INT64, DOUBLE or BOOLEAN column from Avro `long`/`int`, `double`/`float` or `boolean`.
final class FixedWidthColumnBuilder<Value: AvroFixedWidthValue>: AvroColumnBuilder {
    var source: AvroSource
    /// The source is the 32-bit Avro type.
    let narrowSource: Bool
    private(set) var values: [Value?] = []

    init(source: AvroSource, narrowSource: Bool = false) {
        self.source = source
        self.narrowSource = narrowSource
    }

    var slotCount: Int { values.count }

    func decode(_ reader: inout AvroBinaryReader) throws(AvroDecodingError) {
        let start = reader.position
        do throws(AvroReadFailure) {
            if try source.readIsNull(&reader) { return values.append(nil) }
            values.append(try Value.read(&reader, narrow: narrowSource))
        } catch {
            throw source.error(error, at: start)
        }
    }

    func appendNull() { values.append(nil) }

    func truncate(to slots: Int) {
        if slots < values.count { values.removeLast(values.count - slots) }
    }

    func take() -> ParquetNestedColumnValues {
        defer { values = [] }
        return .primitive(Value.columnValues(values))
    }
}

typealias Int64ColumnBuilder = FixedWidthColumnBuilder<Int64>
typealias DoubleColumnBuilder = FixedWidthColumnBuilder<Double>
typealias BooleanColumnBuilder = FixedWidthColumnBuilder<Bool>
