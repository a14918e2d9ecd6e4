import AWS
import Clickstream
import LambdaEvents
import LambdaRuntime
import Parquet

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Kinesis batch → hourly Snappy Parquet in S3, rejected records to `failed/`, a summary on SNS, and a partial
/// batch failure from the checkpoint of `RetryCheckpoint` when objects could not be written after retries.
struct KinesisTransformHandler: LambdaHandler {
    let configuration: KinesisTransformConfiguration
    let s3: S3Client
    let sns: SNSClient
    let metrics: MetricsLogger

    init(configuration: KinesisTransformConfiguration, s3: S3Client, sns: SNSClient) {
        self.configuration = configuration
        self.s3 = s3
        self.sns = sns
        metrics = MetricsLogger(namespace: configuration.metricsNamespace, dimensions: [("FunctionName", "KinesisTransform")])
    }

    func handle(_ event: KinesisEvent, context: LambdaContext) async throws -> BatchItemFailuresResponse {
        let clock = ContinuousClock()
        let started = clock.now
        let plan = try BatchPlan(records: event.records, decoder: configuration.decoder, layout: configuration.layout)
        let planned = clock.now
        let results = await write(plan.groups, logger: context.logger)
        let written = clock.now

        var failedGroups: [(BatchPlan.Group, String)] = []
        var checkpoints: [SequenceNumber] = []
        for shard in Set(plan.groups.map(\.shardID)).sorted() {
            let outcomes = zip(plan.groups, results).filter { $0.0.shardID == shard }.map { group, result in
                RetryCheckpoint.Outcome(first: group.first, last: group.last, written: result == nil)
            }
            if let checkpoint = RetryCheckpoint.checkpoint(outcomes) { checkpoints.append(checkpoint) }
        }
        for (group, result) in zip(plan.groups, results) {
            if let result { failedGroups.append((group, result)) }
        }

        let rejected = plan.rejected
        for record in rejected {
            var fields: LogMetadata = [
                "shardId": .string(record.shardID), "sequenceNumber": .string(record.sequenceNumber),
                "errorCode": .string(record.code.rawValue), "reason": .string(record.reason),
            ]
            if let sub = record.subSequenceNumber { fields.entries.append(("subSequenceNumber", .int(Int(sub)))) }
            context.logger.warn("record rejected", fields)
        }
        let writtenEvents = zip(plan.groups, results).reduce(0) { total, pair in
            if case .events(_, let rows) = pair.0.content, pair.1 == nil { return total + rows.count }
            return total
        }
        metrics.emit([
            (name: "RecordsReceived", value: Double(plan.recordCount), unit: .count),
            (name: "EventsWritten", value: Double(writtenEvents), unit: .count),
            (name: "RecordsRejected", value: Double(rejected.count), unit: .count),
            (name: "ObjectsWritten", value: Double(results.filter { $0 == nil }.count), unit: .count),
            (name: "ObjectWritesFailed", value: Double(failedGroups.count), unit: .count),
            (name: "DecodeMilliseconds", value: Self.milliseconds(planned - started), unit: .milliseconds),
            (name: "WriteMilliseconds", value: Self.milliseconds(written - planned), unit: .milliseconds),
        ], properties: [("requestId", context.requestID)])

        if !rejected.isEmpty || !failedGroups.isEmpty {
            await publishSummary(plan: plan, failedGroups: failedGroups, checkpoints: checkpoints, context: context)
        }
        if !checkpoints.isEmpty {
            context.logger.error("objects not written; asking Lambda to re-deliver from the checkpoint", [
                "checkpoints": .string(checkpoints.map(\.text).joined(separator: ",")),
                "failedObjects": .int(failedGroups.count),
            ])
        }
        return BatchItemFailuresResponse(failedSequenceNumbers: checkpoints.map(\.text))
    }

    /// One encoding thread per file: the batch's objects are already encoded side by side (`writeConcurrency`),
    /// and a few thousand rows per file are too few to split further.
    static let parquetOptions: ParquetWriterOptions = {
        var options = ParquetWriterOptions()
        options.encodingThreads = 1
        return options
    }()

    private static func milliseconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
    }

    /// Encodes and uploads every group, at most `writeConcurrency` at once; returns nil per written group and
    /// the failure's description for the others, in the groups' order.
    private func write(_ groups: [BatchPlan.Group], logger: Logger) async -> [String?] {
        var results = [String?](repeating: nil, count: groups.count)
        await withTaskGroup(of: (Int, String?).self) { taskGroup in
            var next = 0
            func startNext() {
                guard next < groups.count else { return }
                let index = next
                next += 1
                let group = groups[index]
                taskGroup.addTask { (index, await self.write(group, logger: logger)) }
            }
            for _ in 0..<min(configuration.writeConcurrency, groups.count) { startNext() }
            while let (index, result) = await taskGroup.next() {
                results[index] = result
                startNext()
            }
        }
        return results
    }

    private func write(_ group: BatchPlan.Group, logger: Logger) async -> String? {
        let body: [UInt8]
        let contentType: String
        do {
            switch group.content {
            case .events(_, let events):
                body = try ClickstreamTable.parquetFile(events, options: Self.parquetOptions)
                contentType = "application/vnd.apache.parquet"
            case .rejected(let records):
                body = Array(records.map(\.jsonLine).joined().utf8)
                contentType = "application/x-ndjson"
            }
        } catch {
            // The decoder only lets through rows the schema accepts, so this is a defect, reported per object.
            logger.error("encoding failed", ["key": .string(group.key), "error": .string("\(error)")])
            return "encoding failed: \(error)"
        }
        do {
            _ = try await s3.putObject(
                bucket: configuration.bucket, key: group.key, body: .data(Data(body)),
                options: S3PutOptions(contentType: contentType, metadata: [
                    "first-sequence-number": group.first.text, "last-sequence-number": group.last.text,
                    "records": String(group.recordCount),
                ]))
            logger.debug("object written", ["key": .string(group.key), "records": .int(group.recordCount), "bytes": .int(body.count)])
            return nil
        } catch {
            logger.error("object write failed", [
                "key": .string(group.key), "records": .int(group.recordCount), "error": .string(error.description),
            ])
            return error.description
        }
    }

    /// One SNS message per invocation that rejected records or failed writes. A failed publish is logged, not
    /// retried through Lambda: the records themselves are safe in `failed/` or will be re-delivered.
    private func publishSummary(
        plan: BatchPlan, failedGroups: [(BatchPlan.Group, String)], checkpoints: [SequenceNumber], context: LambdaContext
    ) async {
        let summary = BatchSummary(plan: plan, failedGroups: failedGroups, checkpoints: checkpoints, bucket: configuration.bucket)
        do {
            _ = try await sns.publish(
                topicARN: configuration.topicARN, message: summary.json, subject: summary.subject,
                attributes: ["rejected": .number(String(summary.rejectedCount))])
        } catch {
            context.logger.error("summary not published", ["topic": .string(configuration.topicARN), "error": .string(error.description)])
        }
    }
}
