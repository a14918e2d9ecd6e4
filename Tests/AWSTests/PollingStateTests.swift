import Foundation
import Testing

@testable import AWS

/// How Athena and Redshift Data terminal states become errors (moto never produces FAILED, so these use
/// recorded response bodies shaped like the services' own).
@Suite struct PollingStateTests {
    @Test func athenaFailureCarriesTheReason() throws {
        let body = #"{"QueryExecution":{"QueryExecutionId":"q1","Query":"SELECT 1","Status":{"State":"FAILED","StateChangeReason":"HIVE_METASTORE_ERROR: SerDe information is not populated","SubmissionDateTime":1705320000.1,"AthenaError":{"ErrorCategory":2,"ErrorType":1301,"Retryable":false,"ErrorMessage":"x"}},"Unknown":{"a":1}}}"#
        struct Output: Decodable { var QueryExecution: AthenaQueryExecution }
        let execution = try JSONDecoder().decode(Output.self, from: Data(body.utf8)).QueryExecution
        #expect(execution.isTerminal)
        let error = #expect(throws: AWSError.self) { try AthenaClient.checkSucceeded(execution) }
        #expect(error?.kind == .jobFailed)
        #expect(error?.code == "QueryFailed")
        #expect(error?.message == "HIVE_METASTORE_ERROR: SerDe information is not populated (not retryable)")
        #expect(error?.resource == "query q1")
    }

    @Test func redshiftBatchFailureNamesTheSubStatement() throws {
        let body = #"{"Id":"s1","Status":"FAILED","Error":"ERROR: relation \"t\" does not exist","CreatedAt":"2026-11-23T19:16:39Z","SubStatements":[{"Id":"s1:1","Status":"FINISHED"},{"Id":"s1:2","Status":"FAILED","Error":"ERROR: relation \"t\" does not exist"}]}"#
        let description = try JSONDecoder().decode(RedshiftStatementDescription.self, from: Data(body.utf8))
        let error = #expect(throws: AWSError.self) { try RedshiftDataClient.checkFinished(description) }
        #expect(error?.code == "StatementFAILED")
        #expect(error?.message.contains("sub-statement s1:2") == true)
    }
}
