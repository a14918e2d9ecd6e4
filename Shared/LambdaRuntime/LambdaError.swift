import JSONText
/// An error a handler can throw to choose the `errorType` Lambda reports (shown in the console, the
/// invoke response and CloudWatch), instead of the Swift type name.
public protocol LambdaReportableError: Error {
    var errorType: String { get }
    var errorMessage: String { get }
}

/// The event could not be decoded into the handler's event type. The message names the field path.
public struct InvalidEventError: LambdaReportableError, CustomStringConvertible {
    public let errorMessage: String
    public var errorType: String { "InvalidEvent" }
    public var description: String { errorMessage }

    public init(_ message: String) { errorMessage = message }
}

/// Configuration that cannot work; raised while the function initialises, reported through
/// `/runtime/init/error`. The message names the environment variable.
public struct ConfigurationError: LambdaReportableError, CustomStringConvertible {
    public let variable: String
    public let problem: String
    public var errorType: String { "Runtime.ConfigurationError" }
    public var errorMessage: String { "\(variable): \(problem)" }
    public var description: String { errorMessage }

    public init(variable: String, problem: String) {
        self.variable = variable
        self.problem = problem
    }
}

/// The `{errorMessage, errorType, stackTrace}` body of `/error` and `/init/error`.
struct ErrorReport: Sendable {
    let errorType: String
    let errorMessage: String

    init(errorType: String, errorMessage: String) {
        self.errorType = errorType
        self.errorMessage = errorMessage
    }

    init(_ error: any Error) {
        if let reportable = error as? any LambdaReportableError {
            self.init(errorType: reportable.errorType, errorMessage: reportable.errorMessage)
        } else {
            self.init(errorType: String(describing: type(of: error)), errorMessage: String(describing: error))
        }
    }

    var json: String {
        "{\"errorMessage\":\(JSONString.quoted(errorMessage)),\"errorType\":\(JSONString.quoted(errorType)),\"stackTrace\":[]}"
    }
}
