import HTTP

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A typed SNS message attribute.
public enum SNSMessageAttribute: Sendable, Equatable {
    case string(String)
    case number(String)
    case binary(Data)
}

/// Amazon SNS (Query protocol): Publish.
public struct SNSClient: Sendable {
    public let client: AWSClient

    public init(configuration: AWSConfiguration, http: HTTPClient) {
        client = AWSClient(service: .sns, configuration: configuration, http: http)
    }

    /// Publishes a message to a topic and returns its message id.
    public func publish(
        topicARN: String, message: String, subject: String? = nil, attributes: [String: SNSMessageAttribute] = [:],
        messageGroupID: String? = nil, deduplicationID: String? = nil
    ) async throws(AWSError) -> String {
        func invalid(_ message: String) -> AWSError {
            AWSError(kind: .invalidRequest, service: "SNS", operation: "Publish", code: "InvalidParameter", message: message, resource: topicARN)
        }
        guard topicARN.hasPrefix("arn:") else { throw invalid("topic \"\(topicARN)\" is not an ARN") }
        guard !message.isEmpty, message.utf8.count <= 262_144 else {
            throw invalid("message must be 1 to 262144 bytes, got \(message.utf8.count)")
        }
        if let subject {
            guard !subject.isEmpty, subject.count < 100, !subject.contains(where: { $0.isNewline || $0.asciiValue.map { $0 < 32 } == true })
            else { throw invalid("subject must be 1-99 characters without line breaks or control characters") }
        }
        var form: [(String, String)] = [
            ("Action", "Publish"), ("Version", "2010-03-31"), ("TopicArn", topicARN),
        ]
        if let subject { form.append(("Subject", subject)) }
        form.append(("Message", message))
        for (index, (name, value)) in attributes.sorted(by: { $0.key < $1.key }).enumerated() {
            let prefix = "MessageAttributes.entry.\(index + 1)"
            form.append(("\(prefix).Name", name))
            switch value {
            case .string(let text):
                form += [("\(prefix).Value.DataType", "String"), ("\(prefix).Value.StringValue", text)]
            case .number(let text):
                form += [("\(prefix).Value.DataType", "Number"), ("\(prefix).Value.StringValue", text)]
            case .binary(let data):
                form += [("\(prefix).Value.DataType", "Binary"), ("\(prefix).Value.BinaryValue", data.base64EncodedString())]
            }
        }
        if let messageGroupID { form.append(("MessageGroupId", messageGroupID)) }
        if let deduplicationID { form.append(("MessageDeduplicationId", deduplicationID)) }
        let body = Data(FormEncoding.encode(form).utf8)
        let response = try await client.send { _ in
            AWSCall(
                operation: "Publish", method: "POST", path: "/",
                headers: ["Content-Type": "application/x-www-form-urlencoded; charset=utf-8"], body: .bytes(body),
                resource: topicARN)
        }
        guard let root = try? XMLElement.parse(response.body), let id = root.child("PublishResult")?.text(of: "MessageId") else {
            throw client.invalidResponse("Publish", resource: topicARN, "no MessageId in \(AWSErrorDecoder.excerpt(response.body))")
        }
        return id
    }
}

/// `application/x-www-form-urlencoded` as the Query protocol sends it: unreserved bytes kept, space as `+`.
enum FormEncoding {
    static func encode(_ items: [(String, String)]) -> String {
        items.map { "\(component($0.0))=\(component($0.1))" }.joined(separator: "&")
    }

    static func component(_ text: String) -> String {
        SigV4Encoding.uriEncode(text).replacing("%20", with: "+")
    }
}
