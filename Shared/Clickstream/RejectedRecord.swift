import JSONText
/// A Kinesis record that cannot become a row, with why. Rejected records are written to `failed/` with their
/// original bytes and are not retried: retrying cannot make them valid.
public struct RejectedRecord: Error, Sendable, Equatable {
    /// Machine-readable kinds of rejection, used as `error_code` and in the SNS summary counts.
    public enum Code: String, Sendable, CaseIterable {
        case notBase64 = "NOT_BASE64"
        case badGzip = "BAD_GZIP"
        case tooLarge = "TOO_LARGE"
        case invalidUTF8 = "INVALID_UTF8"
        case notJSON = "NOT_JSON"
        case notAnObject = "NOT_AN_OBJECT"
        case missingField = "MISSING_FIELD"
        case invalidField = "INVALID_FIELD"
        /// A KPL aggregate that cannot be read (checksum, protobuf, table index, no records): kept whole.
        case badAggregate = "BAD_AGGREGATE"
    }

    public let code: Code
    /// Names what is wrong and where (field, byte offset); never the record's content beyond a short excerpt.
    public let reason: String
    public let shardID: String
    public let sequenceNumber: String
    /// For a user record of a KPL aggregate, its index there; `originalData` is then that user record's bytes.
    public let subSequenceNumber: Int64?
    public let arrivalTimeMilliseconds: Int64
    /// The record's `data` exactly as Lambda delivered it (base64 text), so the original bytes can be recovered.
    public let originalData: String

    public init(
        code: Code, reason: String, shardID: String, sequenceNumber: String, subSequenceNumber: Int64? = nil,
        arrivalTimeMilliseconds: Int64, originalData: String
    ) {
        self.code = code
        self.reason = reason
        self.shardID = shardID
        self.sequenceNumber = sequenceNumber
        self.subSequenceNumber = subSequenceNumber
        self.arrivalTimeMilliseconds = arrivalTimeMilliseconds
        self.originalData = originalData
    }

    /// One line of the `failed/` JSON-lines object: `{"shard_id", "sequence_number", "arrival_time_ms",
    /// "error_code", "reason", "data_base64"}`, with `"sub_sequence_number"` after the sequence number for a
    /// user record of an aggregate.
    public var jsonLine: String {
        var line = "{\"shard_id\":"
        JSONString.append(shardID, to: &line)
        line += ",\"sequence_number\":"
        JSONString.append(sequenceNumber, to: &line)
        if let subSequenceNumber { line += ",\"sub_sequence_number\":\(subSequenceNumber)" }
        line += ",\"arrival_time_ms\":\(arrivalTimeMilliseconds),\"error_code\":"
        JSONString.append(code.rawValue, to: &line)
        line += ",\"reason\":"
        JSONString.append(reason, to: &line)
        line += ",\"data_base64\":"
        JSONString.append(originalData, to: &line)
        line += "}\n"
        return line
    }
}
