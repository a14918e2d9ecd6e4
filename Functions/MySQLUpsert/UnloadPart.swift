import AWS
import MySQL

/// One part file to load, pinned to the version that was checked (HEAD) before loading.
struct UnloadPart: Sendable {
    let object: S3ObjectRangeReader
    /// From a VERBOSE manifest: the lines the part must have (header lines included).
    let expectedRecords: Int?

    var location: String { "s3://\(object.bucket)/\(object.key)" }
}

/// What loading one part did.
struct PartResult: Sendable {
    var location: String
    var key: String
    var bucket: String
    var eTag: String
    var encoding: String
    var rowsRead = 0
    var inserted = 0
    var updated = 0
    var unchanged = 0
    var rejected = 0
    var batches = 0
    var retries = 0
    var reconnects = 0
    /// The upsert method the part's last batch went by (`staged` or `odku`).
    var method = UpsertMethod.onDuplicateKeyUpdate.rawValue
    /// Why the staged method was left during this part (nil when it was not).
    var fallbackReason: String?
    /// The rejects as JSON lines (empty when none).
    var rejectsText = ""
    /// Set when a VERBOSE manifest's record_count disagrees with the lines read.
    var recordCountProblem: String?
    /// Where the rejects went (set once they were written).
    var rejectsLocation: String?
}
