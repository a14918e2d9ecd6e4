import Foundation
import LambdaEvents
import Testing

@Suite struct S3ObjectEventDetailTests {
    @Test func decodesTheObjectCreatedSample() throws {
        let event = try LambdaEventDecoder.decode(
            S3ObjectCreatedEvent.self, from: TestData.sampleEvent("eventbridge-s3-object-created.json"))
        #expect(event.detailType == S3ObjectCreatedEvent.objectCreatedDetailType)
        #expect(event.source == "aws.s3")
        #expect(event.resources == ["arn:aws:s3:::analytics-curated-123456789012"])
        let detail = event.detail
        #expect(detail.version == "0")
        #expect(detail.bucket.name == "analytics-curated-123456789012")
        #expect(detail.object.key.hasPrefix("events/year=2024/month=01/day=15/hour=13/part-"))
        #expect(detail.object.size == 48_213)
        #expect(detail.object.etag?.count == 32)
        #expect(detail.object.sequencer?.count == 18)
        #expect(detail.object.versionId == nil)
        #expect(detail.requester == "123456789012")
        #expect(detail.sourceIPAddress == "10.0.12.34")
        #expect(detail.reason == "PutObject")
    }

    @Test func decodesObjectDeletedWithoutSize() throws {
        let event = try LambdaEventDecoder.decode(
            S3ObjectCreatedEvent.self, from: TestData.fixture("eventbridge-s3-object-deleted.json"))
        #expect(event.detailType == "Object Deleted")
        #expect(event.detail.object.key == "events/year=2021/month=11/day=12/part 1.parquet")
        #expect(event.detail.object.size == nil)
        #expect(event.detail.object.etag == nil)
        #expect(event.detail.reason == "DeleteObject")
        #expect(event.detail.deletionType == "Delete Marker Created")
        #expect(event.detail.requestId == "0BH729840619AG5K")
    }

    @Test func keyIsKeptAsDeliveredWithFormDecodingOnRequest() throws {
        let object = S3ObjectEventDetail.Object(key: "uploads/a+b%2Bc.csv")
        #expect(object.key == "uploads/a+b%2Bc.csv")
        #expect(try object.formDecodedKey() == "uploads/a b+c.csv")
        #expect(throws: FormURLDecodingError.self) { try S3ObjectEventDetail.Object(key: "100%.csv").formDecodedKey() }
    }

    @Test func missingBucketNameIsNamedByPath() throws {
        let payload = TestData.json("""
        {"version":"0","id":"1","detail-type":"Object Created","source":"aws.s3","account":"1",\
        "time":"2024-01-15T06:00:00Z","region":"us-east-1","resources":[],"detail":{"bucket":{},"object":{"key":"k"}}}
        """)
        #expect(throws: LambdaEventDecodingError(
            eventType: "EventBridgeEvent<S3ObjectEventDetail>", path: "detail.bucket.name", reason: "required field is missing")
        ) {
            try LambdaEventDecoder.decode(S3ObjectCreatedEvent.self, from: payload)
        }
    }

    @Test func encodesKebabCaseNames() throws {
        let detail = S3ObjectEventDetail(
            bucket: .init(name: "b"), object: .init(key: "k", size: 1, etag: "e", versionId: "v", sequencer: "s"),
            requestId: "r", requester: "q", sourceIPAddress: "1.2.3.4", reason: "PutObject")
        let text = String(decoding: try JSONEncoder().encode(detail), as: UTF8.self)
        for member in [#""version-id":"v""#, #""request-id":"r""#, #""source-ip-address":"1.2.3.4""#, #""etag":"e""#] {
            #expect(text.contains(member))
        }
        #expect(try JSONDecoder().decode(S3ObjectEventDetail.self, from: Data(text.utf8)) == detail)
    }
}
