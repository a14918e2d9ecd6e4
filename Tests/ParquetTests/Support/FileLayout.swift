import Testing
@testable import Parquet

/// One page as found by walking a column chunk from its first page.
struct PageInFile {
    let offset: Int
    let header: ThriftValue
    let headerLength: Int
    let body: [UInt8]

    var type: Int64 { header[1]!.int! }
    var valueCount: Int64 { (header[5] ?? header[7])![1]!.int! }
    var encoding: Int64 { (header[5] ?? header[7])![2]!.int! }
}

/// Walks every column chunk of `file` through its page headers and checks that the footer's offsets and
/// sizes agree with what is really there. Returns the pages per row group and column.
func walkPages(_ file: [UInt8]) throws -> [[[PageInFile]]] {
    let footer = try parquetFooter(file)
    var result: [[[PageInFile]]] = []
    for rowGroup in footer[4]!.list! {
        var columns: [[PageInFile]] = []
        var rowGroupCompressed: Int64 = 0
        var rowGroupUncompressed: Int64 = 0
        for (columnIndex, chunk) in rowGroup[1]!.list!.enumerated() {
            #expect(chunk[2]?.int == 0, "ColumnChunk.file_offset")
            let metadata = chunk[3]!
            let dictionaryOffset = metadata[11]?.int
            let dataOffset = metadata[9]!.int!
            let start = Int(dictionaryOffset ?? dataOffset)
            if columnIndex == 0 { #expect(rowGroup[5]?.int == Int64(start), "RowGroup.file_offset") }
            let end = start + Int(metadata[7]!.int!)
            var position = start
            var pages: [PageInFile] = []
            var uncompressed: Int64 = 0
            var values: Int64 = 0
            while position < end {
                var reader = ThriftCompactReader(file, at: position)
                let header = try reader.structure()
                let headerLength = reader.position - position
                let compressedSize = Int(header[3]!.int!)
                let body = Array(file[reader.position..<reader.position + compressedSize])
                let page = PageInFile(offset: position, header: header, headerLength: headerLength, body: body)
                if page.type == 2 {
                    #expect(pages.isEmpty, "dictionary page must come first")
                    #expect(Int64(position) == dictionaryOffset)
                } else {
                    if pages.allSatisfy({ $0.type == 2 }) { #expect(Int64(position) == dataOffset) }
                    values += page.valueCount
                }
                uncompressed += Int64(headerLength) + header[2]!.int!
                pages.append(page)
                position = reader.position + compressedSize
            }
            #expect(position == end, "chunk ends exactly at total_compressed_size")
            #expect(metadata[6]?.int == uncompressed, "total_uncompressed_size includes headers")
            #expect(metadata[5]?.int == values, "num_values counts every value, nulls too")
            #expect((dictionaryOffset != nil) == (pages.first?.type == 2))
            rowGroupCompressed += metadata[7]!.int!
            rowGroupUncompressed += uncompressed
            columns.append(pages)
        }
        #expect(rowGroup[6]?.int == rowGroupCompressed)
        #expect(rowGroup[2]?.int == rowGroupUncompressed)
        result.append(columns)
    }
    return result
}
