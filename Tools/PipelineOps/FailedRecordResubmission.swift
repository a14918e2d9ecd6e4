import AWS
import Clickstream
import Foundation
import LambdaEvents

/// Hands the records KinesisTransform rejected (kept under `failed/dt=YYYY-MM-DD/` with their original bytes)
/// to the function again, after its rules or configuration changed.
///
/// One invocation per `failed/` object, with that object's records in their original order, shard ids and
/// sequence numbers: the function names its objects after the shard and first sequence number of what it
/// writes, so re-submitting the same object again writes the same keys, and the records are written exactly
/// once however often the command runs. Records that still fail land in `failed/` again with their new reason.
struct FailedRecordResubmission: Sendable {
    let s3: S3Client
    let invoker: FunctionInvoker
    let log: OperationLog

    struct Summary: Equatable, Sendable {
        var objects = 0
        var records = 0
        var failedObjects = 0
    }

    /// One line of a `failed/` object.
    struct FailedLine: Decodable, Sendable {
        var shard_id: String
        var sequence_number: String
        /// Present for a user record rejected out of a KPL aggregate: its index there.
        var sub_sequence_number: Int64?
        var arrival_time_ms: Int64
        var error_code: String?
        var data_base64: String
    }

    /// The event for one `failed/` object's lines; `source` names the object in errors.
    static func kinesisEvent(_ body: Data, source: String, streamARN: String, region: String) throws -> (event: Data, records: Int) {
        var records: [KinesisEventRecord] = []
        for (index, line) in body.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() where !line.allSatisfy({ $0 == 32 || $0 == 13 }) {
            let failed: FailedLine
            do {
                failed = try JSONDecoder().decode(FailedLine.self, from: Data(line))
            } catch {
                throw OperationError("\(source) line \(index + 1): not a rejected-record line (\(error))")
            }
            guard ShardID.isValid(failed.shard_id), SequenceNumber(failed.sequence_number) != nil else {
                throw OperationError("\(source) line \(index + 1): shard id or sequence number is malformed")
            }
            records.append(
                KinesisEventRecord(
                    kinesis: LambdaEvents.KinesisRecord(
                        partitionKey: "resubmitted", sequenceNumber: failed.sequence_number, data: failed.data_base64,
                        approximateArrivalTimestamp: Double(failed.arrival_time_ms) / 1000,
                        subSequenceNumber: failed.sub_sequence_number),
                    shardId: failed.shard_id, awsRegion: region, eventSourceARN: streamARN))
        }
        guard !records.isEmpty else { throw OperationError("\(source) holds no records") }
        return (try JSONEncoder().encode(KinesisEvent(records: records)), records.count)
    }

    /// Days from `from` to `to` (inclusive) as `YYYY-MM-DD`, at most 400 of them.
    static func days(from: String, to: String) throws -> [String] {
        func day(_ text: String) throws -> Int {
            let parts = text.split(separator: "-", omittingEmptySubsequences: false)
            guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
                let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
                let days = CivilDate.daysSinceEpoch(year: year, month: month, day: day)
            else { throw OperationError("\"\(text)\" is not a date (YYYY-MM-DD)") }
            return days
        }
        let first = try day(from)
        let last = try day(to)
        guard first <= last else { throw OperationError("--to \(to) is before --from \(from)") }
        guard last - first < 400 else { throw OperationError("at most 400 days at once") }
        return (first...last).map { CivilDate(daysSinceEpoch: $0).isoText }
    }

    func run(bucket: String, failedPrefix: String, days: [String], streamARN: String, region: String, dryRun: Bool) async throws -> Summary {
        var summary = Summary()
        for day in days {
            let objects = try await s3.listAllObjects(bucket: bucket, prefix: "\(failedPrefix)dt=\(day)/")
            for object in objects where object.key.hasSuffix(".jsonl") {
                let source = "s3://\(bucket)/\(object.key)"
                let body = try await s3.getObject(bucket: bucket, key: object.key).body
                let (event, count) = try Self.kinesisEvent(body, source: source, streamARN: streamARN, region: region)
                summary.objects += 1
                summary.records += count
                if dryRun {
                    log.say("\(source): would re-submit \(count) records to \(invoker.function)")
                    continue
                }
                let outcome = try await invoker.invoke(event)
                if outcome.succeeded {
                    log.say("\(source): re-submitted \(count) records to \(invoker.function)")
                } else {
                    summary.failedObjects += 1
                    log.say("\(source): \(invoker.function) failed: \(outcome.problem ?? ""); run the command again once the cause is fixed")
                }
            }
        }
        log.say("\(dryRun ? "dry run: would re-submit" : "re-submitted") \(summary.records) records from \(summary.objects) objects; \(summary.failedObjects) objects failed")
        return summary
    }
}
