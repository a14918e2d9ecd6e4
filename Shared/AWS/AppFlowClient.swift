import HTTP

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Amazon AppFlow (REST-JSON): create or update a flow, read it, start a run.
public struct AppFlowClient: Sendable {
    public let client: AWSClient

    public init(configuration: AWSConfiguration, http: HTTPClient) {
        client = AWSClient(service: .appFlow, configuration: configuration, http: http)
    }

    private struct FlowNameInput: Encodable { var flowName: String }

    private struct CreateInput: Encodable {
        var flow: AppFlowFlowDefinition
        var clientToken: String
        enum CodingKeys: String, CodingKey {
            case flowName, description, kmsArn, triggerConfig, sourceFlowConfig, destinationFlowConfigList, tasks, tags, clientToken
        }
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(flow.flowName, forKey: .flowName)
            try c.encodeIfPresent(flow.description, forKey: .description)
            try c.encodeIfPresent(flow.kmsArn, forKey: .kmsArn)
            try c.encode(flow.triggerConfig, forKey: .triggerConfig)
            try c.encode(flow.sourceFlowConfig, forKey: .sourceFlowConfig)
            try c.encode(flow.destinationFlowConfigList, forKey: .destinationFlowConfigList)
            try c.encode(flow.tasks, forKey: .tasks)
            try c.encodeIfPresent(flow.tags, forKey: .tags)
            try c.encode(clientToken, forKey: .clientToken)
        }
    }

    /// UpdateFlow takes the same definition without the KMS key and tags, which cannot change.
    private struct UpdateInput: Encodable {
        var flow: AppFlowFlowDefinition
        var clientToken: String
        enum CodingKeys: String, CodingKey {
            case flowName, description, triggerConfig, sourceFlowConfig, destinationFlowConfigList, tasks, clientToken
        }
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(flow.flowName, forKey: .flowName)
            try c.encodeIfPresent(flow.description, forKey: .description)
            try c.encode(flow.triggerConfig, forKey: .triggerConfig)
            try c.encode(flow.sourceFlowConfig, forKey: .sourceFlowConfig)
            try c.encode(flow.destinationFlowConfigList, forKey: .destinationFlowConfigList)
            try c.encode(flow.tasks, forKey: .tasks)
            try c.encode(clientToken, forKey: .clientToken)
        }
    }

    /// Creates a flow; returns its ARN and status.
    public func createFlow(_ flow: AppFlowFlowDefinition, clientToken: String = UUID().uuidString)
        async throws(AWSError) -> (flowArn: String, flowStatus: String)
    {
        struct Output: Decodable { var flowArn: String?; var flowStatus: String? }
        let output: Output = try await client.restJSONCall(
            "CreateFlow", path: "/create-flow", CreateInput(flow: flow, clientToken: clientToken), resource: "flow \(flow.flowName)")
        return (output.flowArn ?? "", output.flowStatus ?? "")
    }

    /// Replaces a flow's definition; returns its status.
    public func updateFlow(_ flow: AppFlowFlowDefinition, clientToken: String = UUID().uuidString) async throws(AWSError) -> String {
        struct Output: Decodable { var flowStatus: String? }
        let output: Output = try await client.restJSONCall(
            "UpdateFlow", path: "/update-flow", UpdateInput(flow: flow, clientToken: clientToken), resource: "flow \(flow.flowName)")
        return output.flowStatus ?? ""
    }

    public func describeFlow(_ flowName: String) async throws(AWSError) -> AppFlowFlowDescription {
        try await describeFlow(flowName, as: AppFlowFlowDescription.self)
    }

    /// DescribeFlow decoded as the caller needs it (a whole document, to compare a definition member by member).
    public func describeFlow<Output: Decodable>(_ flowName: String, as: Output.Type) async throws(AWSError) -> Output {
        try await client.restJSONCall("DescribeFlow", path: "/describe-flow", FlowNameInput(flowName: flowName), resource: "flow \(flowName)")
    }

    /// Starts a run and returns its execution id. The client token makes a retried start idempotent.
    public func startFlow(_ flowName: String, clientToken: String = UUID().uuidString) async throws(AWSError) -> String {
        let started = try await activateFlow(flowName, clientToken: clientToken)
        guard let id = started.executionId else {
            throw client.invalidResponse("StartFlow", resource: "flow \(flowName)", "no executionId (a scheduled flow is started by its schedule)")
        }
        return id
    }

    /// StartFlow for any trigger: an on-demand flow runs now (with an execution id); a scheduled or event-triggered
    /// flow is activated and runs on its trigger (no execution id).
    public func activateFlow(_ flowName: String, clientToken: String = UUID().uuidString) async throws(AWSError) -> AppFlowStartResult {
        struct Input: Encodable { var flowName: String; var clientToken: String }
        return try await client.restJSONCall(
            "StartFlow", path: "/start-flow", Input(flowName: flowName, clientToken: clientToken), resource: "flow \(flowName)")
    }
}

/// StartFlow's answer.
public struct AppFlowStartResult: Decodable, Sendable, Equatable {
    public var flowArn: String?
    public var flowStatus: String?
    public var executionId: String?
}
