import Clickstream
import CZlib
import Foundation
import HTTP
import LambdaEvents
import Testing
import TestSupport

@testable import AWS

/// What the clickstream integration tests share: a bucket and topic in moto, the functions under the Runtime
/// Interface Emulator pointed at the signature-checking proxy, synthetic web events, Lambda-like re-delivery,
/// and the Python oracle that reads the table back.
enum ClickstreamTestSupport {
    static var isAvailable: Bool { TestEnvironment.available("PIPELINE_AWS_ENDPOINT", "PIPELINE_RIE_BINARY") }

    /// 2024-01-15T13:00:00Z; synthetic events fall in the hours after it.
    static let baseSeconds = 1_705_323_600

    struct Setup {
        let bucket: String
        let topicARN: String
        let aws: AWSConfiguration
    }

    static func makeSetup(_ name: String) async throws -> Setup {
        let aws = try AWSTestEnvironment.configuration()
        let bucket = AWSTestEnvironment.uniqueName(name)
        try await AWSTestEnvironment.createBucket(bucket, configuration: aws)
        let topic = try await AWSTestEnvironment.createTopic(AWSTestEnvironment.uniqueName("topic"), configuration: aws)
        return Setup(bucket: bucket, topicARN: topic, aws: aws)
    }

    /// The environment a function gets: credentials and endpoint of the proxy, plus its own settings.
    static func functionEnvironment(_ settings: [String: String]) throws -> [String: String] {
        let environment = ProcessInfo.processInfo.environment
        return [
            "AWS_ACCESS_KEY_ID": try #require(environment["PIPELINE_AWS_ACCESS_KEY_ID"]),
            "AWS_SECRET_ACCESS_KEY": try #require(environment["PIPELINE_AWS_SECRET_ACCESS_KEY"]),
            "AWS_SESSION_TOKEN": try #require(environment["PIPELINE_AWS_SESSION_TOKEN"]),
            "AWS_REGION": "us-east-1",
            "AWS_ENDPOINT_URL": AWSTestEnvironment.proxyEndpoint,
            "AWS_MAX_ATTEMPTS": "3",
        ].merging(settings) { $1 }
    }

    static func kinesisTransform(_ setup: Setup, _ settings: [String: String] = [:]) throws -> RuntimeEmulator {
        try RuntimeEmulator(
            bootstrap: TestEnvironment.builtProduct("KinesisTransform"),
            environment: functionEnvironment(["S3_BUCKET": setup.bucket, "SNS_TOPIC_ARN": setup.topicARN].merging(settings) { $1 }))
    }

    // MARK: synthetic events

    /// One record to put in a batch: its payload bytes and, for good events, the row it must become.
    struct SyntheticRecord {
        let sequence: String
        let payload: [UInt8]
        let expected: ExpectedRow?
        let badCode: String?
        /// For a KPL aggregate: the rows of its good user records.
        var aggregatedRows: [ExpectedRow] = []

        /// Every row the record must become.
        var expectedRows: [ExpectedRow] { expected.map { [$0] } ?? aggregatedRows }
    }

    struct ExpectedRow: Equatable {
        let eventID: String
        let sessionID: String
        let userID: String
        let eventType: String
        let eventTimeMilliseconds: Int64
        let durationMilliseconds: Int64?
        let extraFields: String?
        let sequence: String
        /// The user record's index in its KPL aggregate; nil for a plain record.
        var subSequence: Int64? = nil
    }

