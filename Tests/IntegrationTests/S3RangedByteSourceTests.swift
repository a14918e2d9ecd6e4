import Foundation
import Testing

@testable import AWS

/// Ranged reads of one object version against moto: exact bytes from kept and replaced blocks, no request for
/// a range already held, a read of an unfetched range refused, and an overwrite between ranges caught by If-Match.
@Suite(.enabled(if: AWSTestEnvironment.isAvailable, "needs scripts/services/moto.sh"))
struct S3RangedByteSourceTests {
    @Test func readsRangesOfOneVersionAndCatchesAnOverwrite() async throws {
        let s3 = S3Client(configuration: try AWSTestEnvironment.configuration(), http: AWSTestEnvironment.http)
        let bucket = AWSTestEnvironment.uniqueName("ranged")
        try await AWSTestEnvironment.createBucket(bucket, configuration: s3.client.configuration)
        let body = (0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 8) }
        let put = try await s3.putObject(bucket: bucket, key: "data/file.bin", body: .data(Data(body)), options: S3PutOptions(contentType: "application/octet-stream"))
        let source = S3RangedByteSource(s3: s3, bucket: bucket, key: "data/file.bin", eTag: put.eTag, size: body.count)

        try await source.fetch(offset: body.count - 65_536, count: 65_536, keep: true)
        try await source.fetch(offset: 0, count: 4, keep: true)
        #expect(try source.read(offset: body.count - 8, count: 8) == Array(body.suffix(8)))
        #expect(try source.read(offset: 0, count: 4) == Array(body.prefix(4)))
        try await source.fetch(offset: 1000, count: 5000, keep: false)
        #expect(try source.read(offset: 1200, count: 100) == Array(body[1200..<1300]))
        // Held already: no request.
        try await source.fetch(offset: body.count - 100, count: 50, keep: false)
        #expect(source.requestCount == 3)
        // The next chunk replaces the previous one.
        try await source.fetch(offset: 10_000, count: 10, keep: false)
        #expect(try source.read(offset: 10_000, count: 10) == Array(body[10_000..<10_010]))
        #expect(throws: S3RangedByteSource.NotFetched.self) { try source.read(offset: 1200, count: 100) }
        #expect(source.bytesFetched == 65_536 + 4 + 5000 + 10)

        _ = try await s3.putObject(bucket: bucket, key: "data/file.bin", body: .data(Data(body.reversed())), options: S3PutOptions(contentType: "application/octet-stream"))
        do {
            try await source.fetch(offset: 50_000, count: 100, keep: false)
            Issue.record("a range of the replaced version was served")
        } catch {
            #expect(error.status == 412)
        }
    }
}
