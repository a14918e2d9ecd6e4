#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// What the Runtime API says about one invocation, read from the `/next` response headers.
public struct LambdaContext: Sendable {
    /// `Lambda-Runtime-Aws-Request-Id`.
    public let requestID: String
    /// `Lambda-Runtime-Deadline-Ms`: when Lambda stops the function, in milliseconds since the Unix epoch.
    public let deadlineMilliseconds: Int64
    /// `Lambda-Runtime-Invoked-Function-Arn`: the function, version or alias invoked.
    public let invokedFunctionARN: String
    /// `Lambda-Runtime-Trace-Id`, the X-Ray header; generated when Lambda sends none (the local emulator).
    public let traceID: String
    /// `Lambda-Runtime-Client-Context`: JSON from mobile SDK callers, as sent.
    public let clientContext: String?
    /// `Lambda-Runtime-Cognito-Identity`: JSON, as sent.
    public let cognitoIdentity: String?
    /// `Lambda-Runtime-Aws-Tenant-Id`, for functions in tenant-isolation mode.
    public let tenantID: String?
    /// `Lambda-Runtime-Invocation-Id`: a nonce per attempt, echoed on the response so a late answer from a
    /// timed-out attempt cannot be taken for the current one.
    public let invocationID: String?
    /// A logger that stamps this invocation's request and trace id on every line.
    public let logger: Logger

    public init(
        requestID: String,
        deadlineMilliseconds: Int64,
        invokedFunctionARN: String,
        traceID: String,
        clientContext: String? = nil,
        cognitoIdentity: String? = nil,
        tenantID: String? = nil,
        invocationID: String? = nil,
        logger: Logger
    ) {
        self.requestID = requestID
        self.deadlineMilliseconds = deadlineMilliseconds
        self.invokedFunctionARN = invokedFunctionARN
        self.traceID = traceID
        self.clientContext = clientContext
        self.cognitoIdentity = cognitoIdentity
        self.tenantID = tenantID
        self.invocationID = invocationID
        self.logger = logger
    }

    /// The deadline as a `Date`.
    public var deadline: Date { Date(timeIntervalSince1970: Double(deadlineMilliseconds) / 1000) }

    /// Time left before Lambda stops the function; negative once the deadline has passed.
    public var remainingTime: Duration {
        .milliseconds(deadlineMilliseconds - WallClock.nowMilliseconds())
    }

    /// The region part of the function ARN (`arn:aws:lambda:<region>:<account>:function:<name>`).
    public var region: String? { arnField(3) }

    /// The account part of the function ARN.
    public var accountID: String? { arnField(4) }

    private func arnField(_ index: Int) -> String? {
        let parts = invokedFunctionARN.split(separator: ":", omittingEmptySubsequences: false)
        return parts.count > index && !parts[index].isEmpty ? String(parts[index]) : nil
    }
}
