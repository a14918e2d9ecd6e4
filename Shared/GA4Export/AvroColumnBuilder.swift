import Avro
import Parquet

/// A column of the lake's table being filled straight from Avro rows, in Arrow's layout (values, validity and list
/// offsets per level): the hot path of the export, with no value tree per cell.
///
/// A builder knows where its Avro source sits (a nullable union or the plain type) and decodes one value of it at
/// the reader's position; `appendNull` stands in for a value the row does not have (a NULL, or a field the session
/// did not deliver). `truncate` drops the slots of a block that failed half-way, so a block is taken whole or not
/// at all; `take` hands the batch to the Parquet writer and starts the next.
protocol AvroColumnBuilder: AnyObject {
    /// Slots at this level: rows at the top, list elements further down.
    var slotCount: Int { get }
    func decode(_ reader: inout AvroBinaryReader) throws(AvroDecodingError)
    func appendNull()
    func truncate(to slots: Int)
    func take() -> ParquetNestedColumnValues
}

/// Where a field's values sit in the Avro rows.
struct AvroSource {
    /// The null branch of a `["null", T]` union (either order); nil when the field is the plain type.
    var nullIndex: Int?
    let path: String

    /// Reads the union branch, if any: true when the value is NULL.
    @inline(__always)
    func readIsNull(_ reader: inout AvroBinaryReader) throws(AvroReadFailure) -> Bool {
        guard let nullIndex else { return false }
        return try reader.readUnionBranch(of: 2) == nullIndex
    }

    func error(_ failure: AvroReadFailure, at offset: Int) -> AvroDecodingError {
        AvroDecodingError(row: 0, fieldPath: path, byteOffset: offset, failure: failure)
    }
}

/// Validity flags with their count of NULLs, so an all-present level hands over no flags at all.
struct ValidityFlags {
    private(set) var flags: [Bool] = []
    private(set) var nullCount = 0

    var count: Int { flags.count }

    @inline(__always)
    mutating func append(_ present: Bool) {
        flags.append(present)
        if !present { nullCount &+= 1 }
    }

    mutating func truncate(to count: Int) {
        guard count < flags.count else { return }
        nullCount -= flags[count...].lazy.filter { !$0 }.count
        flags.removeLast(flags.count - count)
    }

    /// The flags for a batch (nil when nothing is NULL), and a fresh start.
    mutating func take() -> [Bool]? {
        defer { flags = []; nullCount = 0 }
        return nullCount == 0 ? nil : flags
    }
}
