import LambdaRuntime

/// Why a file was not (completely) loaded. Every one fails the invocation, so Lambda retries it and then hands the
/// event to the failure destination: rows already written stay, and the retry rewrites them to the same values.
typealias MySQLUpsertFailure = LambdaFailure<MySQLUpsertFailureKind>

/// The `errorType` of each kind of MySQLUpsert failure.
enum MySQLUpsertFailureKind: String, Sendable {
    /// No route matches the key.
    case noRoute = "MySQLUpsert.NoRoute"
    /// The table, its columns or keys do not fit the file's columns (nothing of the file was written).
    case mapping = "MySQLUpsert.Mapping"
    /// The file cannot be read: not its format, broken compression, malformed quoting, a bad manifest.
    case input = "MySQLUpsert.Input"
    /// A manifest names a part that is not in S3 (yet), or one of another size.
    case incompleteUnload = "MySQLUpsert.IncompleteUnload"
    /// More rows were rejected than MAX_REJECTED_ROWS allows.
    case tooManyRejects = "MySQLUpsert.TooManyRejects"
    /// Connecting to or writing to MySQL failed after the retries.
    case database = "MySQLUpsert.Database"
    /// Reading from or writing to S3 failed.
    case storage = "MySQLUpsert.Storage"
}
