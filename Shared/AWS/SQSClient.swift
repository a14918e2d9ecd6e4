import HTTP

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One message as ReceiveMessage returns it.
public struct SQSMessage: Sendable, Equatable {
    public var messageID: String
    /// Deletes the message or changes its visibility; valid for this receive only.
    public var receiptHandle: String
    public var body: String
    /// String-valued message attributes (Lambda's dead-letter messages carry `RequestID`, `ErrorCode`,
    /// `ErrorMessage`).
    public var attributes: [String: String]
    /// System attributes such as `ApproximateReceiveCount` and `SentTimestamp`.
    public var systemAttributes: [String: String]
}

/// Amazon SQS (AWS JSON 1.0): read and delete the messages of a dead-letter queue or an on-failure
/// destination, and send one (for tools and tests).
public struct SQSClient: Sendable {
    public let client: AWSClient

    public init(configuration: AWSConfiguration, http: HTTPClient) {
        client = AWSClient(service: .sqs, configuration: configuration, http: http)
    }

    private struct ReceiveInput: Encodable {
        var QueueUrl: String
        var MaxNumberOfMessages: Int
        var WaitTimeSeconds: Int
        var VisibilityTimeout: Int
        var MessageAttributeNames = ["All"]
        var MessageSystemAttributeNames = ["All"]
    }

    private struct ReceiveOutput: Decodable {
        struct Message: Decodable {
            struct Attribute: Decodable { var StringValue: String?; var DataType: String? }
            var MessageId: String
            var ReceiptHandle: String
            var Body: String?
            var MessageAttributes: [String: Attribute]?
            var Attributes: [String: String]?
        }
        var Messages: [Message]?
    }

    /// Receives up to `maximum` (1–10) messages, hiding them from other readers for `visibilityTimeout`
    /// seconds; waits up to `waitSeconds` for the first one.
    public func receiveMessages(queueURL: String, maximum: Int = 10, waitSeconds: Int = 0, visibilityTimeout: Int = 60)
        async throws(AWSError) -> [SQSMessage]
    {
        let input = ReceiveInput(
            QueueUrl: queueURL, MaxNumberOfMessages: min(max(maximum, 1), 10), WaitTimeSeconds: min(max(waitSeconds, 0), 20),
            VisibilityTimeout: visibilityTimeout)
        let output: ReceiveOutput = try await client.jsonCall("ReceiveMessage", input, resource: "queue \(queueURL)")
        return (output.Messages ?? []).map { message in
            SQSMessage(
                messageID: message.MessageId, receiptHandle: message.ReceiptHandle, body: message.Body ?? "",
                attributes: (message.MessageAttributes ?? [:]).compactMapValues(\.StringValue),
                systemAttributes: message.Attributes ?? [:])
        }
    }

    public func deleteMessage(queueURL: String, receiptHandle: String) async throws(AWSError) {
        struct Input: Encodable { var QueueUrl: String; var ReceiptHandle: String }
        let _: EmptyOutput = try await client.jsonCall(
            "DeleteMessage", Input(QueueUrl: queueURL, ReceiptHandle: receiptHandle), resource: "queue \(queueURL)")
    }

    /// Sends a message with string attributes; returns its id.
    @discardableResult
    public func sendMessage(queueURL: String, body: String, attributes: [String: String] = [:]) async throws(AWSError) -> String {
        struct Attribute: Encodable { var DataType = "String"; var StringValue: String }
        struct Input: Encodable { var QueueUrl: String; var MessageBody: String; var MessageAttributes: [String: Attribute]? }
        struct Output: Decodable { var MessageId: String }
        let input = Input(
            QueueUrl: queueURL, MessageBody: body,
            MessageAttributes: attributes.isEmpty ? nil : attributes.mapValues { Attribute(StringValue: $0) })
        let output: Output = try await client.jsonCall("SendMessage", input, resource: "queue \(queueURL)")
        return output.MessageId
    }
}
