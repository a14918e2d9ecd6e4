import DataContracts
import JSONText

/// What happened to one uploaded object: the verdict, where it went, and the report's JSON text.
struct ValidationOutcome: Sendable {
    enum Decision: String, Sendable {
        case validated, quarantine
    }

    var bucket: String
    var key: String
    var eTag: String
    var result: String
    var decision: Decision
    var destinationBucket: String
    var destinationKey: String
    var reportKey: String
    var rows: Int
    var failedChecks: [String]
    /// True when an earlier delivery already wrote the report (nothing new was validated).
    var redelivered: Bool
    /// The typed Parquet of the passing rows, when one was written (`PARQUET_OUTPUT_PREFIX`).
    var typedParquetKey: String?

    /// Subscribers dedupe on this: one object version, whatever the number of deliveries.
    var dedupeKey: String { "s3://\(bucket)/\(key)@\(eTag)" }

    /// The summary sent to SNS and EventBridge (and returned by the invocation).
    var summaryJSON: String {
        var out = "{\"dedupeKey\":\(JSONString.quoted(dedupeKey)),\"result\":\(JSONString.quoted(result))"
        out += ",\"decision\":\(JSONString.quoted(decision.rawValue)),\"bucket\":\(JSONString.quoted(bucket)),\"key\":\(JSONString.quoted(key))"
        out += ",\"eTag\":\(JSONString.quoted(eTag)),\"destination\":\(JSONString.quoted("s3://\(destinationBucket)/\(destinationKey)"))"
        out += ",\"report\":\(JSONString.quoted("s3://\(destinationBucket)/\(reportKey)")),\"rows\":\(rows)"
        out += ",\"failedChecks\":[\(failedChecks.prefix(20).map(JSONString.quoted).joined(separator: ","))]"
        if let typedParquetKey { out += ",\"typedParquet\":\(JSONString.quoted("s3://\(destinationBucket)/\(typedParquetKey)"))" }
        out += ",\"redelivered\":\(redelivered)}"
        return out
    }
}
