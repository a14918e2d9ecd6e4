/// Lambda's log levels, in order of severity (`AWS_LAMBDA_LOG_LEVEL`).
public enum LogLevel: Int, Sendable, Comparable, CaseIterable {
    case trace, debug, info, warn, error, fatal

    /// Parses Lambda's names (TRACE … FATAL), case-insensitive; WARNING is accepted for WARN.
    public init?(name: String) {
        switch name.uppercased() {
        case "TRACE": self = .trace
        case "DEBUG": self = .debug
        case "INFO": self = .info
        case "WARN", "WARNING": self = .warn
        case "ERROR": self = .error
        case "FATAL", "CRITICAL": self = .fatal
        default: return nil
        }
    }

    public var name: String {
        switch self {
        case .trace: return "TRACE"
        case .debug: return "DEBUG"
        case .info: return "INFO"
        case .warn: return "WARN"
        case .error: return "ERROR"
        case .fatal: return "FATAL"
        }
    }

    public static func < (lhs: LogLevel, rhs: LogLevel) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// `AWS_LAMBDA_LOG_FORMAT`: one JSON object a line, or Lambda's tab-separated text.
public enum LogFormat: Sendable {
    case json, text
}
