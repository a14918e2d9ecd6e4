import JSONText

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One page of `tabledata.list`, already converted to Avro binary rows.
public struct TableDataPage: Sendable, Equatable {
    /// The page's rows, as the Storage Read API would send them; `block.offset` is the first row's index.
    public var block: AvroRowBlock
    /// `totalRows` of the table (the API reports it with every page).
    public var totalRows: Int64
    /// The token of the next page; nil after the last.
    public var pageToken: String?

    public init(block: AvroRowBlock, totalRows: Int64, pageToken: String?) {
        self.block = block
        self.totalRows = totalRows
        self.pageToken = pageToken
    }

    /// Parses a `TableDataList` body, encoding its rows for `schema`; `firstRow` is the page's first row index.
    public init(decoding body: Data, schema: BigQueryTableSchema, firstRow: Int64) throws(TableDataPageError) {
        let encoder = AvroRowEncoder(schema: schema)
        let result: Result<TableDataPage, TableDataPageError> = body.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let bytes = raw.bindMemory(to: UInt8.self)
            var reader = JSONReader(bytes)
            var rows: [UInt8] = []
            var count = 0
            var totalRows: Int64 = 0
            var pageToken: String?
            do {
                var object = try reader.enterObject()
                while let member = try reader.nextMember(&object) {
                    if reader.matches(member, "rows") {
                        if try reader.readNullIfPresent() { continue }
                        var list = try reader.enterArray()
                        while try reader.nextElement(&list) {
                            try encoder.encodeRow(&reader, row: Int(firstRow) + count, into: &rows)
                            count += 1
                        }
                    } else if reader.matches(member, "totalRows") {
                        if reader.peekKind() == .string {
                            let token = try reader.readString()
                            totalRows = DecimalText.int64(reader.bytes, token.contentRange) ?? -1
                        } else {
                            totalRows = DecimalText.int64(reader.bytes, try reader.readNumber()) ?? -1
                        }
                    } else if reader.matches(member, "pageToken") {
                        if try !reader.readNullIfPresent() { pageToken = reader.string(try reader.readString()) }
                    } else {
                        _ = try reader.skipValue()
                    }
                }
                try reader.expectEnd("the page")
            } catch let error as AvroRowEncodingError {
                return .failure(.badRow(error))
            } catch {
                return .failure(.badResponse("\(error)"))
            }
            return .success(TableDataPage(
                block: AvroRowBlock(rows: rows, rowCount: Int64(count), offset: firstRow), totalRows: totalRows,
                pageToken: pageToken?.isEmpty == false ? pageToken : nil))
        }
        self = try result.get()
    }
}

/// Why a `tabledata.list` body could not be used.
public enum TableDataPageError: Error, Sendable, Equatable {
    /// Not the documented shape (not JSON, a wrong type), with the reader's detail.
    case badResponse(String)
    /// A row that does not fit the schema.
    case badRow(AvroRowEncodingError)
}
