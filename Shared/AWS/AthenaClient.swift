import HTTP

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Where and how an Athena query runs.
public struct AthenaQueryContext: Sendable, Equatable {
    public var database: String?
    public var catalog: String?
    public var workGroup: String
    /// `s3://bucket/prefix/`; nil when the workgroup defines it.
    public var outputLocation: String?

    public init(database: String? = nil, catalog: String? = nil, workGroup: String = "primary", outputLocation: String? = nil) {
        self.database = database
        self.catalog = catalog
        self.workGroup = workGroup
        self.outputLocation = outputLocation
    }
}

/// GetQueryExecution's `QueryExecution`, the fields the pipeline reads.
public struct AthenaQueryExecution: Decodable, Sendable, Equatable {
    /// Athena's own classification of a failure.
    public struct Failure: Decodable, Sendable, Equatable {
        public var category: Int?
        public var type: Int?
        public var retryable: Bool?
        public var message: String?

        enum CodingKeys: String, CodingKey {
            case category = "ErrorCategory", type = "ErrorType", retryable = "Retryable", message = "ErrorMessage"
        }
    }

    public struct QueryStatus: Decodable, Sendable, Equatable {
        /// QUEUED, RUNNING, SUCCEEDED, FAILED or CANCELLED.
        public var state: String
        public var stateChangeReason: String?
        public var submitted: AWSTimestamp?
        public var completed: AWSTimestamp?
        public var failure: Failure?

        enum CodingKeys: String, CodingKey {
            case state = "State", stateChangeReason = "StateChangeReason", submitted = "SubmissionDateTime"
            case completed = "CompletionDateTime", failure = "AthenaError"
        }
    }

    public var id: String
    public var query: String?
    public var statementType: String?
    public var workGroup: String?
    public var status: QueryStatus

    enum CodingKeys: String, CodingKey {
        case id = "QueryExecutionId", query = "Query", statementType = "StatementType", workGroup = "WorkGroup"
        case status = "Status"
    }

    public var isTerminal: Bool { ["SUCCEEDED", "FAILED", "CANCELLED"].contains(status.state) }
}

/// Amazon Athena (JSON 1.1): start a query and follow it to its end.
public struct AthenaClient: Sendable {
    public let client: AWSClient

    public init(configuration: AWSConfiguration, http: HTTPClient) {
        client = AWSClient(service: .athena, configuration: configuration, http: http)
    }

    private struct StartInput: Encodable {
        struct Context: Encodable { var Database: String?; var Catalog: String? }
        struct Result: Encodable { var OutputLocation: String }
        var QueryString: String
        var ClientRequestToken: String
        var QueryExecutionContext: Context?
        var ResultConfiguration: Result?
        var WorkGroup: String
    }

    /// Starts a query. The client request token makes retries of the same logical query idempotent; pass the
    /// same token when resubmitting after a crash, a new one for a deliberate re-run.
    public func startQueryExecution(
        _ query: String, context: AthenaQueryContext, clientRequestToken: String = UUID().uuidString
    ) async throws(AWSError) -> String {
        guard (32...128).contains(clientRequestToken.count) else {
            throw AWSError(
                kind: .invalidRequest, service: "Athena", operation: "StartQueryExecution", code: "InvalidParameter",
                message: "ClientRequestToken must be 32 to 128 characters, got \(clientRequestToken.count)")
        }
        let input = StartInput(
            QueryString: query, ClientRequestToken: clientRequestToken,
            QueryExecutionContext: context.database == nil && context.catalog == nil
                ? nil : .init(Database: context.database, Catalog: context.catalog),
            ResultConfiguration: context.outputLocation.map { .init(OutputLocation: $0) }, WorkGroup: context.workGroup)
        struct Output: Decodable { var QueryExecutionId: String }
        let output: Output = try await client.jsonCall("StartQueryExecution", input, resource: "workgroup \(context.workGroup)")
        return output.QueryExecutionId
    }

    public func getQueryExecution(_ id: String) async throws(AWSError) -> AthenaQueryExecution {
        struct Input: Encodable { var QueryExecutionId: String }
        struct Output: Decodable { var QueryExecution: AthenaQueryExecution }
        let output: Output = try await client.jsonCall("GetQueryExecution", Input(QueryExecutionId: id), resource: "query \(id)")
        return output.QueryExecution
    }

    /// Polls until the query is SUCCEEDED (returned), FAILED or CANCELLED (thrown as `.jobFailed` with Athena's
    /// reason), or the policy's timeout passes (`.pollingTimedOut`).
    public func waitForQuery(_ id: String, polling: PollingPolicy = PollingPolicy()) async throws(AWSError) -> AthenaQueryExecution {
        let final = try await polling.poll { () async throws(AWSError) -> AthenaQueryExecution? in
            let execution = try await getQueryExecution(id)
            return execution.isTerminal ? execution : nil
        }
        guard let final else {
            throw AWSError(
                kind: .pollingTimedOut, service: "Athena", operation: "GetQueryExecution", code: "Timeout",
                message: "query still running after \(polling.timeout)", resource: "query \(id)")
        }
        try Self.checkSucceeded(final)
        return final
    }

    /// Throws for FAILED and CANCELLED, with the reason Athena gave.
    static func checkSucceeded(_ execution: AthenaQueryExecution) throws(AWSError) {
        guard execution.status.state != "SUCCEEDED" else { return }
        let failure = execution.status.failure
        var message = execution.status.stateChangeReason ?? failure?.message ?? "no reason given"
        if let retryable = failure?.retryable { message += retryable ? " (retryable)" : " (not retryable)" }
        throw AWSError(
            kind: .jobFailed, service: "Athena", operation: "GetQueryExecution", code: "Query\(execution.status.state.capitalized)",
            message: message, resource: "query \(execution.id)")
    }
}

extension String {
    fileprivate var capitalized: String { prefix(1).uppercased() + dropFirst().lowercased() }
}
