/// Bytes that do not decode as the schema says: which row of the block, which field, where, and why.
public struct AvroDecodingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The row's index in the block (0-based); with the block's first row number this names the row of a stream.
    public var row: Int
    /// The dotted field path (`event_params.value.int_value`); array items and map values add no segment.
    public var fieldPath: String
    /// The byte offset in the block where the failing value starts.
    public var byteOffset: Int
    public var failure: AvroReadFailure

    public init(row: Int, fieldPath: String, byteOffset: Int, failure: AvroReadFailure) {
        self.row = row
        self.fieldPath = fieldPath
        self.byteOffset = byteOffset
        self.failure = failure
    }

    public var description: String {
        "Avro row \(row), field \(fieldPath.isEmpty ? "(row)" : fieldPath), byte \(byteOffset): \(failure)"
    }
}

/// A block of rows that does not hold the number of rows it claims.
public struct AvroRowCountError: Error, Sendable, Equatable, CustomStringConvertible {
    public let expectedRows: Int
    public let decodedRows: Int
    /// Bytes left over after the last expected row (0 when the block ran out early).
    public let trailingBytes: Int

    public init(expectedRows: Int, decodedRows: Int, trailingBytes: Int) {
        self.expectedRows = expectedRows
        self.decodedRows = decodedRows
        self.trailingBytes = trailingBytes
    }

    public var description: String {
        trailingBytes > 0
            ? "Avro block of \(expectedRows) rows has \(trailingBytes) bytes after its last row"
            : "Avro block claims \(expectedRows) rows but ends after \(decodedRows)"
    }
}
