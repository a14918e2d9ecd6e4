import Foundation
import LambdaEvents
import Testing

@Suite struct KinesisEventTests {
    @Test func decodesTheClickstreamSample() throws {
        let event = try LambdaEventDecoder.decode(KinesisEvent.self, from: TestData.sampleEvent("kinesis-clickstream.json"))
        #expect(event.records.count == 50)
        #expect(Set(event.records.map(\.shardId)) == ["shardId-000000000000", "shardId-000000000001"])
        for record in event.records {
            #expect(record.eventSource == "aws:kinesis")
            #expect(record.eventID == "\(record.shardId):\(record.sequenceNumber)")
            #expect(record.sequenceNumber.count == 56)
            let payload = try TestData.jsonObject(record.decodedData())
            #expect(payload["session_id"] as? String == record.kinesis.partitionKey)
            #expect(payload["event_id"] is String)
        }
        let first = try #require(event.records.first)
        #expect(first.awsRegion == "us-east-1")
        #expect(first.eventSourceARN == "arn:aws:kinesis:us-east-1:123456789012:stream/clickstream")
        #expect(first.approximateArrivalTime == Date(timeIntervalSince1970: first.kinesis.approximateArrivalTimestamp))
        #expect(first.approximateArrivalTime > RFC3339Timestamp.parse("2024-01-15T13:05:09Z")!)
        #expect(first.approximateArrivalTime < RFC3339Timestamp.parse("2024-01-15T13:10:00Z")!)
    }

    @Test func decodesDocumentedRecordAndIgnoresUnknownFields() throws {
        let event = try LambdaEventDecoder.decode(KinesisEvent.self, from: TestData.fixture("kinesis-tumbling-window.json"))
        let record = try #require(event.records.first)
        #expect(record.shardId == "shardId-000000000006")
        #expect(record.sequenceNumber == "49590338271490256608559692538361571095921575989136588898")
        #expect(record.kinesis.partitionKey == "1")
        #expect(record.kinesis.encryptionType == "KMS")
        #expect(record.kinesis.kinesisSchemaVersion == "1.0")
        #expect(record.invokeIdentityArn == "arn:aws:iam::123456789012:role/lambda-kinesis-role")
        #expect(String(decoding: try record.decodedData(), as: UTF8.self) == "Hello, this is a test.")
        #expect(record.approximateArrivalTime == RFC3339Timestamp.parse("2020-12-09T07:04:35Z"))
    }

    @Test func badRecordsFailOneByOneNamingTheirSequenceNumber() throws {
        let event = try LambdaEventDecoder.decode(KinesisEvent.self, from: TestData.sampleEvent("kinesis-mixed-bad.json"))
        #expect(event.records.count == 12)
        var notBase64: [Int] = []
        for (index, record) in event.records.enumerated() {
            do {
                _ = try record.decodedData()
            } catch {
                notBase64.append(index)
                #expect(error.sequenceNumber == record.sequenceNumber)
                #expect(error.shardId == "shardId-000000000000")
                #expect(error.description.hasPrefix("Kinesis record \(record.sequenceNumber) on shardId-000000000000: data is not valid base64"))
                #expect(!error.description.contains(record.kinesis.data))
            }
        }
        #expect(notBase64 == [1, 2])
        #expect(try event.records[9].decodedData().isEmpty)
        #expect(String(decoding: try event.records[3].decodedData(), as: UTF8.self) == "this is not json")
        #expect(try event.records[10].decodedData() == Data([0x1F, 0x8B, 0x08, 0x00, 0xFF, 0xFE, 0x00]))
    }

