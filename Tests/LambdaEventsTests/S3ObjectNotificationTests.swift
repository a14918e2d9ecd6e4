import Foundation
import LambdaEvents
import Testing

@Suite struct S3ObjectNotificationTests {
    @Test func directNotificationGivesDecodedKeys() throws {
        let notification = try S3ObjectNotification.decode(from: TestData.sampleEvent("s3-put-hostile-key.json"))
        guard case .direct = notification else {
            Issue.record("expected a direct notification, got \(notification)")
            return
        }
        let objects = notification.objects
        #expect(objects.map(\.key) == [
            "uploads/2024 Q1/café + résumé=final 100%.csv",
            "uploads/../../validated/orders.csv",
            "uploads/line\nbreak \"quoted\" <tag> &amp; #hash ?q=1.csv",
        ])
        #expect(objects.map(\.location) == ["Records[0].s3.object.key", "Records[1].s3.object.key", "Records[2].s3.object.key"])
        #expect(objects[0].deliveredKey == "uploads/2024+Q1/caf%C3%A9+%2B+r%C3%A9sum%C3%A9%3Dfinal+100%25.csv")
        #expect(objects.allSatisfy { $0.bucket == "analytics-uploads-123456789012" && $0.isObjectCreated })
        #expect(objects.map(\.size) == [1337, 42, 7])
    }

    @Test func directAndEventBridgeNameTheSameObjectAlike() throws {
        let direct = try S3ObjectNotification.decode(from: TestData.sampleEvent("s3-put-parquet.json")).objects
        let viaEventBridge = try S3ObjectNotification.decode(from: TestData.sampleEvent("eventbridge-s3-object-created.json")).objects
        #expect(direct.count == 1)
        #expect(viaEventBridge.count == 1)
        #expect(direct[0].bucket == viaEventBridge[0].bucket)
        #expect(direct[0].key == viaEventBridge[0].key)
        #expect(direct[0].size == viaEventBridge[0].size)
        #expect(viaEventBridge[0].deliveredKey == viaEventBridge[0].key)
        #expect(viaEventBridge[0].location == "detail.object.key")
        #expect(viaEventBridge[0].eventName == "Object Created")
        #expect(viaEventBridge[0].isObjectCreated)
        #expect(viaEventBridge[0].eventTime == RFC3339Timestamp.parse("2024-01-15T13:05:13Z"))
    }

    @Test func deletionIsNotObjectCreated() throws {
        let objects = try S3ObjectNotification.decode(from: TestData.fixture("s3-versioned-put-and-delete.json")).objects
        #expect(objects.map(\.isObjectCreated) == [true, false])
        let deleted = try S3ObjectNotification.decode(from: TestData.fixture("eventbridge-s3-object-deleted.json")).objects
        #expect(deleted.map(\.isObjectCreated) == [false])
    }

    @Test func otherEventKindsAreRejectedByName() throws {
        #expect(throws: LambdaEventDecodingError(
            eventType: "S3ObjectNotification", path: "",
            reason: "expected an S3 notification or an S3 event from EventBridge, got kinesis")
        ) {
            try S3ObjectNotification.decode(from: TestData.sampleEvent("kinesis-clickstream.json"))
        }
        #expect(throws: LambdaEventDecodingError.self) {
            try S3ObjectNotification.decode(from: TestData.sampleEvent("eventbridge-scheduled.json"))
        }
    }

    @Test func malformedKeyInDirectNotificationIsNamed() throws {
        #expect {
            try S3ObjectNotification.decode(from: S3EventTests.event(key: "a%zz"))
        } throws: { error in
            guard let error = error as? LambdaEventDecodingError else { return false }
            return error.eventType == "S3Event" && error.path == "Records[0].s3.object.key" && error.reason.contains("\"a%zz\"")
        }
    }
}
