import Foundation
import GA4
import Testing

@testable import GA4Ingest

@Suite("Invocation events")
struct GA4IngestEventTests {
    func decode(_ json: String) throws -> GA4IngestEvent {
        try JSONDecoder().decode(GA4IngestEvent.self, from: Data(json.utf8))
    }

    @Test func theSampleScheduledEventIsAScheduledRunAtItsTime() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../events/ga4-scheduled.json")
        let event = try JSONDecoder().decode(GA4IngestEvent.self, from: Data(contentsOf: url))
        #expect(event == .scheduled(time: Date(timeIntervalSince1970: 1_746_165_600)))
    }

    @Test func theSampleBackfillEventNamesPropertiesAndDates() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../events/ga4-backfill.json")
        guard case .backfill(let request) = try JSONDecoder().decode(GA4IngestEvent.self, from: Data(contentsOf: url)) else {
            Issue.record("not a backfill")
            return
        }
        #expect(request.properties.map(\.number) == ["123456789"])
        #expect(request.startDate.isoString == "2025-04-01")
        #expect(request.endDate.isoString == "2025-04-30")
    }

    @Test func aDirectBackfillAndOneWithDetailAsAStringDecodeAlike() throws {
        let direct = try decode(#"{"properties":["123"],"startDate":"2025-01-01","endDate":"2025-01-02"}"#)
        let wrapped = try decode(#"""
            {"version":"0","id":"1","detail-type":"GA4 Backfill","source":"manual","account":"123456789012",
             "time":"2025-01-05T00:00:00Z","region":"us-east-1","resources":[],
             "detail":"{\"properties\":[\"properties/123\"],\"startDate\":\"2025-01-01\",\"endDate\":\"2025-01-02\"}"}
            """#)
        #expect(direct == wrapped)
    }

    @Test(arguments: [
        (#"{"properties":[],"startDate":"2025-01-01","endDate":"2025-01-02"}"#, "names no property"),
        (#"{"properties":["1"],"startDate":"2025-01-03","endDate":"2025-01-02"}"#, "before startDate"),
        (#"{"properties":["1"],"startDate":"2025-13-01","endDate":"2025-01-02"}"#, "is not YYYY-MM-DD"),
        (#"{"properties":["G-ABC"],"startDate":"2025-01-01","endDate":"2025-01-02"}"#, "measurement id"),
        (#"{"detail-type":"Object Created","id":"1","source":"aws.s3","account":"1","time":"2025-01-01T00:00:00Z","region":"us-east-1","detail":{}}"#, "is not \"Scheduled Event\""),
    ])
    func badEventsSayWhatIsWrong(json: String, expected: String) {
        do {
            _ = try decode(json)
            Issue.record("decoded \(json)")
        } catch {
            #expect("\(error)".contains(expected), "\(error)")
        }
    }
}
