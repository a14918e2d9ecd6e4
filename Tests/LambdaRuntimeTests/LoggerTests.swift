import Foundation
import Testing
@testable import LambdaRuntime

@Suite struct LoggerTests {
    private func object(_ line: String) throws -> [String: Any] {
        #expect(line.hasSuffix("\n"))
        #expect(line.dropLast().contains("\n") == false, "one JSON object a line")
        return try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }

    @Test func jsonLinesCarryLambdaFieldNames() throws {
        let writer = CollectingLogWriter()
        let logger = Logger(level: .info, format: .json, writer: writer).invocation(requestID: "req-1", traceID: "Root=1-a-b")
        logger.info("wrote \"3\" files\nto s3://bucket/key", ["files": 3, "bucket": "data", "ratio": 0.5, "retried": false])
        let fields = try object(try #require(writer.lines.first))
        #expect(fields["level"] as? String == "INFO")
        #expect(fields["message"] as? String == "wrote \"3\" files\nto s3://bucket/key")
        #expect(fields["requestId"] as? String == "req-1")
        #expect(fields["traceId"] as? String == "Root=1-a-b")
        #expect(fields["files"] as? Int == 3)
        #expect(fields["bucket"] as? String == "data")
        #expect(fields["ratio"] as? Double == 0.5)
        #expect(fields["retried"] as? Bool == false)
        let timestamp = try #require(fields["timestamp"] as? String)
        #expect(timestamp.count == 24 && timestamp.hasSuffix("Z"))
        #expect(ISO8601DateFormatter.withFractions.date(from: timestamp) != nil, "RFC 3339 with milliseconds")
    }

    @Test func metadataCannotOverrideReservedFields() throws {
        let writer = CollectingLogWriter()
        Logger(writer: writer).invocation(requestID: "real", traceID: nil).warn("m", ["requestId": "forged", "level": "DEBUG"])
        let fields = try object(writer.lines[0])
        #expect(fields["requestId"] as? String == "real")
        #expect(fields["level"] as? String == "WARN")
    }

    @Test func controlCharactersAreEscaped() throws {
        let writer = CollectingLogWriter()
        Logger(writer: writer).error("tab\there \u{1} bell\u{7} back\\slash é")
        let fields = try object(writer.lines[0])
        #expect(fields["message"] as? String == "tab\there \u{1} bell\u{7} back\\slash é")
    }

    @Test func levelsBelowTheThresholdAreDropped() {
        let writer = CollectingLogWriter()
        let logger = Logger(level: .warn, format: .json, writer: writer)
        logger.debug("no")
        logger.info("no")
        logger.warn("yes")
        logger.error("yes")
        #expect(writer.lines.count == 2)
    }

    @Test func textFormatIsOneTabSeparatedLine() {
        let writer = CollectingLogWriter()
        Logger(level: .info, format: .text, writer: writer).invocation(requestID: "req-9", traceID: nil)
            .info("two\nlines", ["key": "value"])
        let line = writer.lines[0]
        let fields = line.dropLast().split(separator: "\t", omittingEmptySubsequences: false)
        #expect(fields.count == 4)
        #expect(fields[1] == "req-9")
        #expect(fields[2] == "INFO")
        #expect(fields[3] == "two\rlines key=value")
    }

    @Test(arguments: [
        (["AWS_LAMBDA_LOG_FORMAT": "JSON", "AWS_LAMBDA_LOG_LEVEL": "ERROR", "LOG_LEVEL": "DEBUG"], LogFormat.json, LogLevel.error),
        (["AWS_LAMBDA_LOG_FORMAT": "Text", "AWS_LAMBDA_LOG_LEVEL": "ERROR", "LOG_LEVEL": "DEBUG"], .text, .debug),
        (["AWS_LAMBDA_LOG_FORMAT": "Text", "AWS_LAMBDA_LOG_LEVEL": "warn"], .text, .warn),
        ([:], .json, .info),
        (["AWS_LAMBDA_LOG_LEVEL": "nonsense"], .json, .info),
    ])
    func environmentChoosesFormatAndLevel(environment: [String: String], format: LogFormat, level: LogLevel) {
        let logger = Logger(environment: environment, writer: CollectingLogWriter())
        #expect(logger.format == format)
        #expect(logger.level == level)
    }

    @Test func rfc3339FormatsKnownInstants() {
        #expect(WallClock.rfc3339(milliseconds: 0) == "1970-01-01T00:00:00.000Z")
        #expect(WallClock.rfc3339(milliseconds: 1_542_409_706_888) == "2018-11-16T23:08:26.888Z")
        #expect(WallClock.rfc3339(milliseconds: 1_709_164_800_007) == "2024-02-29T00:00:00.007Z")
    }
}

@Suite struct MetricsLoggerTests {
    @Test func embeddedMetricFormatLine() throws {
        let metrics = MetricsLogger(namespace: "GA4Pipeline", dimensions: [("FunctionName", "KinesisTransform")],
                                    writer: CollectingLogWriter())
        let line = metrics.line([("RecordsWritten", 1200, .count), ("WriteLatency", 12.5, .milliseconds)],
                                properties: [("requestId", "req-1")], timestampMilliseconds: 1_700_000_000_000)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        let aws = try #require(object["_aws"] as? [String: Any])
        #expect(aws["Timestamp"] as? Int == 1_700_000_000_000)
        let directive = try #require((aws["CloudWatchMetrics"] as? [[String: Any]])?.first)
        #expect(directive["Namespace"] as? String == "GA4Pipeline")
        #expect(directive["Dimensions"] as? [[String]] == [["FunctionName"]])
        let definitions = try #require(directive["Metrics"] as? [[String: String]])
        #expect(definitions == [["Name": "RecordsWritten", "Unit": "Count"], ["Name": "WriteLatency", "Unit": "Milliseconds"]])
        #expect(object["FunctionName"] as? String == "KinesisTransform")
        #expect(object["RecordsWritten"] as? Int == 1200)
        #expect(object["WriteLatency"] as? Double == 12.5)
        #expect(object["requestId"] as? String == "req-1")
    }
}

extension ConfigurationError: Equatable {
    public static func == (lhs: ConfigurationError, rhs: ConfigurationError) -> Bool {
        lhs.variable == rhs.variable && lhs.problem == rhs.problem
    }
}

extension ISO8601DateFormatter {
    static var withFractions: ISO8601DateFormatter {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter
    }
}
