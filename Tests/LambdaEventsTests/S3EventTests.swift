import Foundation
import LambdaEvents
import Testing

@Suite struct S3EventTests {
    @Test func decodesTheParquetSample() throws {
        let event = try LambdaEventDecoder.decode(S3Event.self, from: TestData.sampleEvent("s3-put-parquet.json"))
        let record = try #require(event.records.first)
        #expect(event.records.count == 1)
        #expect(record.eventSource == "aws:s3")
        #expect(record.eventName == "ObjectCreated:Put")
        #expect(record.awsRegion == "us-east-1")
        #expect(record.eventTime == RFC3339Timestamp.parse("2024-01-15T13:05:13.120Z"))
        #expect(record.s3.bucket.name == "analytics-curated-123456789012")
        #expect(record.s3.bucket.arn == "arn:aws:s3:::analytics-curated-123456789012")
        #expect(record.s3.object.key.hasPrefix("events/year=2024/month=01/day=15/hour=13/part-shardId-000000000000-"))
        #expect(record.s3.object.encodedKey.hasPrefix("events/year%3D2024/month%3D01/day%3D15/hour%3D13/"))
        #expect(record.s3.object.size == 48_213)
        #expect(record.s3.object.eTag?.count == 32)
        #expect(record.requestParameters?.sourceIPAddress == "10.0.12.34")
        #expect(record.responseElements?.requestId?.count == 16)
    }

    @Test func decodesHostileKeys() throws {
        let event = try LambdaEventDecoder.decode(S3Event.self, from: TestData.sampleEvent("s3-put-hostile-key.json"))
        #expect(event.records.map(\.s3.object.key) == [
            "uploads/2024 Q1/café + résumé=final 100%.csv",
            "uploads/../../validated/orders.csv",
            "uploads/line\nbreak \"quoted\" <tag> &amp; #hash ?q=1.csv",
        ])
        #expect(event.records[0].s3.object.encodedKey == "uploads/2024+Q1/caf%C3%A9+%2B+r%C3%A9sum%C3%A9%3Dfinal+100%25.csv")
    }

    @Test func decodesVersionedPutAndDeleteMarker() throws {
        let event = try LambdaEventDecoder.decode(S3Event.self, from: TestData.fixture("s3-versioned-put-and-delete.json"))
        #expect(event.records.count == 2)
        let put = event.records[0].s3.object
        #expect(put.key == "exports/dt=2024-02-29/big export #1.csv.gz")
        #expect(put.size == 5_368_709_120)
        #expect(put.eTag == "d41d8cd98f00b204e9800998ecf8427e-640")
        #expect(put.versionId == "096fKKXTRTtl3on89fVO.nfljtsv6qko")
        #expect(put.sequencer == "0055AED6DCD90281E5")
        #expect(event.records[0].eventVersion == "2.2")
        #expect(event.records[0].eventTime.timeIntervalSince1970 == 1_709_251_199.999)

        let delete = event.records[1]
        #expect(delete.eventName == "ObjectRemoved:DeleteMarkerCreated")
        #expect(delete.s3.object.size == nil)
        #expect(delete.s3.object.eTag == nil)
        #expect(delete.eventTime == RFC3339Timestamp.parse("2024-02-29T23:00:01.5Z"))
    }

    @Test func malformedKeyIsAnErrorNamingTheKeyAndItsPath() throws {
        let payload = try Self.event(key: "uploads/50%off+sale.csv")
        #expect {
            try LambdaEventDecoder.decode(S3Event.self, from: payload)
        } throws: { error in
            guard let error = error as? LambdaEventDecodingError else { return false }
            return error.path == "Records[0].s3.object.key"
                && error.reason == "S3 object key: malformed percent-escape \"%of\" at byte 10 of \"uploads/50%off+sale.csv\""
        }
    }

    @Test func keyThatIsNotUTF8IsAnError() throws {
        let payload = try Self.event(key: "bad%C3%28.csv")
        #expect {
            try LambdaEventDecoder.decode(S3Event.self, from: payload)
        } throws: { error in
            guard let error = error as? LambdaEventDecodingError else { return false }
            return error.path == "Records[0].s3.object.key" && error.reason.contains("\"bad%C3%28.csv\"")
        }
    }

    @Test func unreadableEventTimeIsNamedByPath() throws {
        var record = try TestData.jsonObject(TestData.sampleEvent("s3-put-upload-csv.json"))
        var records = try #require(record["Records"] as? [[String: Any]])
        records[0]["eventTime"] = "15/01/2024 13:05"
        record["Records"] = records
        let payload = try JSONSerialization.data(withJSONObject: record)
        #expect(throws: LambdaEventDecodingError(
            eventType: "S3Event", path: "Records[0].eventTime",
            reason: "\"15/01/2024 13:05\" is not an RFC 3339 timestamp")
        ) {
            try LambdaEventDecoder.decode(S3Event.self, from: payload)
        }
    }

    @Test func encodesTheKeyAsDelivered() throws {
        let object = S3Object(key: "a b+c=d/é.csv", size: 3, eTag: "abc", sequencer: "0A")
        #expect(object.encodedKey == "a+b%2Bc%3Dd/%C3%A9.csv")
        let event = S3Event(records: [S3EventRecord(
            awsRegion: "us-east-1", eventTime: Date(timeIntervalSince1970: 1_705_323_909.12), eventName: "ObjectCreated:Put",
            s3: S3Entity(bucket: S3Bucket(name: "b"), object: object))])
        let encoded = try JSONEncoder().encode(event)
        let text = String(decoding: encoded, as: UTF8.self)
        #expect(text.contains(#""key":"a+b%2Bc%3Dd\/%C3%A9.csv""#))
        #expect(text.contains(#""eventTime":"2024-01-15T13:05:09.120Z""#))
        #expect(try LambdaEventDecoder.decode(S3Event.self, from: encoded) == event)
    }

    /// The upload sample with its key replaced by `key` (as delivered).
    static func event(key: String) throws -> Data {
        var event = try TestData.jsonObject(TestData.sampleEvent("s3-put-upload-csv.json"))
        var records = try #require(event["Records"] as? [[String: Any]])
        var s3 = try #require(records[0]["s3"] as? [String: Any])
        var object = try #require(s3["object"] as? [String: Any])
        object["key"] = key
        s3["object"] = object
        records[0]["s3"] = s3
        event["Records"] = records
        return try JSONSerialization.data(withJSONObject: event)
    }
}
