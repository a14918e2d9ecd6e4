import LambdaRuntime

/// Why a valid event could not be registered, with what failed and where (the secret, the statement, the flow).
typealias RegistrationFailure = LambdaFailure<RegistrationFailureKind>

/// The `errorType` of each kind of registration failure.
enum RegistrationFailureKind: String, Sendable {
    /// The settings secret is missing, unreadable or malformed.
    case settings = "SettingsError"
    /// A Redshift statement ended FAILED or ABORTED, or did not end in time.
    case redshift = "RedshiftStatementFailed"
    /// AppFlow refused a flow or a start.
    case appFlow = "AppFlowError"
    /// Any other AWS call that failed after its retries.
    case aws = "AWSError"
}
