/// The footer structures of parquet.thrift that this writer fills: FileMetaData, RowGroup, ColumnChunk,
/// ColumnMetaData, SchemaElement, KeyValue and ColumnOrder.
struct ColumnChunkMetaData {
    var physicalType: PhysicalType
    var encodings: [Encoding]
    /// `path_in_schema`: the field names from the root's child down to the leaf.
    var path: [String]
    var codec: ParquetCompression
    /// Values including nulls.
    var valueCount: Int64
    /// Page headers included.
    var totalUncompressedSize: Int64
    var totalCompressedSize: Int64
    var dataPageOffset: Int64
    var dictionaryPageOffset: Int64?
    var statistics: ColumnStatistics

    func encode(into writer: inout ThriftCompactWriter) {
        writer.beginListStruct()  // ColumnChunk
        writer.writeI64(2, 0)  // file_offset: 0 when no metadata is written outside the footer
        writer.beginStruct(3)  // meta_data
        writer.writeI32(1, physicalType.rawValue)
        writer.beginList(2, elementType: .i32, count: encodings.count)
        for encoding in encodings { writer.writeListI32(encoding.rawValue) }
        writer.beginList(3, elementType: .binary, count: path.count)
        for name in path { writer.writeListBinary(Array(name.utf8)) }
        writer.writeI32(4, codec.thriftValue)
        writer.writeI64(5, valueCount)
        writer.writeI64(6, totalUncompressedSize)
        writer.writeI64(7, totalCompressedSize)
        writer.writeI64(9, dataPageOffset)
        if let dictionaryPageOffset { writer.writeI64(11, dictionaryPageOffset) }
        writer.beginStruct(12)
        statistics.encode(into: &writer)
        writer.endStruct()
        writer.endStruct()  // meta_data
        writer.endStruct()  // ColumnChunk
    }
}

struct RowGroupMetaData {
    var columns: [ColumnChunkMetaData]
    var rowCount: Int64
    /// Offset of the first page of the first column.
    var fileOffset: Int64
    var ordinal: Int16

    var totalUncompressedSize: Int64 { columns.reduce(0) { $0 + $1.totalUncompressedSize } }
    var totalCompressedSize: Int64 { columns.reduce(0) { $0 + $1.totalCompressedSize } }

    func encode(into writer: inout ThriftCompactWriter) {
        writer.beginListStruct()
        writer.beginList(1, elementType: .structure, count: columns.count)
        for column in columns { column.encode(into: &writer) }
        writer.writeI64(2, totalUncompressedSize)
        writer.writeI64(3, rowCount)
        writer.writeI64(5, fileOffset)
        writer.writeI64(6, totalCompressedSize)
        writer.writeI16(7, ordinal)
        writer.endStruct()
    }
}

struct FileMetaData {
    /// The schema below the root, depth first.
    var schema: [FooterSchemaElement]
    var rowCount: Int64
    var rowGroups: [RowGroupMetaData]
    var keyValueMetadata: [(key: String, value: String)]
    var createdBy: String

    func encode(into buffer: ByteBuffer) {
        var writer = ThriftCompactWriter(buffer: buffer)
        writer.writeI32(1, 1)  // version: "writers should always populate 1"
        writer.beginList(2, elementType: .structure, count: schema.count + 1)
        writer.beginListStruct()  // root
        writer.writeString(4, "schema")
        writer.writeI32(5, Int32(FooterSchemaElement.topLevelCount(schema)))
        writer.endStruct()
        for element in schema { element.encode(into: &writer) }
        writer.writeI64(3, rowCount)
        writer.beginList(4, elementType: .structure, count: rowGroups.count)
        for rowGroup in rowGroups { rowGroup.encode(into: &writer) }
        if !keyValueMetadata.isEmpty {
            writer.beginList(5, elementType: .structure, count: keyValueMetadata.count)
            for entry in keyValueMetadata {
                writer.beginListStruct()
                writer.writeString(1, entry.key)
                writer.writeString(2, entry.value)
                writer.endStruct()
            }
        }
        writer.writeString(6, createdBy)
        // TYPE_ORDER for every leaf; without it Arrow ignores min_value/max_value of strings.
        let leafCount = schema.reduce(0) { $0 + ($1.isLeaf ? 1 : 0) }
        writer.beginList(7, elementType: .structure, count: leafCount)
        for _ in 0..<leafCount {
            writer.beginListStruct()
            writer.writeEmptyStruct(1)
            writer.endStruct()
        }
        writer.finish()
    }
}
