/// `PageHeader` of parquet.thrift for the two page kinds this writer emits: data page v1 and the dictionary page.
///
/// Page sizes exclude the header itself; the column chunk totals include it.
enum PageHeader {
    /// A data page v1 header. `valueCount` counts nulls too; levels always declare RLE.
    static func dataPage(
        uncompressedSize: Int, compressedSize: Int, valueCount: Int, encoding: Encoding, into buffer: ByteBuffer
    ) {
        var writer = ThriftCompactWriter(buffer: buffer)
        writer.writeI32(1, PageType.dataPage.rawValue)
        writer.writeI32(2, Int32(uncompressedSize))
        writer.writeI32(3, Int32(compressedSize))
        writer.beginStruct(5)
        writer.writeI32(1, Int32(valueCount))
        writer.writeI32(2, encoding.rawValue)
        writer.writeI32(3, Encoding.rle.rawValue)  // definition levels
        writer.writeI32(4, Encoding.rle.rawValue)  // repetition levels: required field even when absent
        writer.endStruct()
        writer.finish()
    }

    /// A dictionary page header: the body is the PLAIN-encoded dictionary entries.
    static func dictionaryPage(uncompressedSize: Int, compressedSize: Int, entryCount: Int, into buffer: ByteBuffer) {
        var writer = ThriftCompactWriter(buffer: buffer)
        writer.writeI32(1, PageType.dictionaryPage.rawValue)
        writer.writeI32(2, Int32(uncompressedSize))
        writer.writeI32(3, Int32(compressedSize))
        writer.beginStruct(7)
        writer.writeI32(1, Int32(entryCount))
        writer.writeI32(2, Encoding.plain.rawValue)
        writer.endStruct()
        writer.finish()
    }
}
