import BigQuery

/// The Avro row blocks of one stream of an export day from a row offset on: a Storage Read stream (which
/// resumes itself when the connection breaks), or `tabledata.list` pages from a start index.
protocol ExportBlockSource: AnyObject {
    func next() async throws -> AvroRowBlock?
}

/// A Storage Read stream.
final class StorageReadBlockSource: ExportBlockSource {
    private let stream: BigQueryRowStream

    init(client: BigQueryReadClient, stream: String, offset: Int64, expireTime: ProtobufTimestamp?) {
        self.stream = client.readRows(stream: stream, offset: offset, expireTime: expireTime)
    }

    func next() async throws -> AvroRowBlock? {
        try await stream.next()
    }
}

/// `tabledata.list` pages: the first from `startIndex`, the rest by page token.
final class TableDataBlockSource: ExportBlockSource {
    private let client: BigQueryTablesClient
    private let table: BigQueryTableReference
    private let schema: BigQueryTableSchema
    private var offset: Int64
    private var pageToken: String?
    private var finished = false

    init(client: BigQueryTablesClient, table: BigQueryTableReference, schema: BigQueryTableSchema, startIndex: Int64) {
        self.client = client
        self.table = table
        self.schema = schema
        offset = startIndex
    }

    func next() async throws -> AvroRowBlock? {
        while !finished {
            var page = try await client.listRows(table, schema: schema, pageToken: pageToken, startIndex: offset)
            pageToken = page.pageToken
            finished = pageToken == nil
            guard page.block.rowCount > 0 else { continue }
            page.block.offset = offset
            offset += page.block.rowCount
            return page.block
        }
        return nil
    }
}
