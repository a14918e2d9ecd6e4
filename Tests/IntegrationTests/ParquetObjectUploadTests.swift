import Foundation
import Testing
import TestSupport

@testable import AWS
@testable import GA4Ingest

/// The export source's Parquet upload against moto: a file that fills parts goes up as a multipart upload, part by
/// part while it is written; a small one as one PutObject; an aborted one leaves nothing.
@Suite("Parquet object upload", .serialized, .enabled(if: AWSTestEnvironment.isAvailable))
struct ParquetObjectUploadTests {
    static func bytes(_ count: Int, seed: UInt64) -> [UInt8] {
        var generator = SplitMix64(seed: seed)
        return (0..<count).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
    }

    @Test func aLargeFileGoesUpPartByPartAndASmallOneInOnePut() async throws {
        let configuration = try AWSTestEnvironment.configuration()
        let s3 = S3Client(configuration: configuration, http: AWSTestEnvironment.http)
        let bucket = AWSTestEnvironment.uniqueName("parquet-upload")
        try await AWSTestEnvironment.createBucket(bucket, configuration: configuration)

        let large = Self.bytes(11 << 20 + 12_345, seed: 1)
        let upload = try ParquetObjectUpload(s3: s3, bucket: bucket, key: "run=1/part-00000-00000.parquet", partSize: 5 << 20)
        // Written in pieces, as a writer hands over pages; full parts are sent between pieces.
        var offset = 0
        while offset < large.count {
            let end = min(large.count, offset + 1_000_003)
            large[offset..<end].withUnsafeBytes { upload.sink.write($0) }
            try await upload.sendCompletedParts()
            offset = end
        }
        try await upload.finish()
        let stored = try await s3.getObject(bucket: bucket, key: "run=1/part-00000-00000.parquet")
        #expect([UInt8](stored.body) == large)
        // Three parts: two of 5 MiB and the rest.
        let head = try await s3.headObject(bucket: bucket, key: "run=1/part-00000-00000.parquet")
        #expect(head.eTag?.hasSuffix("-3\"") == true, "\(String(describing: head.eTag))")
        #expect(head.contentType == "application/vnd.apache.parquet")

        let small = Self.bytes(70_000, seed: 2)
        let one = try ParquetObjectUpload(s3: s3, bucket: bucket, key: "run=1/part-00001-00000.parquet", partSize: 5 << 20)
        small.withUnsafeBytes { one.sink.write($0) }
        try await one.sendCompletedParts()
        try await one.finish()
        #expect([UInt8](try await s3.getObject(bucket: bucket, key: "run=1/part-00001-00000.parquet").body) == small)
        #expect(try await s3.headObject(bucket: bucket, key: "run=1/part-00001-00000.parquet").eTag?.contains("-") == false)

        let aborted = try ParquetObjectUpload(s3: s3, bucket: bucket, key: "run=1/part-00002-00000.parquet", partSize: 5 << 20)
        Self.bytes(6 << 20, seed: 3).withUnsafeBytes { aborted.sink.write($0) }
        try await aborted.sendCompletedParts()
        await aborted.abort()
        let keys = try await s3.listAllObjects(bucket: bucket, prefix: "run=1/").map(\.key)
        #expect(keys == ["run=1/part-00000-00000.parquet", "run=1/part-00001-00000.parquet"])
    }
}
