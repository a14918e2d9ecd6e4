import Foundation
import LambdaEvents
import Testing

@Suite struct LambdaEventDecodingErrorTests {
    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int?
        init(_ string: String) { stringValue = string }
        init(index: Int) { stringValue = "Index \(index)"; intValue = index }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { self.init(index: intValue) }
    }

    @Test func formatsCodingPaths() {
        #expect(LambdaEventDecodingError.format([]) == "")
        #expect(LambdaEventDecodingError.format([Key("Records"), Key(index: 3), Key("kinesis"), Key("data")]) == "Records[3].kinesis.data")
        #expect(LambdaEventDecodingError.format([Key(index: 0), Key(index: 1), Key("a")]) == "[0][1].a")
    }

    @Test func describesWithPath() {
        let error = LambdaEventDecodingError(eventType: "KinesisEvent", path: "Records[3].kinesis.data", reason: "required field is missing")
        #expect(error.description == "KinesisEvent: Records[3].kinesis.data: required field is missing")
        #expect(LambdaEventDecodingError(eventType: "S3Event", path: "", reason: "bad").description == "S3Event: bad")
    }

    @Test func reportsNullAndTypeMismatches() {
        #expect(throws: LambdaEventDecodingError(eventType: "S3Event", path: "Records[0].awsRegion", reason: "expected a string but found null")) {
            try LambdaEventDecoder.decode(S3Event.self, from: TestData.json(#"{"Records":[{"eventSource":"aws:s3","awsRegion":null}]}"#))
        }
        #expect(throws: LambdaEventDecodingError(eventType: "S3Event", path: "Records", reason: "expected an array")) {
            try LambdaEventDecoder.decode(S3Event.self, from: TestData.json(#"{"Records":{}}"#))
        }
        #expect(throws: LambdaEventDecodingError(eventType: "KinesisEvent", path: "Records[0].kinesis.approximateArrivalTimestamp", reason: "expected a number")) {
            let record = KinesisEventTests.recordJSON(data: #""SGk=""#).replacingOccurrences(of: "1480641523.477", with: #""1480641523.477""#)
            _ = try LambdaEventDecoder.decode(KinesisEvent.self, from: TestData.json(#"{"Records":[\#(record)]}"#))
        }
    }

    @Test func reportsInvalidJSON() {
        #expect {
            try LambdaEventDecoder.decode(S3Event.self, from: [UInt8]("{\"Records\": [".utf8))
        } throws: { error in
            guard let error = error as? LambdaEventDecodingError else { return false }
            return error.path == "" && error.reason.hasPrefix("the event is not valid JSON")
        }
    }
}
