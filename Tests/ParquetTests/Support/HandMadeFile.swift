@testable import Parquet

/// Parquet files assembled field by field for the reader's corrupt-input tests: one column `v`, pages given as
/// raw header and body bytes, so a test can make any size, count or encoding lie.
enum HandMadeFile {
    struct Page {
        var header: [UInt8]
        var body: [UInt8]
    }

    /// A page header; `dictionary` makes a DICTIONARY_PAGE, otherwise a DATA_PAGE (v1) with RLE levels.
    static func pageHeader(
        type: Int32 = 0, uncompressed: Int, compressed: Int, valueCount: Int, encoding: Int32 = 0
    ) -> [UInt8] {
        var writer = ThriftCompactWriter()
        writer.writeI32(1, type)
        writer.writeI32(2, Int32(truncatingIfNeeded: uncompressed))
        writer.writeI32(3, Int32(truncatingIfNeeded: compressed))
        writer.beginStruct(type == 2 ? 7 : 5)
        writer.writeI32(1, Int32(valueCount))
        writer.writeI32(2, encoding)
        if type != 2 {
            writer.writeI32(3, 3)
            writer.writeI32(4, 3)
        }
        writer.endStruct()
        writer.finish()
        return writer.bytes
    }

    /// A page whose header states the body's real sizes.
    static func page(type: Int32 = 0, body: [UInt8], valueCount: Int, encoding: Int32 = 0) -> Page {
        Page(header: pageHeader(type: type, uncompressed: body.count, compressed: body.count, valueCount: valueCount,
                                encoding: encoding), body: body)
    }

    /// PLAIN INT32 values.
    static func plainInt32(_ values: [Int32]) -> [UInt8] {
        values.flatMap { value in withUnsafeBytes(of: value.littleEndian) { Array($0) } }
    }

    /// A file holding `pages` as the only column chunk of one row group; physical type 1 is INT32; `repetition`
    /// 0 is required, 1 optional, 2 repeated.
    static func file(
        pages: [Page], rowCount: Int, valueCount: Int? = nil, physicalType: Int32 = 1, codec: Int32 = 0,
        dictionaryFirst: Bool = false, totalUncompressed: Int? = nil, repetition: Int32 = 0
    ) -> [UInt8] {
        var bytes = ParquetMagic.bytes
        let chunkStart = bytes.count
        for page in pages { bytes += page.header + page.body }
        let chunkLength = bytes.count - chunkStart
        let secondPage = chunkStart + (pages.first.map { $0.header.count + $0.body.count } ?? 0)
        var writer = ThriftCompactWriter()
        writer.writeI32(1, 1)
        writer.beginList(2, elementType: .structure, count: 2)
        writer.beginListStruct()
        writer.writeString(4, "schema")
        writer.writeI32(5, 1)
        writer.endStruct()
        writer.beginListStruct()
        writer.writeI32(1, physicalType)
        writer.writeI32(3, repetition)
        writer.writeString(4, "v")
        writer.endStruct()
        writer.writeI64(3, Int64(rowCount))
        writer.beginList(4, elementType: .structure, count: 1)
        writer.beginListStruct()
        writer.beginList(1, elementType: .structure, count: 1)
        writer.beginListStruct()
        writer.writeI64(2, 0)
        writer.beginStruct(3)
        writer.writeI32(1, physicalType)
        writer.beginList(2, elementType: .i32, count: 1)
        writer.writeListI32(0)
        writer.beginList(3, elementType: .binary, count: 1)
        writer.writeListBinary(Array("v".utf8))
        writer.writeI32(4, codec)
        writer.writeI64(5, Int64(valueCount ?? rowCount))
        writer.writeI64(6, Int64(totalUncompressed ?? chunkLength))
        writer.writeI64(7, Int64(chunkLength))
        writer.writeI64(9, Int64(dictionaryFirst ? secondPage : chunkStart))
        if dictionaryFirst { writer.writeI64(11, Int64(chunkStart)) }
        writer.endStruct()
        writer.endStruct()
        writer.writeI64(2, Int64(chunkLength))
        writer.writeI64(3, Int64(rowCount))
        writer.endStruct()
        writer.finish()
        let footer = writer.bytes
        bytes += footer
        bytes += withUnsafeBytes(of: UInt32(footer.count).littleEndian) { Array($0) }
        bytes += ParquetMagic.bytes
        return bytes
    }
}
