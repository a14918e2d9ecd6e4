/// `CompressionCodec` of parquet.thrift, as a reader meets it.
public enum ParquetCodec: Int32, Sendable, Equatable, CustomStringConvertible {
    case uncompressed = 0, snappy = 1, gzip = 2, lzo = 3, brotli = 4, lz4 = 5, zstd = 6, lz4Raw = 7

    public var description: String {
        switch self {
        case .uncompressed: "UNCOMPRESSED"
        case .snappy: "SNAPPY"
        case .gzip: "GZIP"
        case .lzo: "LZO"
        case .brotli: "BROTLI"
        case .lz4: "LZ4"
        case .zstd: "ZSTD"
        case .lz4Raw: "LZ4_RAW"
        }
    }
}

/// Footer statistics of one column chunk, as stored (PLAIN bytes, no length prefix for byte arrays).
public struct ParquetChunkStatistics: Sendable, Equatable {
    public var nullCount: Int64?
    public var minValue: [UInt8]?
    public var maxValue: [UInt8]?
}

/// `ColumnMetaData` of one column chunk.
public struct ParquetColumnChunkMetadata: Sendable, Equatable {
    public var path: [String]
    public var codec: ParquetCodec
    /// Encoding numbers as listed in the footer (parquet.thrift `Encoding`).
    public var encodings: [Int32]
    /// Level entries: values including nulls and empty lists.
    public var valueCount: Int
    public var totalCompressedSize: Int
    public var totalUncompressedSize: Int
    public var dataPageOffset: Int
    public var dictionaryPageOffset: Int?
    public var statistics: ParquetChunkStatistics?

    /// Where the chunk's first page starts. Some writers put 0 or the data page's offset in
    /// dictionary_page_offset when there is no dictionary; only an offset before the data pages counts.
    public var startOffset: Int {
        if let dictionaryPageOffset, dictionaryPageOffset > 0, dictionaryPageOffset < dataPageOffset { return dictionaryPageOffset }
        return dataPageOffset
    }
}

public struct ParquetRowGroupMetadata: Sendable, Equatable {
    public var rowCount: Int
    public var columns: [ParquetColumnChunkMetadata]
}

/// The decoded footer: schema, row groups and the file-level metadata.
public struct ParquetFileMetadata: Sendable, Equatable {
    public var version: Int
    public var schema: ParquetFileSchema
    public var rowCount: Int
    public var rowGroups: [ParquetRowGroupMetadata]
    public var keyValueMetadata: [ParquetKeyValue]
    public var createdBy: String?

    /// Decodes FileMetaData; `footerOffset` places errors in the file.
    init(footer: ThriftValue, footerOffset: Int) throws(ParquetError) {
        func fail(_ detail: String) -> ParquetError { .unreadable(.malformedMetadata, detail, fileOffset: footerOffset) }
        guard let elements = footer[2]?.list, let rowCount = footer[3]?.int, let rowGroups = footer[4]?.list else {
            throw fail("the footer misses schema, num_rows or row_groups")
        }
        do {
            schema = try ParquetFileSchema(elements: elements)
        } catch {
            throw error.located(rowGroup: nil, column: nil).at(offset: footerOffset)
        }
        guard rowCount >= 0, rowCount <= Int64(Int32.max) * 1024 else { throw fail("num_rows \(rowCount) is out of range") }
        version = Int(clamping: footer[1]?.int ?? 1)
        self.rowCount = Int(rowCount)
        createdBy = footer[6]?.string
        keyValueMetadata = (footer[5]?.list ?? []).compactMap { entry in
            guard let key = entry[1]?.string else { return nil }
            return ParquetKeyValue(key, entry[2]?.string ?? "")
        }
        var groups: [ParquetRowGroupMetadata] = []
        groups.reserveCapacity(rowGroups.count)
        let leaves = schema.leaves
        for (groupIndex, group) in rowGroups.enumerated() {
            guard let columns = group[1]?.list, let rows = group[3]?.int, rows >= 0, rows <= rowCount else {
                throw fail("row group \(groupIndex) misses its columns or has an invalid num_rows")
            }
            guard columns.count == leaves.count else {
                throw fail("row group \(groupIndex) has \(columns.count) column chunks for \(leaves.count) leaf columns")
            }
            var chunks: [ParquetColumnChunkMetadata] = []
            chunks.reserveCapacity(columns.count)
            for (columnIndex, column) in columns.enumerated() {
                let name = leaves[columnIndex].name
                guard let meta = column[3] else {
                    throw .unreadable(.unsupported, "column chunk without meta_data (encrypted or external)",
                                      fileOffset: footerOffset, rowGroup: groupIndex, column: name)
                }
                guard let codecRaw = meta[4]?.int, let valueCount = meta[5]?.int, let uncompressed = meta[6]?.int,
                    let compressed = meta[7]?.int, let dataOffset = meta[9]?.int
                else {
                    throw .unreadable(.malformedMetadata, "ColumnMetaData misses a required field",
                                      fileOffset: footerOffset, rowGroup: groupIndex, column: name)
                }
                guard let codec = Int32(exactly: codecRaw).flatMap(ParquetCodec.init(rawValue:)) else {
                    throw .unreadable(.unsupported, "unknown compression codec \(codecRaw)",
                                      fileOffset: footerOffset, rowGroup: groupIndex, column: name)
                }
                guard valueCount >= 0, uncompressed >= 0, compressed >= 0, dataOffset >= 0,
                    valueCount <= Int64(Int.max / 16), uncompressed <= Int64(Int.max / 4), compressed <= Int64(Int.max / 4),
                    dataOffset <= Int64(Int.max / 4)
                else {
                    throw .unreadable(.malformedMetadata, "negative or oversized sizes in ColumnMetaData",
                                      fileOffset: footerOffset, rowGroup: groupIndex, column: name)
                }
                var statistics: ParquetChunkStatistics?
                if let stats = meta[12] {
                    statistics = ParquetChunkStatistics(
                        nullCount: stats[3]?.int, minValue: stats[6]?.bytes ?? stats[2]?.bytes,
                        maxValue: stats[5]?.bytes ?? stats[1]?.bytes)
                }
                chunks.append(ParquetColumnChunkMetadata(
                    path: (meta[3]?.list ?? []).compactMap(\.string),
                    codec: codec,
                    encodings: (meta[2]?.list ?? []).compactMap { $0.int.flatMap { Int32(exactly: $0) } },
                    valueCount: Int(valueCount), totalCompressedSize: Int(compressed),
                    totalUncompressedSize: Int(uncompressed), dataPageOffset: Int(dataOffset),
                    dictionaryPageOffset: meta[11]?.int.flatMap { $0 >= 0 && $0 <= Int64(Int.max / 4) ? Int($0) : nil },
                    statistics: statistics))
            }
            groups.append(ParquetRowGroupMetadata(rowCount: Int(rows), columns: chunks))
        }
        self.rowGroups = groups
    }
}

extension ParquetError {
    /// The same failure with a file offset, when it had none.
    func at(offset: Int) -> ParquetError {
        guard case .unreadable(var failure) = self else { return self }
        failure.fileOffset = failure.fileOffset ?? offset
        return .unreadable(failure)
    }
}
