/// The reusable storage one record is assembled in: field bytes end to end, the end offset of each field, and
/// each field's flags. Cleared (capacity kept) after every record, so steady-state reading allocates nothing.
/// Public so that readers of other formats (Parquet rows rendered as text) hand records to the same consumers.
public struct RecordBuffer {
    var bytes: [UInt8] = []
    var starts: [Int] = []
    var ends: [Int] = []
    var flags: [FieldFlags] = []
    var currentFlags: FieldFlags = []

    public init() {
        bytes.reserveCapacity(4096)
        starts.reserveCapacity(64)
        ends.reserveCapacity(64)
        flags.reserveCapacity(64)
    }

    var isEmpty: Bool { bytes.isEmpty && ends.isEmpty }

    mutating func endField() {
        starts.append(ends.last ?? 0)
        ends.append(bytes.count)
        flags.append(currentFlags)
        currentFlags = []
    }

    /// Appends one whole field.
    public mutating func appendField(_ field: UnsafeBufferPointer<UInt8>, flags: FieldFlags = []) {
        bytes.append(contentsOf: field)
        currentFlags = flags
        endField()
    }

    /// Appends bytes to the field being assembled (`endField(flags:)` closes it).
    public mutating func append(_ field: UnsafeBufferPointer<UInt8>) { bytes.append(contentsOf: field) }

    public mutating func append(_ byte: UInt8) { bytes.append(byte) }

    public mutating func endField(flags: FieldFlags) {
        currentFlags = flags
        endField()
    }

    public mutating func clear() {
        bytes.removeAll(keepingCapacity: true)
        starts.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
        flags.removeAll(keepingCapacity: true)
        currentFlags = []
    }

    /// Hands the record to `body` as a `TextRecord` borrowing this storage.
    public func withRecord<R>(line: Int, offset: Int64, _ body: (TextRecord) throws -> R) rethrows -> R {
        try bytes.withUnsafeBufferPointer { bytes in
            try starts.withUnsafeBufferPointer { starts in
                try ends.withUnsafeBufferPointer { ends in
                    try flags.withUnsafeBufferPointer { flags in
                        try body(TextRecord(line: line, offset: offset, bytes: bytes.baseAddress, starts: starts, ends: ends, flags: flags))
                    }
                }
            }
        }
    }
}