    @Test func decodesTenThousandRecords() throws {
        let count = 10_000
        var json = #"{"Records":["#
        json.reserveCapacity(count * 520)
        for index in 0..<count {
            let sequence = "4964825342518625439256361704323158561763420162487\(String(format: "%07d", index))"
            let data = Data(#"{"event_id":"e-\#(index)","event_type":"page_view"}"#.utf8).base64EncodedString()
            if index > 0 { json += "," }
            json += """
            {"kinesis":{"kinesisSchemaVersion":"1.0","partitionKey":"s-\(index % 97)","sequenceNumber":"\(sequence)",\
            "data":"\(data)","approximateArrivalTimestamp":\(1_705_323_909 + index).125},"eventSource":"aws:kinesis",\
            "eventVersion":"1.0","eventID":"shardId-00000000000\(index % 4):\(sequence)","eventName":"aws:kinesis:record",\
            "invokeIdentityArn":"arn:aws:iam::123456789012:role/KinesisTransformRole","awsRegion":"us-east-1",\
            "eventSourceARN":"arn:aws:kinesis:us-east-1:123456789012:stream/clickstream"}
            """
        }
        json += "]}"

        let event = try LambdaEventDecoder.decode(KinesisEvent.self, from: TestData.json(json))
        #expect(event.records.count == count)
        let last = try #require(event.records.last)
        #expect(last.sequenceNumber == "49648253425186254392563617043231585617634201624870009999")
        #expect(last.shardId == "shardId-000000000003")
        #expect(last.kinesis.partitionKey == "s-\(9_999 % 97)")
        #expect(last.approximateArrivalTime.timeIntervalSince1970 == 1_705_333_908.125)
        #expect(try TestData.jsonObject(last.decodedData())["event_id"] as? String == "e-9999")
    }

    @Test func missingFieldIsNamedByPath() throws {
        var records = Array(repeating: Self.recordJSON(data: #""SGk=""#), count: 5)
        records[3] = Self.recordJSON(data: nil)
        let payload = TestData.json(#"{"Records":[\#(records.joined(separator: ","))]}"#)
        #expect(throws: LambdaEventDecodingError(
            eventType: "KinesisEvent", path: "Records[3].kinesis.data", reason: "required field is missing")
        ) {
            try LambdaEventDecoder.decode(KinesisEvent.self, from: payload)
        }
    }

    @Test func wrongTypeIsNamedByPath() throws {
        let payload = TestData.json(#"{"Records":[\#(Self.recordJSON(data: "42"))]}"#)
        #expect(throws: LambdaEventDecodingError(
            eventType: "KinesisEvent", path: "Records[0].kinesis.data", reason: "expected a string")
        ) {
            try LambdaEventDecoder.decode(KinesisEvent.self, from: payload)
        }
    }

    @Test func eventIDWithoutShardIsRejected() throws {
        let record = Self.recordJSON(data: #""SGk=""#).replacingOccurrences(of: "shardId-000000000000:", with: "")
        let payload = TestData.json(#"{"Records":[\#(record)]}"#)
        #expect {
            try LambdaEventDecoder.decode(KinesisEvent.self, from: payload)
        } throws: { error in
            guard let error = error as? LambdaEventDecodingError else { return false }
            return error.path == "Records[0].eventID" && error.reason.contains("<shard id>:<sequence number>")
        }
    }

    @Test func roundTripsThroughJSON() throws {
        let record = KinesisEventRecord(
            kinesis: KinesisRecord(
                partitionKey: "s-1", sequenceNumber: "49590338271490256608559692538361571095921575989136588898",
                data: Data("hello".utf8).base64EncodedString(), approximateArrivalTimestamp: 1_705_323_909.5),
            shardId: "shardId-000000000002", awsRegion: "eu-west-1",
            eventSourceARN: "arn:aws:kinesis:eu-west-1:123456789012:stream/s")
        #expect(record.eventID == "shardId-000000000002:49590338271490256608559692538361571095921575989136588898")
        let event = KinesisEvent(records: [record])
        let decoded = try LambdaEventDecoder.decode(KinesisEvent.self, from: JSONEncoder().encode(event))
        #expect(decoded == event)
        #expect(try decoded.records[0].decodedData() == Data("hello".utf8))
    }

    /// A record with `data` set to the given JSON value text, or without `data` when nil.
    static func recordJSON(data: String?) -> String {
        let dataMember = data.map { #""data":\#($0),"# } ?? ""
        return """
        {"kinesis":{"kinesisSchemaVersion":"1.0","partitionKey":"p","sequenceNumber":"4959",\(dataMember)\
        "approximateArrivalTimestamp":1480641523.477},"eventSource":"aws:kinesis","eventVersion":"1.0",\
        "eventID":"shardId-000000000000:4959","eventName":"aws:kinesis:record","awsRegion":"us-east-1",\
        "eventSourceARN":"arn:aws:kinesis:us-east-1:123456789012:stream/simple-stream"}
        """
    }
}
