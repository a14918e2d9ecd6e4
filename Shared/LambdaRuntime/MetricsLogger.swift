import JSONText
/// CloudWatch Embedded Metric Format: a metric is a structured log line that CloudWatch turns into a
/// metric, with no API call and no extra latency in the function.
/// https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html
public struct MetricsLogger: Sendable {
    public enum Unit: String, Sendable {
        case count = "Count", bytes = "Bytes", milliseconds = "Milliseconds", seconds = "Seconds", percent = "Percent"
        case none = "None"
    }

    public let namespace: String
    public let dimensions: [(String, String)]
    private let writer: any LogWriter

    /// - Parameters:
    ///   - namespace: the CloudWatch namespace, e.g. `GA4Pipeline`.
    ///   - dimensions: one dimension set, e.g. `[("FunctionName", "KinesisTransform")]`.
    public init(namespace: String, dimensions: [(String, String)], writer: any LogWriter = StandardErrorWriter.standardOutput) {
        self.namespace = namespace
        self.dimensions = dimensions
        self.writer = writer
    }

    /// Emits the metrics as one EMF line. Properties are extra fields kept in the log event (not metrics),
    /// such as the request id, for finding the invocation behind a data point.
    public func emit(_ metrics: [(name: String, value: Double, unit: Unit)], properties: [(String, String)] = []) {
        guard !metrics.isEmpty else { return }
        writer.write(line(metrics, properties: properties, timestampMilliseconds: WallClock.nowMilliseconds()))
    }

    func line(_ metrics: [(name: String, value: Double, unit: Unit)], properties: [(String, String)],
              timestampMilliseconds: Int64) -> String
    {
        var out = "{\"_aws\":{\"Timestamp\":\(timestampMilliseconds),\"CloudWatchMetrics\":[{\"Namespace\":"
        JSONString.append(namespace, to: &out)
        out += ",\"Dimensions\":[["
        out += dimensions.map { JSONString.quoted($0.0) }.joined(separator: ",")
        out += "]],\"Metrics\":["
        out += metrics.map { "{\"Name\":\(JSONString.quoted($0.name)),\"Unit\":\"\($0.unit.rawValue)\"}" }.joined(separator: ",")
        out += "]}]}"
        for (name, value) in dimensions + properties {
            out += ",\(JSONString.quoted(name)):\(JSONString.quoted(value))"
        }
        for metric in metrics {
            out += ",\(JSONString.quoted(metric.name)):"
            out += metric.value.isFinite ? (metric.value == metric.value.rounded() && abs(metric.value) < 1e15
                ? String(Int64(metric.value)) : String(metric.value)) : "0"
        }
        return out + "}\n"
    }
}
