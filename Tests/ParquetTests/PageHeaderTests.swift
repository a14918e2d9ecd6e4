import Testing
@testable import Parquet

@Suite struct PageHeaderTests {
    @Test func dataPageHeaderMatchesTheGoldenFile() {
        // golden_tiny.txt @34: DATA_PAGE, 9 bytes, 3 values, RLE_DICTIONARY, RLE levels.
        let buffer = ByteBuffer()
        PageHeader.dataPage(uncompressedSize: 9, compressedSize: 9, valueCount: 3, encoding: .rleDictionary, into: buffer)
        #expect(buffer.array == [0x15, 0x00, 0x15, 0x12, 0x15, 0x12, 0x2C, 0x15, 0x06, 0x15, 0x10, 0x15, 0x06, 0x15, 0x06, 0x00, 0x00])
    }

    @Test func dictionaryPageHeaderMatchesTheGoldenFile() {
        // golden_tiny.txt @4: DICTIONARY_PAGE, 17 bytes, 2 entries, PLAIN.
        let buffer = ByteBuffer()
        PageHeader.dictionaryPage(uncompressedSize: 17, compressedSize: 17, entryCount: 2, into: buffer)
        #expect(buffer.array == [0x15, 0x04, 0x15, 0x22, 0x15, 0x22, 0x4C, 0x15, 0x04, 0x15, 0x00, 0x00, 0x00])
    }

    @Test func largeSizesDecodeBack() throws {
        let buffer = ByteBuffer()
        PageHeader.dataPage(
            uncompressedSize: 1_048_576, compressedSize: 524_289, valueCount: 250_000, encoding: .plain, into: buffer)
        var reader = ThriftCompactReader(buffer.array)
        let header = try reader.structure()
        #expect(header[1]?.int == 0)
        #expect(header[2]?.int == 1_048_576)
        #expect(header[3]?.int == 524_289)
        #expect(header[5]?[1]?.int == 250_000)
        #expect(header[5]?[2]?.int == 0)
        #expect(header[5]?[3]?.int == 3)
        #expect(header[5]?[4]?.int == 3)
        #expect(reader.position == buffer.count)
    }
}
