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

/// An INT64 column from Avro `long` (or `int`).
final class Int64ColumnBuilder: AvroColumnBuilder {
    var source: AvroSource
    /// The source is an Avro `int` (32-bit) rather than a `long`.
    let narrowSource: Bool
    private(set) var values: [Int64?] = []

    init(source: AvroSource, narrowSource: Bool) {
        self.source = source
        self.narrowSource = narrowSource
    }

    var slotCount: Int { values.count }

    func decode(_ reader: inout AvroBinaryReader) throws(AvroDecodingError) {
        let start = reader.position
        do throws(AvroReadFailure) {
            if try source.readIsNull(&reader) { return values.append(nil) }
            values.append(narrowSource ? Int64(try reader.readInt()) : try reader.readLong())
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
        return .primitive(.int64s(values))
    }
}

/// A DOUBLE column from Avro `double` (or `float`); NaN and infinities are kept as they are.
final class DoubleColumnBuilder: AvroColumnBuilder {
    var source: AvroSource
    let narrowSource: Bool
    private(set) var values: [Double?] = []

    init(source: AvroSource, narrowSource: Bool) {
        self.source = source
        self.narrowSource = narrowSource
    }

    var slotCount: Int { values.count }

    func decode(_ reader: inout AvroBinaryReader) throws(AvroDecodingError) {
        let start = reader.position
        do throws(AvroReadFailure) {
            if try source.readIsNull(&reader) { return values.append(nil) }
            values.append(narrowSource ? Double(try reader.readFloat()) : try reader.readDouble())
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
        return .primitive(.doubles(values))
    }
}

/// A BOOLEAN column from Avro `boolean`.
final class BooleanColumnBuilder: AvroColumnBuilder {
    var source: AvroSource
    private(set) var values: [Bool?] = []

    init(source: AvroSource) { self.source = source }

    var slotCount: Int { values.count }

    func decode(_ reader: inout AvroBinaryReader) throws(AvroDecodingError) {
        let start = reader.position
        do throws(AvroReadFailure) {
            if try source.readIsNull(&reader) { return values.append(nil) }
            values.append(try reader.readBoolean())
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
        return .primitive(.booleans(values))
    }
}
