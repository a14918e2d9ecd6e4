/// Limits that keep a hostile or corrupt file from taking the process's memory: a page or chunk that claims
/// more is refused with `ParquetReadFailure.Kind.limitExceeded` before anything is allocated for it.
public struct ParquetReaderOptions: Sendable, Equatable {
    /// Largest uncompressed page body accepted (a page is also capped by its column chunk's uncompressed size).
    public var maximumPageBytes: Int = 512 << 20
    /// Most level entries (values including nulls) accepted in one column chunk.
    public var maximumValuesPerColumnChunk: Int = 1 << 30
    /// Most bytes one column chunk may decode to (values, offsets and byte-array data); a dictionary page lets a
    /// tiny chunk expand enormously, so this is checked as the buffers grow.
    public var maximumDecodedColumnBytes: Int = 4 << 30
    /// Largest footer accepted.
    public var maximumFooterBytes: Int = 256 << 20
    /// Largest column chunk (compressed, as stored) accepted.
    public var maximumColumnChunkBytes: Int = 2 << 30
    /// Most bytes a streaming read (`ParquetReader.rowGroupPages`, `forEachRow`) holds at once across its
    /// columns: each column's window of stored bytes, its current page decompressed and decoded, and its
    /// dictionary. Common writers' pages are about 1 MiB, so a few MiB per column is typical.
    public var maximumBufferedBytes: Int = 256 << 20
    /// Stored bytes a streaming read fetches for all its columns together at a time; each column reads
    /// windows of this divided among the columns (at least 1 KiB, at most 8 MiB, and at least one page).
    public var readAheadBytes: Int = 16 << 20

    /// Entries a streaming read decodes from a data page at a time: a page of many small values (dictionary
    /// indices in long runs) is read in parts of this many, so decoded values stay small whatever the page holds.
    public var valuesPerSlice: Int = 8192

    public init() {}

    /// The window one of `columns` columns reads its stored bytes in.
    func windowBytes(columns: Int) -> Int {
        min(max(readAheadBytes / max(columns, 1), 1 << 10), 8 << 20)
    }
}
