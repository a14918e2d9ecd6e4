import Foundation
import LambdaEvents
import Testing

/// The sample events in `events/` are what `make invoke` and the demo feed the functions: each must be
/// present, small, and decode with the model of its trigger.
@Suite struct SampleEventFilesTests {
    static let expectedFiles = [
        "eventbridge-register-data-flow.json", "eventbridge-s3-object-created.json", "eventbridge-scheduled.json",
        "kinesis-clickstream.json", "kinesis-mixed-bad.json", "s3-put-hostile-key.json", "s3-put-parquet.json",
        "s3-put-redshift-unload.json", "s3-put-upload-csv.json", "s3-validation-upload.json",
    ]

    @Test func everyExpectedSampleExists() throws {
        let present = try FileManager.default.contentsOfDirectory(atPath: TestData.sampleEventsDirectory.path)
        #expect(Set(Self.expectedFiles).isSubset(of: Set(present)))
    }

    @Test(arguments: expectedFiles)
    func isSmallAndDecodes(file: String) throws {
        let payload = try TestData.sampleEvent(file)
        #expect(payload.count <= (file.hasPrefix("kinesis-clickstream") ? 64 * 1024 : 16 * 1024))
        switch try LambdaEventKind.detect(payload) {
        case .kinesis:
            #expect(try !LambdaEventDecoder.decode(KinesisEvent.self, from: payload).records.isEmpty)
        case .s3Notification, .s3ViaEventBridge:
            #expect(try !S3ObjectNotification.decode(from: payload).objects.isEmpty)
        case .scheduled:
            #expect(try LambdaEventDecoder.decode(ScheduledEvent.self, from: payload).isScheduled)
        case .eventBridge:
            let event = try LambdaEventDecoder.decode(EventBridgeEvent<[String: JSONValue]>.self, from: payload)
            #expect(!event.detail.isEmpty)
        case let other:
            Issue.record("\(file) is of unexpected kind \(other)")
        }
    }

    @Test func clickstreamRecordsCarryEveryField() throws {
        let event = try LambdaEventDecoder.decode(KinesisEvent.self, from: TestData.sampleEvent("kinesis-clickstream.json"))
        let fields: Set = ["event_id", "session_id", "event_type", "page_url", "referrer", "timestamp", "device_type",
                           "browser", "os", "country", "duration_ms"]
        var timestampKinds = Set<String>()
        var anonymous = 0
        for record in event.records {
            let payload = try TestData.jsonObject(record.decodedData())
            #expect(fields.isSubset(of: Set(payload.keys)), "record \(record.sequenceNumber)")
            if payload["user_id"] == nil || payload["user_id"] is NSNull { anonymous += 1 }
            switch payload["timestamp"] {
            case let text as String: timestampKinds.insert(RFC3339Timestamp.parse(text) == nil ? "bad" : "iso")
            case let number as NSNumber: timestampKinds.insert(number.int64Value > 100_000_000_000 ? "ms" : "s")
            default: timestampKinds.insert("bad")
            }
        }
        #expect(timestampKinds == ["s", "ms", "iso"])
        #expect(anonymous > 0 && anonymous < event.records.count)
    }
}

/// Any JSON value, for decoding a detail whose shape the test does not care about.
enum JSONValue: Decodable, Sendable {
    case string(String), number(Double), bool(Bool), null, array([JSONValue]), object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let value = try? container.decode(Bool.self) { self = .bool(value) }
        else if let value = try? container.decode(Double.self) { self = .number(value) }
        else if let value = try? container.decode(String.self) { self = .string(value) }
        else if let value = try? container.decode([JSONValue].self) { self = .array(value) }
        else { self = .object(try container.decode([String: JSONValue].self)) }
    }
}
