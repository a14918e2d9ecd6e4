import Foundation
import Testing

@testable import AWS

@Suite struct AWSTimestampTests {
    let reference = Date(timeIntervalSince1970: 1_705_320_000)  // 2024-01-15T12:00:00Z

    @Test func formatsAndParsesTheWireFormats() throws {
        #expect(AWSDateFormat.amzDate(reference) == "20240115T120000Z")
        #expect(AWSDateFormat.iso8601(reference) == "2024-01-15T12:00:00Z")
        #expect(AWSDateFormat.parseAmzDate("20240115T120000Z") == reference)
        #expect(AWSDateFormat.parseISO8601("2024-01-15T12:00:00Z") == reference)
        #expect(AWSDateFormat.parseISO8601("2024-01-15T12:00:00.500Z") == reference.addingTimeInterval(0.5))
        #expect(AWSDateFormat.parseISO8601("2024-01-15T13:00:00+01:00") == reference)
        #expect(AWSDateFormat.parseHTTPDate("Mon, 15 Jan 2024 12:00:00 GMT") == reference)
        #expect(AWSDateFormat.parseISO8601("2024-13-15T12:00:00Z") == nil)
        #expect(AWSDateFormat.parseAmzDate("2024-01-15") == nil)
        #expect(AWSDateFormat.amzDate(Date(timeIntervalSince1970: 951_782_400)) == "20000229T000000Z")
        #expect(AWSDateFormat.amzDate(Date(timeIntervalSince1970: 0)) == "19700101T000000Z")
    }

    @Test func jsonTimestampsDecodeFromNumbersAndStrings() throws {
        struct Holder: Decodable { var at: AWSTimestamp }
        let number = try JSONDecoder().decode(Holder.self, from: Data(#"{"at": 1705320000.25}"#.utf8))
        #expect(number.at.date == reference.addingTimeInterval(0.25))
        let text = try JSONDecoder().decode(Holder.self, from: Data(#"{"at": "2024-01-15T12:00:00Z"}"#.utf8))
        #expect(text.at.date == reference)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Holder.self, from: Data(#"{"at": "yesterday"}"#.utf8)) }
    }
}
