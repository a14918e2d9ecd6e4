/// The strings of one column for a batch of rows, laid out as Arrow lays out a string array: the UTF-8 bytes
/// of every value back to back, `count + 1` offsets into them (value `i` is `bytes[offsets[i]..<offsets[i + 1]]`),
/// and, when there are nulls, a validity bitmap (bit `i % 8` of byte `i / 8` set when value `i` is present).
///
/// A caller that decodes records into columns appends each value's bytes here and never allocates a `String`
/// per value; the writer reads the values in place.
///
///     var pages = ParquetStringColumn()
///     pages.append("https://example.com/")
///     pages.appendNull()
///     buffer.withUnsafeBytes { pages.append(utf8: $0) }   // checked to be UTF-8 when written
///     try writer.write(columns: [.utf8Column(pages), ...])
public struct ParquetStringColumn: Sendable, Equatable {
    public private(set) var bytes: [UInt8]
    public private(set) var offsets: [Int32]
    /// Nil while no value is null.
    public private(set) var validity: [UInt8]?

    public init() {
        bytes = []
        offsets = [0]
        validity = nil
    }

    /// Takes buffers built elsewhere (for example an Arrow string array's). Offsets must start at 0, never
    /// decrease and end at `bytes.count`; a bitmap, when given, must cover every value.
    public init(bytes: [UInt8], offsets: [Int32], validity: [UInt8]? = nil) throws(ParquetError) {
        guard let first = offsets.first, first == 0 else {
            throw .batchMismatch("string column offsets must start with 0")
        }
        guard Int(offsets[offsets.count - 1]) == bytes.count else {
            throw .batchMismatch(
                "string column offsets end at \(offsets[offsets.count - 1]), the bytes hold \(bytes.count)")
        }
        for index in 1..<offsets.count where offsets[index] < offsets[index - 1] {
            throw .batchMismatch("string column offset \(index) (\(offsets[index])) is below the one before it")
        }
        if let validity, validity.count * 8 < offsets.count - 1 {
            throw .batchMismatch(
                "string column validity bitmap of \(validity.count) bytes covers fewer than \(offsets.count - 1) values")
        }
        self.bytes = bytes
        self.offsets = offsets
        self.validity = validity
    }

    public var count: Int { offsets.count - 1 }

    public mutating func reserveCapacity(values: Int, bytes byteCount: Int) {
        offsets.reserveCapacity(values + 1)
        bytes.reserveCapacity(byteCount)
    }

    /// Appends a value given as bytes; they are checked to be UTF-8 when the column is written.
    public mutating func append(utf8 value: UnsafeRawBufferPointer) {
        bytes.append(contentsOf: value)
        appendEnd()
    }

    public mutating func append(_ value: String) {
        var value = value
        value.withUTF8 { bytes.append(contentsOf: $0) }
        appendEnd()
    }

    public mutating func appendNull() {
        if validity == nil {
            // Every value so far is present.
            let present = count
            var bitmap = [UInt8](repeating: 0xFF, count: present / 8)
            if present % 8 != 0 { bitmap.append(UInt8((1 << (present % 8)) - 1)) }
            validity = bitmap
        }
        let index = count
        if index % 8 == 0 { validity!.append(0) }
        offsets.append(offsets[offsets.count - 1])
    }

    /// Whether value `index` is present (not null).
    public func isPresent(_ index: Int) -> Bool {
        guard let validity else { return true }
        return validity[index >> 3] & (1 << (index & 7)) != 0
    }

    private mutating func appendEnd() {
        precondition(bytes.count <= Int(Int32.max), "a string column batch holds at most 2 GiB of text")
        let index = count
        if validity != nil {
            if index % 8 == 0 { validity!.append(0) }
            validity![index >> 3] |= 1 << (index & 7)
        }
        offsets.append(Int32(truncatingIfNeeded: bytes.count))
    }
}
