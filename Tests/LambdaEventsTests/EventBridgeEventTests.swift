import Foundation
import LambdaEvents
import Testing

@Suite struct EventBridgeEventTests {
    struct FlowRequest: Codable, Equatable, Sendable {
        struct Redshift: Codable, Equatable, Sendable {
            var workgroupName: String
            var schema: String
        }

        var flowName: String
        var ga4PropertyId: String
        var redshift: Redshift
    }

    static func custom(detail: String) -> Data {
        TestData.json("""
        {"version":"0","id":"6a7e8feb-b491-4cf7-a9f1-bf3703467718","detail-type":"RegisterDataFlow",\
        "source":"analytics.pipeline","account":"111122223333","time":"2017-12-22T18:43:48Z","region":"us-west-1",\
        "resources":[],"detail":\(detail),"unexpected":{"ignored":true}}
        """)
    }

    static let flowObject = #"{"flowName":"f1","ga4PropertyId":"properties/1","redshift":{"workgroupName":"wg","schema":"ga4"},"extra":1}"#

    @Test func decodesDetailObject() throws {
        let event = try LambdaEventDecoder.decode(EventBridgeEvent<FlowRequest>.self, from: Self.custom(detail: Self.flowObject))
        #expect(event.version == "0")
        #expect(event.id == "6a7e8feb-b491-4cf7-a9f1-bf3703467718")
        #expect(event.detailType == "RegisterDataFlow")
        #expect(event.source == "analytics.pipeline")
        #expect(event.account == "111122223333")
        #expect(event.time == Date(timeIntervalSince1970: 1_513_968_228))
        #expect(event.region == "us-west-1")
        #expect(event.resources.isEmpty)
        #expect(event.replayName == nil)
        #expect(event.detail == FlowRequest(
            flowName: "f1", ga4PropertyId: "properties/1", redshift: .init(workgroupName: "wg", schema: "ga4")))
    }

    @Test func decodesDetailStringTheSameAsObject() throws {
        let quoted = String(decoding: try JSONEncoder().encode(Self.flowObject), as: UTF8.self)
        let fromString = try LambdaEventDecoder.decode(EventBridgeEvent<FlowRequest>.self, from: Self.custom(detail: quoted))
        let fromObject = try LambdaEventDecoder.decode(EventBridgeEvent<FlowRequest>.self, from: Self.custom(detail: Self.flowObject))
        #expect(fromString == fromObject)
    }

    @Test func decodesTheRegisterDataFlowSample() throws {
        struct Sample: Decodable, Equatable, Sendable {
            struct GA4: Decodable, Equatable, Sendable { var propertyId: String }
            var flowName: String
            var ga4: GA4
            var redshift: FlowRequest.Redshift
        }
        let event = try LambdaEventDecoder.decode(
            EventBridgeEvent<Sample>.self, from: TestData.sampleEvent("eventbridge-register-data-flow.json"))
        #expect(event.detailType == "RegisterDataFlow")
        #expect(event.detail.flowName == "ga4-analytics-daily")
        #expect(event.detail.ga4.propertyId == "345678901")
        #expect(event.detail.redshift == .init(workgroupName: "analytics", schema: "ga4"))
        #expect(!event.isScheduled)
    }

    @Test func fieldMissingInsideStringDetailIsNamedByPath() throws {
        let quoted = String(decoding: try JSONEncoder().encode(#"{"flowName":"f1","redshift":{"workgroupName":"wg"}}"#), as: UTF8.self)
        #expect(throws: LambdaEventDecodingError(
            eventType: "EventBridgeEvent<FlowRequest>", path: "detail.ga4PropertyId", reason: "required field is missing")
        ) {
            try LambdaEventDecoder.decode(EventBridgeEvent<FlowRequest>.self, from: Self.custom(detail: quoted))
        }
    }

    @Test func fieldMissingInsideObjectDetailIsNamedByPath() throws {
        let detail = #"{"flowName":"f1","ga4PropertyId":"p","redshift":{"workgroupName":"wg"}}"#
        #expect(throws: LambdaEventDecodingError(
            eventType: "EventBridgeEvent<FlowRequest>", path: "detail.redshift.schema", reason: "required field is missing")
        ) {
            try LambdaEventDecoder.decode(EventBridgeEvent<FlowRequest>.self, from: Self.custom(detail: detail))
        }
    }

    @Test func stringDetailThatIsNotJSONIsAnError() throws {
        #expect(throws: LambdaEventDecodingError(
            eventType: "EventBridgeEvent<FlowRequest>", path: "detail",
            reason: "a string that is not JSON (13 characters)")
        ) {
            try LambdaEventDecoder.decode(EventBridgeEvent<FlowRequest>.self, from: Self.custom(detail: #""flowName=f1&x""#))
        }
    }

    @Test func stringDetailTypeIsNotUnwrapped() throws {
        let event = try LambdaEventDecoder.decode(EventBridgeEvent<String>.self, from: Self.custom(detail: #""{\"a\":1}""#))
        #expect(event.detail == #"{"a":1}"#)
    }

    @Test func optionalEnvelopeFields() throws {
        let payload = TestData.json("""
        {"id":"1","detail-type":"T","source":"s","account":"1","time":"2024-01-15T13:05:09Z","region":"r",\
        "detail":"{}","replay-name":"archive-replay-1"}
        """)
        let event = try LambdaEventDecoder.decode(ScheduledEvent.self, from: payload)
        #expect(event.version == "0")
        #expect(event.resources == [])
        #expect(event.replayName == "archive-replay-1")
    }

    @Test func unreadableTimeIsNamedByPath() throws {
        let payload = TestData.json(String(decoding: Self.custom(detail: Self.flowObject), as: UTF8.self)
            .replacingOccurrences(of: "2017-12-22T18:43:48Z", with: "Fri, 22 Dec 2017 18:43:48 GMT"))
        #expect(throws: LambdaEventDecodingError(
            eventType: "EventBridgeEvent<FlowRequest>", path: "time",
            reason: "\"Fri, 22 Dec 2017 18:43:48 GMT\" is not an RFC 3339 timestamp")
        ) {
            try LambdaEventDecoder.decode(EventBridgeEvent<FlowRequest>.self, from: payload)
        }
    }

    @Test func roundTripsThroughJSON() throws {
        let event = EventBridgeEvent(
            id: "abc", detailType: "RegisterDataFlow", source: "analytics.pipeline", account: "123456789012",
            time: Date(timeIntervalSince1970: 1_705_323_909), region: "us-east-1", resources: ["arn:x"],
            detail: FlowRequest(flowName: "f", ga4PropertyId: "p", redshift: .init(workgroupName: "w", schema: "s")))
        let encoded = try JSONEncoder().encode(event)
        let text = String(decoding: encoded, as: UTF8.self)
        #expect(text.contains(#""detail-type":"RegisterDataFlow""#))
        #expect(text.contains(#""time":"2024-01-15T13:05:09Z""#))
        #expect(try LambdaEventDecoder.decode(EventBridgeEvent<FlowRequest>.self, from: encoded) == event)
    }
}
