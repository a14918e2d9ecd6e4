import Testing

import Clickstream

@testable import KinesisTransform

struct ClickstreamTableTests {
    @Test func theSchemaHasTheTablesColumnsInOrder() {
        #expect(ClickstreamTable.schema.columns.map(\.name) == [
            "event_id", "session_id", "user_id", "event_type", "page_url", "referrer", "event_time", "device_type",
            "browser", "os", "country", "duration_ms", "extra_fields", "shard_id", "sequence_number", "arrival_time",
            "sub_sequence_number",
        ])
    }

    @Test func eventsBecomeACompleteParquetFile() throws {
        let events = (0..<3).map { index in
            WebEvent(eventID: "e\(index)", sessionID: "s", userID: "u", eventType: "click", eventTimeMilliseconds: 1_705_323_911_000 + Int64(index),
                     durationMilliseconds: index == 1 ? nil : Int64(index), shardID: "shardId-000000000000", sequenceNumber: "\(index + 1)",
                     arrivalTimeMilliseconds: 1_705_323_915_000)
        }
        let file = try ClickstreamTable.parquetFile(events)
        #expect(Array(file.prefix(4)) == Array("PAR1".utf8))
        #expect(Array(file.suffix(4)) == Array("PAR1".utf8))
        #expect(file.count > 500)
    }
}
