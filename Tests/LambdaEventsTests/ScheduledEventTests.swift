import Foundation
import LambdaEvents
import Testing

@Suite struct ScheduledEventTests {
    @Test func decodesTheRuleSample() throws {
        let event = try LambdaEventDecoder.decode(ScheduledEvent.self, from: TestData.sampleEvent("eventbridge-scheduled.json"))
        #expect(event.isScheduled)
        #expect(event.source == "aws.events")
        #expect(event.detailType == "Scheduled Event")
        #expect(event.time == RFC3339Timestamp.parse("2024-01-15T06:00:00Z"))
        #expect(event.resources == ["arn:aws:events:us-east-1:123456789012:rule/ga4-ingest-daily"])
        #expect(event.detail == ScheduledEventDetail())
    }

    @Test func decodesSchedulerEventWithStringDetail() throws {
        let event = try LambdaEventDecoder.decode(ScheduledEvent.self, from: TestData.fixture("eventbridge-scheduler-string-detail.json"))
        #expect(event.isScheduled)
        #expect(event.source == "aws.scheduler")
        #expect(event.resources == ["arn:aws:scheduler:us-east-1:123456789012:schedule/default/ga4-ingest-daily"])
    }

    @Test func detailMustBeAnObject() throws {
        let payload = TestData.json("""
        {"version":"0","id":"1","detail-type":"Scheduled Event","source":"aws.events","account":"1",\
        "time":"2024-01-15T06:00:00Z","region":"us-east-1","resources":[],"detail":[]}
        """)
        #expect {
            try LambdaEventDecoder.decode(ScheduledEvent.self, from: payload)
        } throws: { error in
            (error as? LambdaEventDecodingError)?.path == "detail"
        }
    }

    @Test func customEventNamedLikeAScheduleIsNotScheduled() throws {
        let payload = TestData.json("""
        {"version":"0","id":"1","detail-type":"Scheduled Event","source":"com.example.app","account":"1",\
        "time":"2024-01-15T06:00:00Z","region":"us-east-1","resources":[],"detail":{"dates":["2024-01-14"]}}
        """)
        let event = try LambdaEventDecoder.decode(ScheduledEvent.self, from: payload)
        #expect(!event.isScheduled)
    }

    @Test func encodesEmptyDetail() throws {
        let event = ScheduledEvent(
            id: "1", detailType: "Scheduled Event", source: "aws.events", account: "1",
            time: Date(timeIntervalSince1970: 0), region: "us-east-1", detail: ScheduledEventDetail())
        let text = String(decoding: try JSONEncoder().encode(event), as: UTF8.self)
        #expect(text.contains(#""detail":{}"#))
    }
}
