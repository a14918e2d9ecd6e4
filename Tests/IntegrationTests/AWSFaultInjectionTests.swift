import Foundation
import HTTP
import Testing

@testable import AWS

/// The proxy answers a share of the calls with 503 SlowDown, 500, 429 throttling, a dropped connection, an S3
/// 200-with-error body or Kinesis per-record failures. Within the retry budget the clients still succeed;
/// past it they fail with an error that says what happened. Each test scopes its faults to its own bucket,
/// secret or stream, so tests running in parallel do not see each other's faults.
@Suite(.enabled(if: AWSTestEnvironment.isAvailable, "needs scripts/services/moto.sh"))
struct AWSFaultInjectionTests {
    let configuration: AWSConfiguration
    var http: HTTPClient { AWSTestEnvironment.http }

    init() throws { configuration = try AWSTestEnvironment.configuration() }

    @Test(arguments: ["503", "500", "429", "drop"])
    func s3SucceedsWithinTheRetryBudget(kind: String) async throws {
        let s3 = S3Client(configuration: configuration, http: http)
        let bucket = AWSTestEnvironment.uniqueName("faults-\(kind)")
        try await AWSTestEnvironment.createBucket(bucket, configuration: configuration)
        try await AWSTestEnvironment.injectFaults([
            "kind": kind, "match": ["path_prefix": "/\(bucket)/"], "share": 0.5, "max_consecutive": 2, "seed": 7,
        ])
        for index in 0..<8 {
            let key = "k \(index)+=.bin"
            let body = Data((0..<2048).map { UInt8(($0 + index) % 251) })
            _ = try await s3.putObject(bucket: bucket, key: key, body: .data(body))
            #expect(try await s3.getObject(bucket: bucket, key: key).body == body)
        }
        #expect(try await AWSTestEnvironment.injectedCount(kind: kind) > 0)
    }

