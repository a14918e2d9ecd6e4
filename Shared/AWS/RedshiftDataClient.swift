import HTTP

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Which Redshift a statement runs on, and how it authenticates.
public enum RedshiftTarget: Sendable, Equatable {
    /// A provisioned cluster with temporary credentials for `dbUser`, or a Secrets Manager secret.
    case cluster(identifier: String, dbUser: String?, secretARN: String?)
    /// A Serverless workgroup, with the caller's IAM identity or a secret.
    case serverless(workgroup: String, secretARN: String?)
}

/// DescribeStatement's answer, the fields the pipeline reads.
public struct RedshiftStatementDescription: Decodable, Sendable, Equatable {
    public struct SubStatement: Decodable, Sendable, Equatable {
        public var Id: String
        public var Status: String?
        public var Error: String?
        public var QueryString: String?
    }
    public var Id: String
    /// SUBMITTED, PICKED, STARTED, FINISHED, ABORTED or FAILED.
    public var Status: String
    public var Error: String?
    public var QueryString: String?
    public var HasResultSet: Bool?
    public var ResultRows: Int?
    public var Duration: Int?
    public var CreatedAt: AWSTimestamp?
    public var UpdatedAt: AWSTimestamp?
    public var SubStatements: [SubStatement]?

    public var isTerminal: Bool { ["FINISHED", "ABORTED", "FAILED"].contains(Status) }
}

/// One value of a result row (`Field`: exactly one member is set).
public struct RedshiftField: Decodable, Sendable, Equatable {
    public var stringValue: String?
    public var longValue: Int64?
    public var doubleValue: Double?
    public var booleanValue: Bool?
    public var isNull: Bool?

    public init(stringValue: String? = nil, longValue: Int64? = nil, doubleValue: Double? = nil, booleanValue: Bool? = nil, isNull: Bool? = nil) {
        self.stringValue = stringValue
        self.longValue = longValue
        self.doubleValue = doubleValue
        self.booleanValue = booleanValue
        self.isNull = isNull
    }
}

/// A named SQL parameter (`:name` in the statement).
public struct RedshiftSQLParameter: Codable, Sendable, Equatable {
    public var name: String
    public var value: String
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// Amazon Redshift Data API (JSON 1.1): run statements and follow them to their end.
public struct RedshiftDataClient: Sendable {
    public let client: AWSClient

    public init(configuration: AWSConfiguration, http: HTTPClient) {
        client = AWSClient(service: .redshiftData, configuration: configuration, http: http)
    }

    private struct Input: Encodable {
        var ClusterIdentifier: String?
        var WorkgroupName: String?
        var DbUser: String?
        var SecretArn: String?
        var Database: String
        var Sql: String?
        var Sqls: [String]?
        var Parameters: [RedshiftSQLParameter]?
        var StatementName: String?
        var ClientToken: String

        init(target: RedshiftTarget, database: String, clientToken: String) {
            switch target {
            case .cluster(let identifier, let dbUser, let secret):
                ClusterIdentifier = identifier
                DbUser = dbUser
                SecretArn = secret
            case .serverless(let workgroup, let secret):
                WorkgroupName = workgroup
                SecretArn = secret
            }
            Database = database
            ClientToken = clientToken
        }
    }

    private struct Output: Decodable { var Id: String }

    /// Submits one statement and returns its id.
    public func executeStatement(
        _ sql: String, database: String, target: RedshiftTarget, parameters: [RedshiftSQLParameter] = [],
        statementName: String? = nil, clientToken: String = UUID().uuidString
    ) async throws(AWSError) -> String {
        var input = Input(target: target, database: database, clientToken: clientToken)
        input.Sql = sql
        input.Parameters = parameters.isEmpty ? nil : parameters
        input.StatementName = statementName
        let output: Output = try await client.jsonCall("ExecuteStatement", input, resource: "database \(database)")
        return output.Id
    }

    /// Submits 1 to 40 statements that run serially in one transaction, and returns the batch id.
    public func batchExecuteStatement(
        _ sqls: [String], database: String, target: RedshiftTarget, statementName: String? = nil,
        clientToken: String = UUID().uuidString
    ) async throws(AWSError) -> String {
        guard (1...40).contains(sqls.count) else {
            throw AWSError(
                kind: .invalidRequest, service: "Redshift Data", operation: "BatchExecuteStatement", code: "ValidationException",
                message: "a batch holds 1 to 40 statements, got \(sqls.count)", resource: "database \(database)")
        }
        var input = Input(target: target, database: database, clientToken: clientToken)
        input.Sqls = sqls
        input.StatementName = statementName
        let output: Output = try await client.jsonCall("BatchExecuteStatement", input, resource: "database \(database)")
        return output.Id
    }

    /// The rows of a finished statement that has a result set, every page of them.
    public func statementResult(_ id: String) async throws(AWSError) -> [[RedshiftField]] {
        struct ResultInput: Encodable { var Id: String; var NextToken: String? }
        struct ResultOutput: Decodable { var Records: [[RedshiftField]]?; var NextToken: String? }
        var rows: [[RedshiftField]] = []
        var token: String?
        repeat {
            let page: ResultOutput = try await client.jsonCall(
                "GetStatementResult", ResultInput(Id: id, NextToken: token), resource: "statement \(id)")
            rows += page.Records ?? []
            token = page.NextToken.flatMap { $0.isEmpty ? nil : $0 }
        } while token != nil
        return rows
    }

    public func describeStatement(_ id: String) async throws(AWSError) -> RedshiftStatementDescription {
        struct DescribeInput: Encodable { var Id: String }
        return try await client.jsonCall("DescribeStatement", DescribeInput(Id: id), resource: "statement \(id)")
    }

    /// Polls until FINISHED (returned), FAILED or ABORTED (thrown as `.jobFailed` with Redshift's error and the
    /// failing sub-statement of a batch), or the policy's timeout (`.pollingTimedOut`).
    public func waitForStatement(_ id: String, polling: PollingPolicy = PollingPolicy()) async throws(AWSError)
        -> RedshiftStatementDescription
    {
        let final = try await polling.poll { () async throws(AWSError) -> RedshiftStatementDescription? in
            let description = try await describeStatement(id)
            return description.isTerminal ? description : nil
        }
        guard let final else {
            throw AWSError(
                kind: .pollingTimedOut, service: "Redshift Data", operation: "DescribeStatement", code: "Timeout",
                message: "statement still running after \(polling.timeout)", resource: "statement \(id)")
        }
        try Self.checkFinished(final)
        return final
    }

    static func checkFinished(_ description: RedshiftStatementDescription) throws(AWSError) {
        guard description.Status != "FINISHED" else { return }
        var message = description.Error ?? "no error given"
        if let failed = description.SubStatements?.first(where: { $0.Status == "FAILED" || $0.Error != nil }) {
            message += " (sub-statement \(failed.Id): \(failed.Error ?? failed.Status ?? "failed"))"
        }
        throw AWSError(
            kind: .jobFailed, service: "Redshift Data", operation: "DescribeStatement", code: "Statement\(description.Status)",
            message: message, resource: "statement \(description.Id)")
    }
}
