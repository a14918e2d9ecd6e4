import Clickstream
import Foundation
import Testing
import TestSupport

@testable import AWS

/// KinesisTransform's bootstrap under the Runtime Interface Emulator, writing to moto through the signature-checking
/// proxy; the table is read back by the Python Parquet readers.
@Suite("KinesisTransform end to end", .serialized, .enabled(if: ClickstreamTestSupport.isAvailable, "needs moto and the emulator"))
struct ClickstreamKinesisTransformTests {
    typealias Support = ClickstreamTestSupport

    /// 300 events over three hours, interleaved, in every timestamp form, some gzip-compressed.
    static func cleanRecords(count: Int = 300) -> [Support.SyntheticRecord] {
        (0..<count).map { Support.goodRecord($0, sequence: Support.sequence($0), hour: $0 % 3) }
    }

    @Test func aCleanBatchLandsOncePerHourAndEveryReaderReadsTheInput() async throws {
        let setup = try await Support.makeSetup("clean")
        let emulator = try Support.kinesisTransform(setup)
        defer { emulator.stop() }
        let records = Self.cleanRecords()
        let deliveries = try await Support.deliver(records, batchSize: records.count, to: emulator)
        #expect(deliveries.map(\.reported) == [[]])

        let table = try Support.readTable(bucket: setup.bucket, readers: "pyarrow,duckdb,fastparquet,spark")
        #expect(table.files == [
            "events/year=2024/month=01/day=15/hour=13/shardId-000000000000-\(Support.sequence(0)).snappy.parquet",
            "events/year=2024/month=01/day=15/hour=14/shardId-000000000000-\(Support.sequence(1)).snappy.parquet",
            "events/year=2024/month=01/day=15/hour=15/shardId-000000000000-\(Support.sequence(2)).snappy.parquet",
        ])
        Support.expectExactlyOnce(records.compactMap(\.expected), in: table)
        #expect(!emulator.logs.contains("\"level\":\"ERROR\""), "\(emulator.logs.suffix(2000))")
    }

    @Test func aPoisonBatchWritesEveryGoodRecordOnceAndEveryBadOneToFailedWithItsReason() async throws {
        let setup = try await Support.makeSetup("poison")
        let emulator = try Support.kinesisTransform(setup, ["MAX_RECORD_BYTES": "2048"])
        defer { emulator.stop() }
        // Every tenth record is bad, cycling through every kind of bad record.
        let records = (0..<200).map { index in
            index % 10 == 3 ? Support.badRecord(index / 10, sequence: Support.sequence(index))
                : Support.goodRecord(index, sequence: Support.sequence(index), hour: index % 2)
        }
        let deliveries = try await Support.deliver(records, batchSize: records.count, to: emulator)
        #expect(deliveries.map(\.reported) == [[]], "bad records are not retried")

        Support.expectExactlyOnce(records.compactMap(\.expected), in: try Support.readTable(bucket: setup.bucket))

        let s3 = S3Client(configuration: setup.aws, http: AWSTestEnvironment.http)
        let failedKeys = try await s3.listAllObjects(bucket: setup.bucket, prefix: "failed/").map(\.key)
        #expect(failedKeys == ["failed/dt=2024-01-15/shardId-000000000000-\(Support.sequence(3)).jsonl"])
        let lines = try await s3.getObject(bucket: setup.bucket, key: try #require(failedKeys.first)).body
            .split(separator: UInt8(ascii: "\n"))
            .map { try #require(try JSONSerialization.jsonObject(with: Data($0)) as? [String: Any]) }
        let bad = records.filter { $0.badCode != nil }
        #expect(lines.count == bad.count)
        #expect(Set(bad.map(\.badCode)).count == 8, "every kind of bad record is in the batch")
        for (line, record) in zip(lines, bad) {
            #expect(line["sequence_number"] as? String == record.sequence)
            #expect(line["error_code"] as? String == record.badCode)
            #expect((line["reason"] as? String)?.isEmpty == false)
            if record.badCode != "NOT_BASE64" {
                #expect(Data(base64Encoded: line["data_base64"] as? String ?? "") == Data(record.payload), "original bytes of \(record.sequence)")
            } else {
                #expect(line["data_base64"] as? String == "%%% not base64 %%%")
            }
        }
        #expect(!emulator.logs.contains("summary not published"), "\(emulator.logs.suffix(2000))")
    }

    /// A write that fails after every retry makes the function report a checkpoint; Lambda re-delivers from there.
    /// Whatever the order of hours and however Lambda cuts the re-delivered batches, the table ends with every row once.
    @Test(arguments: [(false, false), (true, false), (true, true)])
    func failedWritesAreReDeliveredWithoutDuplicatesOrLoss(interleaved: Bool, bisect: Bool) async throws {
        let setup = try await Support.makeSetup("redeliver")
        let emulator = try Support.kinesisTransform(setup, ["WRITE_CONCURRENCY": "2"])
        defer { emulator.stop() }
        // Consecutive: records 0…99 in hour 0, 100…199 in hour 1, 200…299 in hour 2. Interleaved: hour = index % 3.
        let records = (0..<300).map { index in
            Support.goodRecord(index, sequence: Support.sequence(index), hour: interleaved ? index % 3 : index / 100)
        }
        // Hour 14 (the second; the path is as signed, `=` percent-encoded) fails on every attempt of the first invocation (AWS_MAX_ATTEMPTS=3); the proxy lets
        // the fourth attempt at the same key through.
        try await AWSTestEnvironment.injectFaults([
            "kind": "500", "match": ["path_prefix": "/\(setup.bucket)/events/year%3D2024/month%3D01/day%3D15/hour%3D14/", "methods": ["PUT"]],
            "max_consecutive": 3,
        ])
        let deliveries = try await Support.deliver(records, batchSize: 300, bisect: bisect, to: emulator)
        #expect(deliveries.count >= 2)
        let firstReport = try #require(deliveries.first?.reported)
        if interleaved {
            // Every hour group straddles the failed one, so the checkpoint is the batch's first record.
            #expect(firstReport == [Support.sequence(0)])
        } else {
            // Hour 13 (records 0…99) is final; re-delivery starts at the failed hour's first record.
            #expect(firstReport == [Support.sequence(100)])
        }
        Support.expectExactlyOnce(records.compactMap(\.expected), in: try Support.readTable(bucket: setup.bucket))
    }
}