    @Test func s3FailsClearlyPastTheRetryBudget() async throws {
        let s3 = S3Client(configuration: configuration, http: http)
        let bucket = AWSTestEnvironment.uniqueName("budget")
        try await AWSTestEnvironment.createBucket(bucket, configuration: configuration)
        try await AWSTestEnvironment.injectFaults(["kind": "503", "match": ["path_prefix": "/\(bucket)/"]])
        let error = await #expect(throws: AWSError.self) {
            try await s3.putObject(bucket: bucket, key: "x.json", body: .data(Data("{}".utf8)))
        }
        #expect(error?.status == 503)
        #expect(error?.code == "SlowDown")
        #expect(error?.attempts == 3)
        #expect(error?.description.contains("s3://\(bucket)/x.json") == true)
        #expect(error?.description.contains("after 3 attempts") == true)
    }

    @Test func droppedConnectionsPastTheBudgetAreTransportErrors() async throws {
        let s3 = S3Client(configuration: configuration, http: http)
        let bucket = AWSTestEnvironment.uniqueName("dropped")
        try await AWSTestEnvironment.createBucket(bucket, configuration: configuration)
        try await AWSTestEnvironment.injectFaults(["kind": "drop", "match": ["path_prefix": "/\(bucket)/"]])
        let error = await #expect(throws: AWSError.self) { try await s3.headObject(bucket: bucket, key: "x") }
        #expect(error?.kind == .transport)
        #expect(error?.attempts == 3)
        #expect(error?.transport?.isTransient == true)
    }

    @Test func copyAndCompleteAnswering200WithAnErrorAreRetried() async throws {
        let s3 = S3Client(
            configuration: configuration, http: http, multipart: S3MultipartPolicy(threshold: 6 << 20, partSize: 5 << 20))
        let bucket = AWSTestEnvironment.uniqueName("error200")
        try await AWSTestEnvironment.createBucket(bucket, configuration: configuration)
        let body = Data((0..<(7 << 20)).map { UInt8($0 % 253) })
        _ = try await s3.putObject(bucket: bucket, key: "src.bin", body: .data(body.prefix(100)))
        // Only the copy (PUT with x-amz-copy-source) and complete (POST ?uploadId) target these keys with those methods.
        try await AWSTestEnvironment.injectFaults([
            "kind": "error200", "match": ["path_prefix": "/\(bucket)/copied", "methods": ["PUT"]], "max_consecutive": 2,
        ])
        try await AWSTestEnvironment.injectFaults([
            "kind": "error200", "match": ["path_prefix": "/\(bucket)/multi", "methods": ["POST"]], "share": 1.0,
            "max_consecutive": 2,
        ])
        _ = try await s3.copyObject(sourceBucket: bucket, sourceKey: "src.bin", bucket: bucket, key: "copied.bin")
        #expect(try await s3.getObject(bucket: bucket, key: "copied.bin").body == body.prefix(100))
        // CreateMultipartUpload and CompleteMultipartUpload (both POST) each get two 200-with-error answers.
        let upload = try await s3.upload(bucket: bucket, key: "multi.bin", body: .data(body))
        #expect(upload.partCount == 2)
        #expect(try await AWSTestEnvironment.injectedCount(kind: "error200") >= 5)
        #expect(try await s3.getObject(bucket: bucket, key: "multi.bin").body == body)
    }

    @Test func failedMultipartUploadIsAborted() async throws {
        let s3 = S3Client(
            configuration: configuration, http: http, multipart: S3MultipartPolicy(threshold: 6 << 20, partSize: 5 << 20))
        let bucket = AWSTestEnvironment.uniqueName("aborted")
        try await AWSTestEnvironment.createBucket(bucket, configuration: configuration)
        // Every UploadPart fails; CreateMultipartUpload (POST) and AbortMultipartUpload (DELETE) pass.
        try await AWSTestEnvironment.injectFaults(["kind": "500", "match": ["path_prefix": "/\(bucket)/", "methods": ["PUT"]]])
        let error = await #expect(throws: AWSError.self) {
            try await s3.upload(bucket: bucket, key: "big.bin", body: .data(Data(count: 7 << 20)))
        }
        #expect(error?.operation == "UploadPart")
        #expect(error?.status == 500)
        struct Uploads: Decodable {}
        let client = AWSClient(service: .s3, configuration: configuration, http: http)
        let listing = try await client.send { _ in
            AWSCall(operation: "ListMultipartUploads", method: "GET", path: "/\(bucket)", query: "uploads")
        }
        let root = try XMLElement.parse(listing.body)
        #expect(root.children("Upload").isEmpty, "the failed upload must have been aborted")
    }

    @Test func jsonServicesRetryThrottlingAndServerErrors() async throws {
        let name = AWSTestEnvironment.uniqueName("throttled")
        struct CreateString: Encodable { var Name: String; var SecretString: String }
        try await AWSTestEnvironment.json(.secretsManager, "CreateSecret", CreateString(Name: name, SecretString: "s"), configuration: configuration)
        let flaky = name + "-flaky"
        try await AWSTestEnvironment.json(.secretsManager, "CreateSecret", CreateString(Name: flaky, SecretString: "f"), configuration: configuration)
        try await AWSTestEnvironment.injectFaults([
            "kind": "429", "match": ["target": "secretsmanager.GetSecretValue", "body_contains": "\"\(name)\""], "max_consecutive": 2,
        ])
        try await AWSTestEnvironment.injectFaults([
            "kind": "500", "match": ["target": "secretsmanager.GetSecretValue", "body_contains": flaky], "max_consecutive": 2,
        ])
        let secrets = SecretsManagerClient(configuration: configuration, http: http)
        #expect(try await secrets.getSecretValue(name).SecretString == "s")
        #expect(try await secrets.getSecretValue(flaky).SecretString == "f")

        let exhausted = AWSTestEnvironment.uniqueName("exhausted")
        try await AWSTestEnvironment.json(.secretsManager, "CreateSecret", CreateString(Name: exhausted, SecretString: "s"), configuration: configuration)
        try await AWSTestEnvironment.injectFaults(["kind": "429", "match": ["body_contains": exhausted]])
        let error = await #expect(throws: AWSError.self) { try await secrets.getSecretValue(exhausted) }
        #expect(error?.code == "ThrottlingException")
        #expect(error?.status == 429)
        #expect(error?.attempts == 3)
    }

    @Test func kinesisResendsOnlyFailedRecordsAndSurfacesTheRest() async throws {
        let stream = AWSTestEnvironment.uniqueName("partial")
        struct CreateStream: Encodable { var StreamName: String; var ShardCount: Int }
        try await AWSTestEnvironment.json(.kinesis, "CreateStream", CreateStream(StreamName: stream, ShardCount: 1), configuration: configuration)
        let kinesis = KinesisClient(configuration: configuration, http: http)
        let records = (0..<5).map { KinesisRecord(data: Data([UInt8($0)]), partitionKey: "p\($0)") }
        try await AWSTestEnvironment.injectFaults(["kind": "kinesis-partial", "match": ["body_contains": stream], "max_consecutive": 1])
        let results = try await kinesis.putRecords(stream: stream, records: records)
        #expect(results.count == 5)
        #expect(results.allSatisfy { !$0.sequenceNumber.isEmpty })

        let always = AWSTestEnvironment.uniqueName("partial-always")
        try await AWSTestEnvironment.json(.kinesis, "CreateStream", CreateStream(StreamName: always, ShardCount: 1), configuration: configuration)
        try await AWSTestEnvironment.injectFaults(["kind": "kinesis-partial", "match": ["body_contains": always]])
        let error = await #expect(throws: AWSError.self) { try await kinesis.putRecords(stream: always, records: records) }
        #expect(error?.kind == .partialFailure)
        #expect(error?.partialFailures.count == 1)
        #expect(error?.partialFailures.first?.item == "record 0")
        #expect(error?.partialFailures.first?.code == "ProvisionedThroughputExceededException")
    }

    @Test(arguments: [-1800.0, 1800.0])
    func skewedClockIsCorrectedFromTheServerDate(offset: Double) async throws {
        let skewed = try AWSTestEnvironment.configuration(clockOffset: offset)
        let s3 = S3Client(configuration: skewed, http: http)
        let bucket = AWSTestEnvironment.uniqueName("skew")
        try await AWSTestEnvironment.createBucket(bucket, configuration: configuration)
        _ = try await s3.putObject(bucket: bucket, key: "a b.json", body: .data(Data("{}".utf8)))
        #expect(try await s3.getObject(bucket: bucket, key: "a b.json").body == Data("{}".utf8))

        let name = AWSTestEnvironment.uniqueName("skew-secret")
        struct CreateString: Encodable { var Name: String; var SecretString: String }
        try await AWSTestEnvironment.json(.secretsManager, "CreateSecret", CreateString(Name: name, SecretString: "v"), configuration: configuration)
        let secrets = SecretsManagerClient(configuration: skewed, http: http)
        #expect(try await secrets.getSecretValue(name).SecretString == "v")
    }
}
