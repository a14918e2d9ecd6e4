import Crypto
import Foundation
import HTTP
import Testing

@testable import AWS

/// S3 against moto through the signature-checking proxy: every request's signature is recomputed by botocore.
@Suite(.enabled(if: AWSTestEnvironment.isAvailable, "needs scripts/services/moto.sh"))
struct AWSS3IntegrationTests {
    static let trickyKeys = [
        "plain.json", "dir/a b.json", "dir/a=b.json", "dir/a+b.json", "dir/100%.json", "dir/ü/ñ €.json",
        "events/dt=2024-01-15/hour=12/x y+z=1%~.parquet", "dir/quote's & <angle>.txt",
    ]

    func makeClient(multipart: S3MultipartPolicy = S3MultipartPolicy()) throws -> S3Client {
        S3Client(configuration: try AWSTestEnvironment.configuration(), http: AWSTestEnvironment.http, multipart: multipart)
    }

    func randomBytes(_ count: Int) -> Data {
        var generator = SystemRandomNumberGenerator()
        return Data((0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }

    @Test func roundTripsKeysWithReservedAndNonASCIICharacters() async throws {
        let s3 = try makeClient()
        let bucket = AWSTestEnvironment.uniqueName("keys")
        try await AWSTestEnvironment.createBucket(bucket, configuration: s3.client.configuration)
        var uploaded: [String: Data] = [:]
        for key in Self.trickyKeys {
            let body = randomBytes(1000 + key.utf8.count)
            let put = try await s3.putObject(
                bucket: bucket, key: key, body: .data(body),
                options: S3PutOptions(contentType: "application/x-test", metadata: ["source": "integration"]))
            #expect(put.eTag == "\"\(Insecure.MD5.hash(data: body).map { String(format: "%02x", $0) }.joined())\"")
            uploaded[key] = body
        }
        for (key, body) in uploaded {
            let head = try await s3.headObject(bucket: bucket, key: key)
            #expect(head.contentLength == Int64(body.count), "size of \(key)")
            #expect(head.contentType == "application/x-test")
            #expect(head.metadata["source"] == "integration")
            let object = try await s3.getObject(bucket: bucket, key: key)
            #expect(object.body == body, "content of \(key)")
            let range = try await s3.getObject(bucket: bucket, key: key, range: 10...19)
            #expect(range.body == body[10...19], "range of \(key)")
        }
        let listed = try await s3.listAllObjects(bucket: bucket)
        #expect(Set(listed.map(\.key)) == Set(Self.trickyKeys))
        let dirOnly = try await s3.listAllObjects(bucket: bucket, prefix: "dir/")
        #expect(Set(dirOnly.map(\.key)) == Set(Self.trickyKeys.filter { $0.hasPrefix("dir/") }))

        let copiedKey = "copies/ü + = % copy.json"
        let eTag = try await s3.copyObject(sourceBucket: bucket, sourceKey: "dir/a+b.json", bucket: bucket, key: copiedKey)
        #expect(!eTag.isEmpty)
        #expect(try await s3.getObject(bucket: bucket, key: copiedKey).body == uploaded["dir/a+b.json"])

        for key in Self.trickyKeys + [copiedKey] { try await s3.deleteObject(bucket: bucket, key: key) }
        let afterDelete = try await s3.listAllObjects(bucket: bucket)
        #expect(afterDelete.isEmpty)
        let missing = await #expect(throws: AWSError.self) { try await s3.headObject(bucket: bucket, key: "dir/a b.json") }
        #expect(missing?.status == 404)
        #expect(missing?.isNotFound == true)
    }

    @Test func missingObjectIsAClearError() async throws {
        let s3 = try makeClient()
        let bucket = AWSTestEnvironment.uniqueName("missing")
        try await AWSTestEnvironment.createBucket(bucket, configuration: s3.client.configuration)
        let error = await #expect(throws: AWSError.self) { try await s3.getObject(bucket: bucket, key: "no/such key.json") }
        #expect(error?.code == "NoSuchKey")
        #expect(error?.status == 404)
        #expect(error?.description.contains("s3://\(bucket)/no/such key.json") == true)

        let sink = CollectingSink()
        let streamed = await #expect(throws: AWSError.self) {
            try await s3.getObject(bucket: bucket, key: "no/such key.json", into: sink)
        }
        #expect(streamed?.code == "NoSuchKey")
        #expect(sink.bytes.isEmpty, "an error body must not reach the caller's sink")

        let badBucket = await #expect(throws: AWSError.self) { try await s3.getObject(bucket: "Bad_Bucket", key: "k") }
        #expect(badBucket?.kind == .invalidRequest)
        #expect(badBucket?.code == "InvalidBucketName")
    }

    @Test func largeUploadsGoUpInPartsFromAFileAndStreamBack() async throws {
        let s3 = try makeClient(multipart: S3MultipartPolicy(threshold: 8 << 20, partSize: 5 << 20, concurrency: 3))
        let bucket = AWSTestEnvironment.uniqueName("multipart")
        try await AWSTestEnvironment.createBucket(bucket, configuration: s3.client.configuration)
        let size = 12 * 1024 * 1024 + 12345
        let body = randomBytes(size)
        let file = FileManager.default.temporaryDirectory.appending(path: "aws-multipart-\(UUID().uuidString)")
        try body.write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }

        let key = "big/dt=2024-01-15/part file+1.parquet"
        let result = try await s3.upload(bucket: bucket, key: key, body: .file(path: file.path))
        #expect(result.partCount == 3)
        #expect(result.eTag.hasSuffix("-3\""))

        let downloaded = FileManager.default.temporaryDirectory.appending(path: "aws-download-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: downloaded) }
        let sink = try FileSink(path: downloaded.path)
        let info = try await s3.getObject(bucket: bucket, key: key, into: sink)
        sink.close()
        #expect(info.contentLength == Int64(size))
        #expect(try Data(contentsOf: downloaded) == body)

        // The same from memory, and a small body stays a single PutObject.
        let fromMemory = try await s3.upload(bucket: bucket, key: "big/memory.bin", body: .data(body))
        #expect(fromMemory.partCount == 3)
        #expect(try await s3.getObject(bucket: bucket, key: "big/memory.bin").body == body)
        let small = try await s3.upload(bucket: bucket, key: "small.bin", body: .data(body.prefix(1000)))
        #expect(small.partCount == 0)
    }

    @Test func listingFollowsContinuationTokensAcrossPages() async throws {
        let s3 = try makeClient()
        let bucket = AWSTestEnvironment.uniqueName("pages")
        try await AWSTestEnvironment.createBucket(bucket, configuration: s3.client.configuration)
        let keys = (0..<25).map { String(format: "p/%02d item+%d=ü.txt", $0, $0) }
        for key in keys { _ = try await s3.putObject(bucket: bucket, key: key, body: .data(Data(key.utf8))) }

        let first = try await s3.listObjectsV2(bucket: bucket, prefix: "p/", maxKeys: 10)
        #expect(first.objects.count == 10)
        #expect(first.isTruncated)
        let token = try #require(first.nextContinuationToken)
        let second = try await s3.listObjectsV2(bucket: bucket, prefix: "p/", maxKeys: 10, continuationToken: token)
        #expect(second.objects.first?.key == keys[10])

        let all = try await s3.listAllObjects(bucket: bucket, prefix: "p/", pageSize: 10)
        #expect(all.map(\.key) == keys.sorted())
        #expect(all.allSatisfy { $0.size == Int64($0.key.utf8.count) })

        let grouped = try await s3.listObjectsV2(bucket: bucket, delimiter: "/")
        #expect(grouped.commonPrefixes == ["p/"])
    }

    @Test func abortedMultipartUploadLeavesNoObject() async throws {
        let s3 = try makeClient()
        let bucket = AWSTestEnvironment.uniqueName("abort")
        try await AWSTestEnvironment.createBucket(bucket, configuration: s3.client.configuration)
        let uploadID = try await s3.createMultipartUpload(bucket: bucket, key: "a b/+.bin")
        let part = try await s3.uploadPart(bucket: bucket, key: "a b/+.bin", uploadID: uploadID, partNumber: 1, body: .data(randomBytes(1024)))
        #expect(part.eTag.hasPrefix("\""))
        try await s3.abortMultipartUpload(bucket: bucket, key: "a b/+.bin", uploadID: uploadID)
        #expect(try await s3.listAllObjects(bucket: bucket).isEmpty)
    }

    @Test func presignedURLDownloadsWithoutCredentials() async throws {
        let s3 = try makeClient()
        let bucket = AWSTestEnvironment.uniqueName("presign")
        try await AWSTestEnvironment.createBucket(bucket, configuration: s3.client.configuration)
        let body = randomBytes(4096)
        _ = try await s3.putObject(bucket: bucket, key: "reports/a b+c.csv", body: .data(body))
        let url = try s3.presignedGetURL(bucket: bucket, key: "reports/a b+c.csv", expires: .seconds(600))
        #expect(url.contains("/\(bucket)/reports/a%20b%2Bc.csv?X-Amz-Algorithm=AWS4-HMAC-SHA256"))
        #expect(url.contains("X-Amz-Security-Token="))
        // moto serves presigned URLs without checking them; the signature itself is checked against the
        // reference vectors in the unit tests.
        let moto = try #require(AWSTestEnvironment.environment["PIPELINE_MOTO_ENDPOINT"])
        let direct = url.replacingOccurrences(of: AWSTestEnvironment.proxyEndpoint, with: moto)
        let response = try await AWSTestEnvironment.http.execute(HTTPRequest(url: direct))
        #expect(response.status == 200)
        #expect(response.body == body)
    }
}
