import Foundation
import HTTP
import Testing

@testable import AWS

@Suite struct AWSErrorDecoderTests {
    @Test func decodesS3RestXMLErrors() {
        let body = Data("<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message><Key>nope</Key><RequestId>R1</RequestId><HostId>H</HostId></Error>".utf8)
        let decoded = AWSErrorDecoder.decode(HTTPResponse(status: 404, body: body), wireProtocol: .restXML)
        #expect(decoded == .init(code: "NoSuchKey", message: "The specified key does not exist.", requestID: "R1"))
    }

    @Test func headResponsesWithoutABodyUseTheStatus() {
        let decoded = AWSErrorDecoder.decode(
            HTTPResponse(status: 404, headers: ["x-amz-request-id": "R2"]), wireProtocol: .restXML)
        #expect(decoded == .init(code: "NotFound", message: "", requestID: "R2"))
    }

    @Test func decodesQueryProtocolErrors() {
        let body = Data(#"<ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><Error><Type>Sender</Type><Code>NotFound</Code><Message>Topic does not exist</Message></Error><RequestId>Q1</RequestId></ErrorResponse>"#.utf8)
        let decoded = AWSErrorDecoder.decode(HTTPResponse(status: 404, body: body), wireProtocol: .query(version: "2010-03-31"))
        #expect(decoded == .init(code: "NotFound", message: "Topic does not exist", requestID: "Q1"))
    }

    @Test func decodesJSONErrorsWithNamespacesAndEitherMessageCase() {
        let glue = AWSErrorDecoder.decode(
            HTTPResponse(status: 400, headers: ["x-amzn-RequestId": "J1"], body: Data(#"{"__type":"com.amazonaws.glue#EntityNotFoundException","Message":"Cannot find partition."}"#.utf8)),
            wireProtocol: .json(version: "1.1", targetPrefix: "AWSGlue"))
        #expect(glue == .init(code: "EntityNotFoundException", message: "Cannot find partition.", requestID: "J1"))
        let appflow = AWSErrorDecoder.decode(
            HTTPResponse(status: 404, headers: ["X-Amzn-ErrorType": "ResourceNotFoundException:http://internal.amazon.com/"], body: Data(#"{"message":"no flow"}"#.utf8)),
            wireProtocol: .restJSON)
        #expect(appflow.code == "ResourceNotFoundException")
        #expect(appflow.message == "no flow")
        let queryCompatible = AWSErrorDecoder.decode(
            HTTPResponse(status: 400, headers: ["x-amzn-query-error": "AWS.SimpleQueueService.NonExistentQueue;Sender"], body: Data(#"{"__type":"QueueDoesNotExist"}"#.utf8)),
            wireProtocol: .json(version: "1.0", targetPrefix: "AmazonSQS"))
        #expect(queryCompatible.code == "AWS.SimpleQueueService.NonExistentQueue")
    }

    @Test func unreadableBodiesKeepAnExcerpt() {
        let decoded = AWSErrorDecoder.decode(HTTPResponse(status: 502, body: Data("<html>bad gateway</html>".utf8)), wireProtocol: .restXML)
        #expect(decoded.code == "BadGateway")
        #expect(decoded.message == "<html>bad gateway</html>")
    }

    @Test func errorDescriptionNamesEverything() {
        let error = AWSError(
            kind: .service, service: "S3", operation: "GetObject", status: 404, code: "NoSuchKey", message: "gone",
            requestID: "R", resource: "s3://b/k", attempts: 2)
        #expect(error.description == "S3 GetObject (s3://b/k) failed with HTTP 404: NoSuchKey: gone (request id R) after 2 attempts")
    }
}
