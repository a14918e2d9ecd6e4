import Foundation
import Parquet
import S3ParquetSource
import Testing

@testable import AWS

/// Ranged reads of one object version against moto, through every way the functions use them: async reads,
/// blocking reads and in-order chunks from a thread of their own (MySQLUpsert's part files), and a Parquet file
/// read through `S3ParquetSource` (S3Validation's and MySQLUpsert's Parquet uploads). Exact bytes, counted
/// requests, a range outside the object refused, and an overwrite between ranges caught by If-Match.
@Suite(.enabled(if: AWSTestEnvironment.isAvailable, "needs scripts/services/moto.sh"))
struct S3ObjectRangeReaderTests {
    static func bucket(_ s3: S3Client) async throws -> String {
        let bucket = AWSTestEnvironment.uniqueName("ranged")
        try await AWSTestEnvironment.createBucket(bucket, configuration: s3.client.configuration)
        return bucket
    }

    static func put(_ s3: S3Client, _ bucket: String, _ key: String, _ body: [UInt8]) async throws -> String {
        try await s3.putObject(bucket: bucket, key: key, body: .data(Data(body)), options: S3PutOptions(contentType: "application/octet-stream")).eTag
    }

    @Test func readsRangesOfOneVersionAndCatchesAnOverwrite() async throws {
        let s3 = S3Client(configuration: try AWSTestEnvironment.configuration(), http: AWSTestEnvironment.http)
        let bucket = try await Self.bucket(s3)
        let body = (0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 8) }
        let eTag = try await Self.put(s3, bucket, "data/file.bin", body)
        let reader = S3ObjectRangeReader(s3: s3, bucket: bucket, key: "data/file.bin", eTag: eTag, size: body.count)

        #expect(try await reader.read(offset: body.count - 8, count: 8) == Array(body.suffix(8)))
        #expect(try await reader.read(offset: 0, count: 4) == Array(body.prefix(4)))
        #expect(try await reader.read(offset: 1200, count: 100) == Array(body[1200..<1300]))
        #expect(try await reader.read(offset: 5, count: 0) == [])
        #expect(reader.requestCount == 3)
        #expect(reader.bytesFetched == 8 + 4 + 100)
        do {
            _ = try await reader.read(offset: body.count - 10, count: 11)
            Issue.record("a range past the end was served")
        } catch {
            #expect(error.code == "InvalidRange")
        }

        _ = try await Self.put(s3, bucket, "data/file.bin", body.reversed())
        do {
            _ = try await reader.read(offset: 50_000, count: 100)
            Issue.record("a range of the replaced version was served")
        } catch {
            #expect(error.status == 412)
            #expect(error.objectChanged)
        }
    }

    @Test func blockingReadsAndChunksServeThreadsOfTheirOwn() async throws {
        let s3 = S3Client(configuration: try AWSTestEnvironment.configuration(), http: AWSTestEnvironment.http)
        let bucket = try await Self.bucket(s3)
        let body = (0..<100_003).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 3) }
        let eTag = try await Self.put(s3, bucket, "part/0000_part_00", body)
        let reader = S3ObjectRangeReader(s3: s3, bucket: bucket, key: "part/0000_part_00", eTag: eTag, size: body.count)

        let (middle, pieces) = try await BlockingBridge.run { () throws -> ([UInt8], [[UInt8]]) in
            let middle = try reader.blockingRead(offset: 40_000, count: 1000)
            var chunks = reader.chunks(of: 32 << 10)
            var pieces: [[UInt8]] = []
            while let piece = try chunks.next() { pieces.append(piece) }
            return (middle, pieces)
        }
        #expect(middle == Array(body[40_000..<41_000]))
        #expect(pieces.map(\.count) == [32_768, 32_768, 32_768, 1699])
        #expect(Array(pieces.joined()) == body)
        #expect(reader.requestCount == 5)

        // Deleted since the HEAD: the blocking read says the object changed too.
        try await s3.deleteObject(bucket: bucket, key: "part/0000_part_00")
        let failure = try await BlockingBridge.run { () -> AWSError? in
            do {
                _ = try reader.blockingRead(offset: 0, count: 10)
                return nil
            } catch let error as AWSError {
                return error
            }
        }
        #expect(failure?.objectChanged == true)
    }

    @Test func aParquetFileIsReadByItsTailAndItsColumnsPages() async throws {
        let s3 = S3Client(configuration: try AWSTestEnvironment.configuration(), http: AWSTestEnvironment.http)
        let bucket = try await Self.bucket(s3)
        let sink = MemorySink()
        var options = ParquetWriterOptions()
        options.dataPageByteLimit = 4096
        let writer = try ParquetWriter(
            schema: try ParquetSchema([ParquetColumn("id", .int64, optional: false), ParquetColumn("name", .string)]), options: options, sink: sink)
        for row in 0..<20_000 { try writer.write(row: [.int64(Int64(row)), row % 5 == 0 ? nil : .string("name-\(row)")]) }
        try writer.close()
        let eTag = try await Self.put(s3, bucket, "uploads/orders.parquet", sink.bytes)
        let reader = S3ObjectRangeReader(s3: s3, bucket: bucket, key: "uploads/orders.parquet", eTag: eTag, size: sink.bytes.count)

        let source = S3ParquetSource(object: reader, tailBytes: 4096)
        let (ids, names) = try await BlockingBridge.run { () throws -> ([Int64], Int) in
            let file = try ParquetReader(source: source)
            var ids: [Int64] = []
            var names = 0
            // Only `id` is read: its chunk's pages, not `name`'s.
            try file.forEachRow(columns: ["id"]) { row in
                if case .int64(let id)? = row["id"] { ids.append(id) }
                if row["name"] != nil { names += 1 }
            }
            return (ids, names)
        }
        #expect(ids == (0..<20_000).map(Int64.init))
        #expect(names == 0)
        #expect(source.storageError == nil)
        let idChunk = try ParquetReader(bytes: sink.bytes).metadata.rowGroups[0].columns[0]
        // The head magic, the tail (footer length, footer, end magic) once, then the `id` chunk's stored bytes.
        #expect(reader.requestCount == 3)
        #expect(reader.bytesFetched == 4 + 4096 + idChunk.totalCompressedSize)
    }
}
