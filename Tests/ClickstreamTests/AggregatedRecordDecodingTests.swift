import Foundation
import LambdaEvents
import Testing
import TestSupport

@testable import Clickstream

/// KPL aggregates through `ClickstreamRecordDecoder`: one row per user record, each with its sub-sequence number.
struct AggregatedRecordDecodingTests {
    let decoder = ClickstreamRecordDecoder()
    let sequence = "49648253425186254392563617043231590617634201624871904839"

    func outcomes(_ bytes: [UInt8]) throws -> [Result<WebEvent, RejectedRecord>] {
        guard case .aggregate(let outcomes) = decoder.decode(TestRecords.record(bytes, sequence: sequence)) else {
            Issue.record("expected an aggregate")
            throw CancellationError()
        }
        return outcomes
    }

    @Test func everyUserRecordBecomesARowWithItsSubSequenceNumber() throws {
        let bytes = KPLAggregateBuilder.aggregate([
            Array(#"{"event_id":"e-1","session_id":"s","event_type":"click","timestamp":1705323911}"#.utf8),
            Array(#"{"session_id":"s","event_type":"scroll","timestamp":1705323912}"#.utf8),
            TestRecords.gzip(Array(#"{"session_id":"t","event_type":"view","timestamp":1705327211}"#.utf8)),
        ])
        let rows = try outcomes(bytes).map { try $0.get() }
        #expect(rows.map(\.subSequenceNumber) == [0, 1, 2])
        // The producer's id is kept; a missing one includes the sub-sequence number, so siblings never collide.
        #expect(rows.map(\.eventID) == ["e-1", "shardId-000000000000-\(sequence)-1", "shardId-000000000000-\(sequence)-2"])
        #expect(rows.allSatisfy { $0.sequenceNumber == sequence && $0.shardID == "shardId-000000000000" })
        #expect(rows.map(\.hour.path) == ["year=2024/month=01/day=15/hour=13", "year=2024/month=01/day=15/hour=13", "year=2024/month=01/day=15/hour=14"])
    }

    @Test func aPlainRecordHasNoSubSequenceNumberAndKeepsItsEventID() throws {
        guard case .event(let row) = decoder.decode(TestRecords.record(json: #"{"session_id":"s","event_type":"x","timestamp":1705323911}"#)) else {
            Issue.record("expected one event")
            return
        }
        #expect(row.subSequenceNumber == nil)
        #expect(row.eventID == "shardId-000000000000-\(sequence)")
    }

    @Test func aBadUserRecordIsRejectedAloneWithItsOwnBytesAndSubSequenceNumber() throws {
        let bad = Array(#"{"event_type":"click","timestamp":1705323911}"#.utf8)
        let bytes = KPLAggregateBuilder.aggregate([
            Array(#"{"session_id":"s","event_type":"click","timestamp":1705323911}"#.utf8), bad, [],
        ])
        let results = try outcomes(bytes)
        #expect((try? results[0].get())?.subSequenceNumber == 0)
        guard case .failure(let missing) = results[1], case .failure(let empty) = results[2] else {
            Issue.record("expected two rejections")
            return
        }
        #expect(missing.code == .missingField)
        #expect(missing.reason == "user record 1: session_id is missing or empty")
        #expect(missing.subSequenceNumber == 1)
        #expect(missing.sequenceNumber == sequence)
        #expect(Data(base64Encoded: missing.originalData) == Data(bad))
        #expect(empty.code == .notJSON)
        #expect(empty.reason == "user record 2: payload is empty")

        let line = try #require(try JSONSerialization.jsonObject(with: Data(missing.jsonLine.utf8)) as? [String: Any])
        #expect(line["sub_sequence_number"] as? Int == 1)
        #expect(line["sequence_number"] as? String == sequence)
        #expect(line["error_code"] as? String == "MISSING_FIELD")
    }

    /// What `pipeline-ops resubmit-failed` sends for a rejected user record: its own bytes as a plain record with
    /// the aggregate's sequence number and its index there, so the row is the one it would have been.
    @Test func aResubmittedUserRecordKeepsItsSubSequenceNumberAndRowIdentity() throws {
        var record = TestRecords.record(json: #"{"session_id":"s","event_type":"x","timestamp":1705323911}"#, sequence: sequence)
        record.kinesis.subSequenceNumber = 2
        guard case .event(let row) = decoder.decode(record) else {
            Issue.record("expected one event")
            return
        }
        #expect(row.subSequenceNumber == 2)
        #expect(row.eventID == "shardId-000000000000-\(sequence)-2")

        // Still bad: rejected again with the same index, so the next re-submission keeps it too.
        var bad = TestRecords.record(json: #"{"event_type":"x","timestamp":1705323911}"#, sequence: sequence)
        bad.kinesis.subSequenceNumber = 2
        guard case .rejected(let rejected) = decoder.decode(bad) else {
            Issue.record("expected a rejection")
            return
        }
        #expect(rejected.subSequenceNumber == 2)
        #expect(rejected.code == .missingField)
    }

    @Test func aResubmittedUserRecordThatIsAnAggregateOrHasANegativeIndexIsRejected() throws {
        var nested = TestRecords.record(KPLAggregateBuilder.aggregate([Array(#"{"session_id":"s"}"#.utf8)]), sequence: sequence)
        nested.kinesis.subSequenceNumber = 0
        guard case .rejected(let aggregate) = decoder.decode(nested) else {
            Issue.record("expected a rejection")
            return
        }
        #expect(aggregate.code == .badAggregate)
        var negative = TestRecords.record(json: #"{"session_id":"s","event_type":"x","timestamp":1705323911}"#, sequence: sequence)
        negative.kinesis.subSequenceNumber = -1
        guard case .rejected(let rejected) = decoder.decode(negative) else {
            Issue.record("expected a rejection")
            return
        }
        #expect(rejected.reason == "subSequenceNumber -1 is negative")
    }

    @Test func aCorruptAggregateIsRejectedWholeWithItsReasonAndOriginalBytes() throws {
        var bytes = KPLAggregateBuilder.aggregate([Array(#"{"session_id":"s","event_type":"x","timestamp":1705323911}"#.utf8)])
        bytes[bytes.count - 3] ^= 0xFF
        let record = TestRecords.record(bytes, sequence: sequence)
        guard case .rejected(let rejected) = decoder.decode(record) else {
            Issue.record("expected a rejection")
            return
        }
        #expect(rejected.code == .badAggregate)
        #expect(rejected.reason == "KPL aggregate: MD5 trailer does not match the protobuf bytes 4..<\(bytes.count - 16) (byte offset \(bytes.count - 16))")
        #expect(rejected.subSequenceNumber == nil)
        #expect(rejected.originalData == record.kinesis.data)
        #expect(!rejected.jsonLine.contains("sub_sequence_number"))

        let empty = KPLAggregateBuilder.aggregate([])
        guard case .rejected(let none) = decoder.decode(TestRecords.record(empty)) else { Issue.record("expected a rejection"); return }
        #expect(none.code == .badAggregate)
        #expect(none.reason.contains("holds no user records"))
    }

    @Test func theGoldenAggregatesDecodeToTheirEvents() throws {
        let many = try #require(try KPLAggregateTests.goldenVectors().first { $0.name == "many" })
        let results = try outcomes([UInt8](try #require(Data(base64Encoded: many.aggregate_base64))))
        let rows = try results.map { try $0.get() }
        #expect(rows.map(\.eventID) == (0..<40).map { "kpl-\($0)" })
        #expect(rows.map(\.subSequenceNumber) == (0..<40).map { Int64($0) })
        #expect(Set(rows.map(\.hour.path)).count == 2)
    }

    @Test func theKPLSampleBatchDecodesToItsSixtyEvents() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let event = try JSONDecoder().decode(KinesisEvent.self, from: Data(contentsOf: root.appendingPathComponent("events/kinesis-clickstream-kpl.json")))
        #expect(event.records.count == 4)
        let rows = try event.records.flatMap { record in try decoder.decode(record).outcomes.map { try $0.get() } }
        #expect(rows.count == 60)
        #expect(rows.map(\.subSequenceNumber) == (0..<4).flatMap { _ in (0..<15).map { Int64($0) } })
    }
}
