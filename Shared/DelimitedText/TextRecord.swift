/// One record (row) as the readers deliver it: field bytes borrowed from the reader's buffer, valid only during
/// the callback that receives it, so no cell is ever allocated. Copy what you keep (`string(_:)`, `Array`).
public struct TextRecord {
    /// Physical line (1-based) on which the record starts, counting newlines inside quoted fields.
    public let line: Int
    /// Byte offset of the record's first byte in the decompressed input.
    public let offset: Int64
    /// Field `i` is `bytes[starts[i]..<ends[i]]`: end to end in a reader's buffer, or in place in the input
    /// (between delimiters and quotes) when the record needed no unescaping.
    @usableFromInline let bytes: UnsafePointer<UInt8>?
    @usableFromInline let starts: UnsafeBufferPointer<Int>
    @usableFromInline let ends: UnsafeBufferPointer<Int>
    @usableFromInline let flags: UnsafeBufferPointer<FieldFlags>

    public init(line: Int, offset: Int64, bytes: UnsafePointer<UInt8>?, starts: UnsafeBufferPointer<Int>, ends: UnsafeBufferPointer<Int>,
                flags: UnsafeBufferPointer<FieldFlags>) {
        self.line = line
        self.offset = offset
        self.bytes = bytes
        self.starts = starts
        self.ends = ends
        self.flags = flags
    }

    /// Number of fields in this record.
    @inlinable public var count: Int { ends.count }

    /// The bytes of field `index` (0-based), unescaped and unquoted.
    @inlinable
    public func field(_ index: Int) -> UnsafeBufferPointer<UInt8> {
        let start = starts[index]
        return UnsafeBufferPointer(start: bytes.map { $0 + start }, count: ends[index] - start)
    }

    /// The field was enclosed in quotes (so `""` can be told from an empty unquoted field).
    @inlinable public func isQuoted(_ index: Int) -> Bool { flags[index].contains(.quoted) }

    /// The source said null itself (JSON `null`, or a key missing from a JSON object); delimited text has no
    /// null of its own, only null markers the contract declares.
    @inlinable public func isNull(_ index: Int) -> Bool { flags[index].contains(.null) }

    /// The field held at least one escape sequence, so its bytes differ from the raw text (tells a null marker
    /// such as `\N` from the data `N`).
    @inlinable public func isEscaped(_ index: Int) -> Bool { flags[index].contains(.escaped) }

    /// Field `index` as a String (invalid UTF-8 replaced; the readers validate UTF-8 before records are delivered).
    public func string(_ index: Int) -> String { String(decoding: field(index), as: UTF8.self) }

    /// Every field as a String, for tests and error samples.
    public var strings: [String] { (0..<count).map { string($0) } }
}

/// Per-field facts a reader knows beyond the bytes.
public struct FieldFlags: OptionSet, Sendable {
    public let rawValue: UInt8
    @inlinable public init(rawValue: UInt8) { self.rawValue = rawValue }
    // Computed and inlinable, so a test per cell in another module is a bit test, not a global's accessor.
    @inlinable public static var quoted: FieldFlags { FieldFlags(rawValue: 1) }
    @inlinable public static var null: FieldFlags { FieldFlags(rawValue: 2) }
    @inlinable public static var escaped: FieldFlags { FieldFlags(rawValue: 4) }
}
