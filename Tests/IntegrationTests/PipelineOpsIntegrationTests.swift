import Clickstream
import Foundation
import HTTP
import LambdaEvents
import Testing
import TestSupport

@testable import AWS

/// `pipeline-ops` as an operator runs it: the built command against moto behind the signing proxy, invoking the
/// real KinesisTransform bootstrap under the Runtime Interface Emulator through Lambda's Invoke API.
@Suite("pipeline-ops against moto and the emulator", .serialized, .enabled(if: ClickstreamTestSupport.isAvailable, "needs moto and the emulator"))
struct PipelineOpsIntegrationTests {
    typealias Support = ClickstreamTestSupport

    /// Makes `function` invocable by name through the proxy's Lambda Invoke API.
    static func register(_ function: String, _ emulator: RuntimeEmulator) async throws {
        let answer = try await AWSTestEnvironment.proxyAdmin("lambda-functions", body: ["name": function, "invokeURL": emulator.invokeURL])
        #expect((answer["functions"] as? [String])?.contains(function) == true)
    }

    /// Runs the command with the proxy's credentials and endpoint; returns its exit status and output.
    static func pipelineOps(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = TestEnvironment.builtProduct("pipeline-ops")
        process.arguments = arguments
        process.environment = try Support.functionEnvironment([:]).merging(["HOME": NSTemporaryDirectory()]) { $1 }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// Events more than an hour before their arrival are rejected under MAX_EVENT_AGE_HOURS=1 and kept in failed/;
    /// once the window is widened, `resubmit-failed` makes them rows, exactly once however often it runs, and
    /// what still fails stays in failed/ with its reason.
    @Test func rejectedRecordsAreResubmittedExactlyOnceAfterTheRulesChanged() async throws {
        let setup = try await Support.makeSetup("resubmit")
        // Hours 0…3 after the base; the records arrive at hour 4, so hours 0, 1 and 2 are too old for a one-hour window.
        var records = (0..<48).map { Support.goodRecord($0, sequence: Support.sequence($0), hour: $0 % 4) }
        records[5] = Support.badRecord(0, sequence: Support.sequence(5))
        records[30] = Support.badRecord(3, sequence: Support.sequence(30))
        let strict = try Support.kinesisTransform(setup, ["MAX_EVENT_AGE_HOURS": "1"])
        _ = try await Support.deliver(records, batchSize: records.count, to: strict)
        strict.stop()
        let firstPass = records.compactMap(\.expected).filter { $0.eventTimeMilliseconds >= Int64(Support.baseSeconds + 3 * 3600) * 1000 }
        Support.expectExactlyOnce(firstPass, in: try Support.readTable(bucket: setup.bucket))

        let lenient = try Support.kinesisTransform(setup)
        defer { lenient.stop() }
        let function = AWSTestEnvironment.uniqueName("KinesisTransform")
        try await Self.register(function, lenient)
        let arguments = [
            "resubmit-failed", "--bucket", setup.bucket, "--function", function,
            "--stream-arn", "arn:aws:kinesis:us-east-1:123456789012:stream/clickstream", "--from", "2024-01-14", "--to", "2024-01-16",
        ]
        let dryRun = try Self.pipelineOps(arguments + ["--dry-run"])
        #expect(dryRun.status == 0, "\(dryRun.output)")
        #expect(dryRun.output.contains("would re-submit 36 records"), "\(dryRun.output)")
        Support.expectExactlyOnce(firstPass, in: try Support.readTable(bucket: setup.bucket))

        for run in 1...2 {
            let result = try Self.pipelineOps(arguments)
            #expect(result.status == 0, "run \(run): \(result.output)")
            #expect(result.output.contains("re-submitted"), "\(result.output)")
        }
        Support.expectExactlyOnce(records.compactMap(\.expected), in: try Support.readTable(bucket: setup.bucket))

        // The two bad records are still kept, with their reasons.
        let s3 = S3Client(configuration: setup.aws, http: AWSTestEnvironment.http)
        var stillFailing: [String: String] = [:]
        for object in try await s3.listAllObjects(bucket: setup.bucket, prefix: "failed/") {
            for line in try await s3.getObject(bucket: setup.bucket, key: object.key).body.split(separator: UInt8(ascii: "\n")) {
                let fields = try #require(try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any])
                if fields["error_code"] as? String != "INVALID_FIELD" {
                    stillFailing[fields["sequence_number"] as? String ?? ""] = fields["error_code"] as? String
                }
            }
        }
        #expect(stillFailing == [Support.sequence(5): "NOT_JSON", Support.sequence(30): "MISSING_FIELD"])
    }

    /// A batch Lambda gave up on is described in the on-failure destination; `redrive` reads its records back
    /// from the stream and hands them to the function, deleting the message only when the function succeeded.
    @Test func aGivenUpKinesisBatchIsReadBackFromTheStreamAndRedriven() async throws {
        let setup = try await Support.makeSetup("redrive")
        let stream = AWSTestEnvironment.uniqueName("clickstream")
        struct CreateStream: Encodable { var StreamName: String; var ShardCount = 1 }
        try await AWSTestEnvironment.json(.kinesis, "CreateStream", CreateStream(StreamName: stream), configuration: setup.aws)
        let kinesis = KinesisClient(configuration: setup.aws, http: AWSTestEnvironment.http)
        let good = (0..<30).map { Support.goodRecord($0, sequence: "", hour: $0 % 2) }
        let put = try await kinesis.putRecords(
            stream: stream, records: good.map { AWS.KinesisRecord(data: Data($0.payload), partitionKey: "pk-\($0.expected!.sessionID)") })
        // Records before and after the range stay out of it.
        _ = try await kinesis.putRecords(stream: stream, records: [AWS.KinesisRecord(data: Data("{}".utf8), partitionKey: "after")])

        struct CreateQueue: Encodable { var QueueName: String }
        struct QueueURL: Decodable { var QueueUrl: String }
        let queueURL = try await AWSClient(service: .sqs, configuration: setup.aws, http: AWSTestEnvironment.http)
            .jsonCall("CreateQueue", CreateQueue(QueueName: AWSTestEnvironment.uniqueName("failed-batches")), as: QueueURL.self).QueueUrl
        let streamARN = "arn:aws:kinesis:us-east-1:123456789012:stream/\(stream)"
        let failure = KinesisFailureDestinationRecord(batchInfo: .init(
            shardId: put[0].shardID, startSequenceNumber: put[0].sequenceNumber, endSequenceNumber: put[put.count - 1].sequenceNumber,
            batchSize: put.count, streamArn: streamARN))
        let sqs = SQSClient(configuration: setup.aws, http: AWSTestEnvironment.http)
        try await sqs.sendMessage(queueURL: queueURL, body: String(decoding: try JSONEncoder().encode(failure), as: UTF8.self))

        // The synthetic events are from 2024 and arrive now: a window of ten years takes them.
        let emulator = try Support.kinesisTransform(setup, ["MAX_EVENT_AGE_HOURS": "87600"])
        defer { emulator.stop() }
        let function = AWSTestEnvironment.uniqueName("KinesisTransform")
        try await Self.register(function, emulator)

        let dryRun = try Self.pipelineOps(["redrive", "--queue-url", queueURL, "--function", function, "--dry-run"])
        #expect(dryRun.status == 0, "\(dryRun.output)")
        #expect(dryRun.output.contains("would re-drive 1 of 1 messages"), "\(dryRun.output)")

        let result = try Self.pipelineOps(["redrive", "--queue-url", queueURL, "--function", function])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("handled the Kinesis batch \(put[0].shardID)"), "\(result.output)")
        let table = try Support.readTable(bucket: setup.bucket)
        #expect(table.rows.count == good.count)
        #expect(Set(table.rows.compactMap { $0["sequence_number"] as? String }) == Set(put.map(\.sequenceNumber)))

        let again = try Self.pipelineOps(["redrive", "--queue-url", queueURL, "--function", function])
        #expect(again.status == 0)
        #expect(again.output.contains("re-drove 0 of 0 messages"), "the message was deleted: \(again.output)")
    }

