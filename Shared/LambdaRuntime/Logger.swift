import JSONText
/// Structured logging in Lambda's format: one line per entry on stderr, JSON with Lambda's field names
/// (`timestamp`, `level`, `message`, `requestId`, `traceId`) or tab-separated text, filtered by level.
public struct Logger: Sendable {
    public let level: LogLevel
    public let format: LogFormat
    public let requestID: String?
    public let traceID: String?
    private let writer: any LogWriter

    public init(level: LogLevel = .info, format: LogFormat = .json, writer: any LogWriter = StandardErrorWriter.shared,
                requestID: String? = nil, traceID: String? = nil) {
        self.level = level
        self.format = format
        self.writer = writer
        self.requestID = requestID
        self.traceID = traceID
    }

    /// A logger configured the way Lambda asks: `AWS_LAMBDA_LOG_FORMAT` (JSON or Text) and the level from
    /// `AWS_LAMBDA_LOG_LEVEL` (wins in JSON mode) or `LOG_LEVEL` (wins in Text mode), INFO by default.
    public init(environment: [String: String], writer: any LogWriter = StandardErrorWriter.shared) {
        let format: LogFormat = environment["AWS_LAMBDA_LOG_FORMAT"]?.uppercased() == "TEXT" ? .text : .json
        let lambdaLevel = environment["AWS_LAMBDA_LOG_LEVEL"].flatMap(LogLevel.init(name:))
        let plainLevel = environment["LOG_LEVEL"].flatMap(LogLevel.init(name:))
        let level = format == .json ? (lambdaLevel ?? plainLevel) : (plainLevel ?? lambdaLevel)
        self.init(level: level ?? .info, format: format, writer: writer)
    }

    /// The same logger, stamping an invocation's ids on every line.
    public func invocation(requestID: String, traceID: String?) -> Logger {
        Logger(level: level, format: format, writer: writer, requestID: requestID, traceID: traceID)
    }

    public func isEnabled(_ level: LogLevel) -> Bool { level >= self.level }

    public func trace(_ message: @autoclosure () -> String, _ metadata: LogMetadata = [:]) { log(.trace, message(), metadata) }
    public func debug(_ message: @autoclosure () -> String, _ metadata: LogMetadata = [:]) { log(.debug, message(), metadata) }
    public func info(_ message: @autoclosure () -> String, _ metadata: LogMetadata = [:]) { log(.info, message(), metadata) }
    public func warn(_ message: @autoclosure () -> String, _ metadata: LogMetadata = [:]) { log(.warn, message(), metadata) }
    public func error(_ message: @autoclosure () -> String, _ metadata: LogMetadata = [:]) { log(.error, message(), metadata) }
    public func fatal(_ message: @autoclosure () -> String, _ metadata: LogMetadata = [:]) { log(.fatal, message(), metadata) }

    public func log(_ level: LogLevel, _ message: @autoclosure () -> String, _ metadata: LogMetadata = [:]) {
        guard isEnabled(level) else { return }
        let timestamp = WallClock.rfc3339(milliseconds: WallClock.nowMilliseconds())
        switch format {
        case .json: writer.write(jsonLine(level, message(), metadata, timestamp))
        case .text: writer.write(textLine(level, message(), metadata, timestamp))
        }
    }

    private func jsonLine(_ level: LogLevel, _ message: String, _ metadata: LogMetadata, _ timestamp: String) -> String {
        var line = "{\"timestamp\":\"\(timestamp)\",\"level\":\"\(level.name)\",\"message\":"
        JSONString.append(message, to: &line)
        if let requestID {
            line += ",\"requestId\":"
            JSONString.append(requestID, to: &line)
        }
        if let traceID {
            line += ",\"traceId\":"
            JSONString.append(traceID, to: &line)
        }
        for (key, value) in metadata.entries where !Self.reservedKeys.contains(key) {
            line += ","
            JSONString.append(key, to: &line)
            line += ":"
            value.appendJSON(to: &line)
        }
        line += "}\n"
        return line
    }

    private func textLine(_ level: LogLevel, _ message: String, _ metadata: LogMetadata, _ timestamp: String) -> String {
        var line = "\(timestamp)\t\(requestID ?? "-")\t\(level.name)\t\(message)"
        for (key, value) in metadata.entries { line += " \(key)=\(value.text)" }
        // A multi-line message would otherwise become several log events.
        line = line.replacingNewlines()
        return line + "\n"
    }

    private static let reservedKeys: Set<String> = ["timestamp", "level", "message", "requestId", "traceId"]
}

/// Structured fields for a log line, in order.
public struct LogMetadata: Sendable, ExpressibleByDictionaryLiteral {
    public var entries: [(String, LogValue)]
    public init(dictionaryLiteral elements: (String, LogValue)...) { entries = elements }
}

/// A value in a log line's metadata.
public enum LogValue: Sendable, ExpressibleByStringInterpolation, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByBooleanLiteral
{
    case string(String)
    case int(Int)
    case double(Double)
    case bool(Bool)

    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }

    var text: String {
        switch self {
        case .string(let value): return value
        case .int(let value): return String(value)
        case .double(let value): return String(value)
        case .bool(let value): return String(value)
        }
    }

    func appendJSON(to out: inout String) {
        switch self {
        case .string(let value): JSONString.append(value, to: &out)
        case .int(let value): out += String(value)
        case .double(let value): out += value.isFinite ? String(value) : "null"
        case .bool(let value): out += value ? "true" : "false"
        }
    }
}

extension String {
    /// Lambda makes each line a separate log event; a carriage return keeps a multi-line message in one.
    fileprivate func replacingNewlines() -> String {
        guard utf8.contains(where: { $0 == 10 }) else { return self }
        return String(map { $0 == "\n" || $0 == "\r\n" ? "\r" : $0 })
    }
}
