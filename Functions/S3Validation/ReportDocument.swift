import AWS
import DataContracts
import JSONText

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The report written beside the moved file: the input, the contract, the decision, then the
/// validation's members (checks in datacontract-cli's run-JSON shape, dimension scores, failing rows).
struct ReportDocument {
    let outcome: ValidationOutcome
    let head: S3ObjectInfo
    let contractLocation: String
    let contractProblem: ContractError?
    let result: ValidationResult
    let notes: [String]
    let typedParquet: TypedParquetResult?
    let startedAt: Date
    let finishedAt: Date

    var json: String {
        var out = "{\"reportVersion\":1,\"engine\":{\"name\":\"S3Validation\"}"
        out += ",\"input\":{\"bucket\":\(JSONString.quoted(outcome.bucket)),\"key\":\(JSONString.quoted(outcome.key))"
        out += ",\"eTag\":\(JSONString.quoted(outcome.eTag)),\"versionId\":\(head.versionID.map(JSONString.quoted) ?? "null")"
        out += ",\"size\":\(head.contentLength),\"notes\":[\(notes.map(JSONString.quoted).joined(separator: ","))]}"
        out += ",\"contract\":{\"location\":\(JSONString.quoted(contractLocation))"
        if let contractProblem {
            out += ",\"error\":{\"contract\":\(JSONString.quoted(contractProblem.contract)),\"line\":\(contractProblem.line)"
            out += ",\"rule\":\(JSONString.quoted(contractProblem.rule)),\"message\":\(JSONString.quoted(contractProblem.message))}"
        }
        out += "},\"decision\":\(JSONString.quoted(outcome.decision.rawValue))"
        out += ",\"destination\":{\"bucket\":\(JSONString.quoted(outcome.destinationBucket)),\"key\":\(JSONString.quoted(outcome.destinationKey))}"
        out += ",\"timestampStart\":\(JSONString.quoted(Self.timestamp(startedAt))),\"timestampEnd\":\(JSONString.quoted(Self.timestamp(finishedAt)))"
        if let typedParquet {
            out += ",\"typedParquet\":{\"bucket\":\(JSONString.quoted(outcome.destinationBucket)),\"key\":\(JSONString.quoted(typedParquet.key))"
            out += ",\"rows\":\(typedParquet.rows),\"rowsLeftOut\":\(typedParquet.rowsLeftOut),\"written\":\(typedParquet.skipped == nil)"
            out += typedParquet.skipped.map { ",\"reason\":\(JSONString.quoted($0))" } ?? ""
            out += "}"
        }
        out += "," + result.jsonMembers
        out += "}"
        return out
    }

    static func timestamp(_ date: Date) -> String {
        date.formatted(.iso8601)
    }
}