    /// A message the function fails on again stays in the queue, and the command says so and exits non-zero.
    @Test func aMessageTheFunctionFailsOnStaysInTheQueue() async throws {
        let setup = try await Support.makeSetup("redrive-fail")
        struct CreateQueue: Encodable { var QueueName: String }
        struct QueueURL: Decodable { var QueueUrl: String }
        let queueURL = try await AWSClient(service: .sqs, configuration: setup.aws, http: AWSTestEnvironment.http)
            .jsonCall("CreateQueue", CreateQueue(QueueName: AWSTestEnvironment.uniqueName("dlq")), as: QueueURL.self).QueueUrl
        let sqs = SQSClient(configuration: setup.aws, http: AWSTestEnvironment.http)
        try await sqs.sendMessage(
            queueURL: queueURL, body: #"{"Records":[{"kinesis":{}}]}"#, attributes: ["ErrorCode": "200", "ErrorMessage": "InvalidEvent"])
        let emulator = try Support.kinesisTransform(setup)
        defer { emulator.stop() }
        let function = AWSTestEnvironment.uniqueName("KinesisTransform")
        try await Self.register(function, emulator)

        let result = try Self.pipelineOps(["redrive", "--queue-url", queueURL, "--function", function])
        #expect(result.status == 1, "\(result.output)")
        #expect(result.output.contains("failed again, left in the queue: Unhandled: InvalidEvent"), "\(result.output)")
        #expect(result.output.contains("re-drove 0 of 1 messages"), "\(result.output)")
    }
}

/// `requeue-quarantined` against moto: quarantined files go back under incoming/ without their old reports, a newer
/// file already waiting there is kept, and a second run finds nothing left to do.
@Suite("pipeline-ops requeue-quarantined against moto", .serialized, .enabled(if: AWSTestEnvironment.isAvailable, "needs moto"))
struct QuarantineRequeueIntegrationTests {
    @Test func quarantinedFilesGoBackForValidationOnceAndNewerUploadsAreKept() async throws {
        let aws = try AWSTestEnvironment.configuration()
        let bucket = AWSTestEnvironment.uniqueName("requeue")
        try await AWSTestEnvironment.createBucket(bucket, configuration: aws)
        let s3 = S3Client(configuration: aws, http: AWSTestEnvironment.http)
        func put(_ key: String, _ text: String) async throws {
            _ = try await s3.putObject(bucket: bucket, key: key, body: .data(Data(text.utf8)), options: S3PutOptions(contentType: "text/csv"))
        }
        try await put("quarantine/orders/a.csv", "order_id\nORD-00000001\n")
        try await put("quarantine/orders/a.csv.validation.json", #"{"result":"failed"}"#)
        try await put("quarantine/orders/b.csv", "order_id\nORD-00000002\n")
        try await put("quarantine/orders/b.csv.validation.json", #"{"result":"failed"}"#)
        try await put("incoming/orders/b.csv", "order_id\nORD-00000003\n")  // a newer upload, not yet validated
        try await put("quarantine/crm/c.csv", "user_id\nu-1\n")

        let arguments = ["requeue-quarantined", "--bucket", bucket, "--prefix", "quarantine/orders/"]
        let dryRun = try PipelineOpsIntegrationTests.pipelineOps(arguments + ["--dry-run"])
        #expect(dryRun.status == 0, "\(dryRun.output)")
        #expect(dryRun.output.contains("dry run: would requeue 2 files"), "\(dryRun.output)")

        let result = try PipelineOpsIntegrationTests.pipelineOps(arguments)
        #expect(result.status == 1, "a kept file makes the command exit non-zero: \(result.output)")
        #expect(result.output.contains("quarantine/orders/b.csv: kept in quarantine"), "\(result.output)")
        let keys = Set(try await s3.listAllObjects(bucket: bucket).map(\.key))
        #expect(keys == [
            "incoming/orders/a.csv", "incoming/orders/b.csv", "quarantine/orders/b.csv", "quarantine/crm/c.csv",
        ])
        #expect(String(decoding: try await s3.getObject(bucket: bucket, key: "incoming/orders/a.csv").body, as: UTF8.self)
            == "order_id\nORD-00000001\n")
        #expect(String(decoding: try await s3.getObject(bucket: bucket, key: "incoming/orders/b.csv").body, as: UTF8.self)
            == "order_id\nORD-00000003\n", "the newer upload is untouched")

        try await s3.deleteObject(bucket: bucket, key: "incoming/orders/b.csv")
        let again = try PipelineOpsIntegrationTests.pipelineOps(arguments)
        #expect(again.status == 0, "\(again.output)")
        #expect(again.output.contains("requeued 1 files; 0 kept in quarantine"), "\(again.output)")
        let finalKeys = Set(try await s3.listAllObjects(bucket: bucket).map(\.key))
        #expect(finalKeys == ["incoming/orders/a.csv", "incoming/orders/b.csv", "quarantine/crm/c.csv"])
    }
}