    /// A good event with the index's hour (from `hourOf`), in one of several timestamp forms; some without
    /// user id, some with an unknown field, some gzip-compressed.
    static func goodRecord(_ index: Int, sequence: String, hour: Int) -> SyntheticRecord {
        let session = "s-\(index % 17)"
        let seconds = baseSeconds + hour * 3600 + (index * 7) % 3600
        let milliseconds = Int64(seconds) * 1000 + Int64(index % 1000)
        let timestamp: String
        let expectedTime: Int64
        switch index % 3 {
        case 0: timestamp = String(seconds); expectedTime = Int64(seconds) * 1000
        case 1: timestamp = String(milliseconds); expectedTime = milliseconds
        default:
            timestamp = "\"\(RFC3339Timestamp.format(Date(timeIntervalSince1970: Double(milliseconds) / 1000), milliseconds: true))\""
            expectedTime = milliseconds
        }
        let hasUser = index % 4 != 0
        let extra = index % 5 == 0 ? #"{"campaign":"c-\#(index)"}"# : nil
        var json = #"{"event_id":"e-\#(index)","session_id":"\#(session)","#
        if hasUser { json += #""user_id":"u-\#(index % 11)","# }
        json += #""event_type":"\#(["page_view", "click", "scroll"][index % 3])","timestamp":\#(timestamp),"duration_ms":\#(index * 13)"#
        if extra != nil { json += #","campaign":"c-\#(index)""# }
        json += "}"
        var payload = Array(json.utf8)
        if index % 10 == 7 { payload = gzip(payload) }
        return SyntheticRecord(
            sequence: sequence, payload: payload,
            expected: ExpectedRow(
                eventID: "e-\(index)", sessionID: session, userID: hasUser ? "u-\(index % 11)" : AnonymousUserID.forSession(session),
                eventType: ["page_view", "click", "scroll"][index % 3], eventTimeMilliseconds: expectedTime,
                durationMilliseconds: Int64(index * 13), extraFields: extra, sequence: sequence),
            badCode: nil)
    }

    /// A bad record of kind `kind % 9`, with the code the function must give it.
    static func badRecord(_ kind: Int, sequence: String) -> SyntheticRecord {
        let cases: [([UInt8], String)] = [
            (Array("this is not json".utf8), "NOT_JSON"),
            (Array(#"{"event_id": "trunc"#.utf8), "NOT_JSON"),
            (Array(#"[{"session_id":"s"}]"#.utf8), "NOT_AN_OBJECT"),
            (Array(#"{"event_type":"click","timestamp":1705323911}"#.utf8), "MISSING_FIELD"),
            (Array(#"{"session_id":"s","event_type":"click","timestamp":"yesterday"}"#.utf8), "INVALID_FIELD"),
            (Array(#"{"session_id":"s"#.utf8) + [0xC3, 0x28] + Array(#"","event_type":"x","timestamp":1705323911}"#.utf8), "INVALID_UTF8"),
            ([0x1F, 0x8B, 0x08, 0x00, 0xFF, 0xFE, 0x00], "BAD_GZIP"),
            (Array((#"{"session_id":"s","event_type":"x","timestamp":1705323911,"pad":""# + String(repeating: "p", count: 3000) + #""}"#).utf8), "TOO_LARGE"),
            ([], "NOT_BASE64"),  // replaced by text that is not base64 in `kinesisEvent`
        ]
        let (payload, code) = cases[kind % cases.count]
        return SyntheticRecord(sequence: sequence, payload: payload, expected: nil, badCode: code)
    }

    /// A KPL aggregate (built like the Kinesis Producer Library builds them) of `members`' payloads under
    /// `sequence`; the good members' rows get the aggregate's sequence number and their sub-sequence numbers.
    static func aggregateRecord(_ members: [SyntheticRecord], sequence: String) -> SyntheticRecord {
        let rows = members.enumerated().compactMap { index, member in
            member.expected.map { row in
                ExpectedRow(
                    eventID: row.eventID, sessionID: row.sessionID, userID: row.userID, eventType: row.eventType,
                    eventTimeMilliseconds: row.eventTimeMilliseconds, durationMilliseconds: row.durationMilliseconds,
                    extraFields: row.extraFields, sequence: sequence, subSequence: Int64(index))
            }
        }
        return SyntheticRecord(
            sequence: sequence, payload: KPLAggregateBuilder.aggregate(members.map(\.payload)), expected: nil, badCode: nil,
            aggregatedRows: rows)
    }

    /// Sequence numbers of realistic length that sort numerically.
    static func sequence(_ index: Int) -> String {
        "4964825342518625439256361704323159061763420162487" + String(format: "%07d", 1_000_000 + index)
    }

    static func gzip(_ bytes: [UInt8]) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: czlib_gzip_bound(bytes.count))
        var error = [CChar](repeating: 0, count: 256)
        let count = czlib_gzip_compress(bytes, bytes.count, &output, output.count, 6, &error, error.count)
        precondition(count > 0)
        return Array(output.prefix(count))
    }

    /// The event Lambda would send for these records of shard 0.
    static func kinesisEvent(_ records: ArraySlice<SyntheticRecord>) throws -> Data {
        let event = KinesisEvent(records: records.map { record in
            KinesisEventRecord(
                kinesis: KinesisRecord(
                    partitionKey: "pk", sequenceNumber: record.sequence,
                    data: record.badCode == "NOT_BASE64" ? "%%% not base64 %%%" : Data(record.payload).base64EncodedString(),
                    approximateArrivalTimestamp: Double(baseSeconds + 4 * 3600)),
                shardId: "shardId-000000000000", awsRegion: "us-east-1",
                eventSourceARN: "arn:aws:kinesis:us-east-1:123456789012:stream/clickstream")
        })
        return try JSONEncoder().encode(event)
    }

    // MARK: delivery

    struct Delivery {
        let range: Range<Int>
        let reported: [String]
    }

    /// Delivers the records the way a Kinesis event source mapping with ReportBatchItemFailures does: batches
    /// of `batchSize` from the checkpoint; on a partial failure the next batch starts at the lowest reported
    /// sequence number, halved in size when `bisect` (BisectBatchOnFunctionError); until every record is through.
    static func deliver(_ records: [SyntheticRecord], batchSize: Int, bisect: Bool = false, to emulator: RuntimeEmulator)
        async throws -> [Delivery]
    {
        var deliveries: [Delivery] = []
        var start = 0
        var size = batchSize
        while start < records.count {
            try #require(deliveries.count < 20, "no progress after 20 deliveries")
            let range = start..<min(records.count, start + size)
            let response = try await emulator.invoke(try kinesisEvent(records[range]))
            #expect(response.status == 200)
            let object = try #require(try JSONSerialization.jsonObject(with: response.body) as? [String: Any], "\(String(decoding: response.body, as: UTF8.self))")
            let failures = try #require(object["batchItemFailures"] as? [[String: String]], "\(object)")
            let reported = failures.compactMap { $0["itemIdentifier"] }
            deliveries.append(Delivery(range: range, reported: reported))
            if let lowest = reported.min(by: { SequenceNumber($0)! < SequenceNumber($1)! }) {
                start = try #require(records.firstIndex { $0.sequence == lowest }, "reported \(lowest) is not in the batch")
                #expect(range.contains(start))
                if bisect { size = max(1, range.count / 2) }
            } else {
                start = range.upperBound
                size = batchSize
            }
        }
        return deliveries
    }

    // MARK: reading back

    struct TableContents {
        let files: [String]
        let rows: [[String: Any]]

        var rowsByEventID: [String: [[String: Any]]] { Dictionary(grouping: rows) { $0["event_id"] as? String ?? "" } }
    }

    /// The table as the Python readers see it (they must agree with each other; see scripts/clickstream/table_rows.py).
    static func readTable(bucket: String, prefix: String = "events/", readers: String = "pyarrow") throws -> TableContents {
        let endpoint = try #require(ProcessInfo.processInfo.environment["PIPELINE_MOTO_ENDPOINT"])
        let data = try PythonScript.run(
            "scripts/clickstream/table_rows.py", ["--endpoint", endpoint, "--bucket", bucket, "--prefix", prefix, "--readers", readers])
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        return TableContents(files: object["files"] as? [String] ?? [], rows: object["rows"] as? [[String: Any]] ?? [])
    }

    /// Every expected row is in the table exactly once with the expected values, and nothing else is.
    static func expectExactlyOnce(_ expected: [ExpectedRow], in table: TableContents, sourceLocation: SourceLocation = #_sourceLocation) {
        let byID = table.rowsByEventID
        #expect(table.rows.count == expected.count, "rows in the table", sourceLocation: sourceLocation)
        #expect(byID.values.filter { $0.count > 1 }.map { $0[0]["event_id"] as? String ?? "" }.sorted().prefix(5) == [],
                "duplicated event ids", sourceLocation: sourceLocation)
        for row in expected {
            guard let found = byID[row.eventID]?.first else {
                Issue.record("event \(row.eventID) is missing", sourceLocation: sourceLocation)
                continue
            }
            let actual = ExpectedRow(
                eventID: found["event_id"] as? String ?? "", sessionID: found["session_id"] as? String ?? "",
                userID: found["user_id"] as? String ?? "", eventType: found["event_type"] as? String ?? "",
                eventTimeMilliseconds: (found["event_time"] as? NSNumber)?.int64Value ?? -1,
                durationMilliseconds: (found["duration_ms"] as? NSNumber)?.int64Value, extraFields: found["extra_fields"] as? String,
                sequence: found["sequence_number"] as? String ?? "", subSequence: (found["sub_sequence_number"] as? NSNumber)?.int64Value)
            #expect(actual == row, sourceLocation: sourceLocation)
        }
    }

    /// The hours (0-based from `baseSeconds`) present in the table's keys.
    static func hourDirectories(_ files: [String]) -> Set<String> {
        Set(files.compactMap { key in key.range(of: "hour=").map { String(key[$0.upperBound...].prefix(2)) } })
    }
}
