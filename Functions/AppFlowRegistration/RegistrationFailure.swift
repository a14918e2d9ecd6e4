import LambdaRuntime

/// Why a valid event could not be registered, with what failed and where (the secret, the statement, the flow).
struct RegistrationFailure: LambdaReportableError, CustomStringConvertible {
    enum Kind: String, Sendable {
        /// The settings secret is missing, unreadable or malformed.
        case settings = "SettingsError"
        /// A Redshift statement ended FAILED or ABORTED, or did not end in time.
        case redshift = "RedshiftStatementFailed"
        /// AppFlow refused a flow or a start.
        case appFlow = "AppFlowError"
        /// Any other AWS call that failed after its retries.
        case aws = "AWSError"
    }
    let kind: Kind
    let message: String

    init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    var errorType: String { kind.rawValue }
    var errorMessage: String { message }
    var description: String { message }
}
