import Clickstream
import LambdaRuntime

/// Settings from the environment, validated at init.
struct KinesisTransformConfiguration: Sendable {
    /// `S3_BUCKET`: the data bucket (Parquet and rejected records).
    let bucket: String
    /// `SNS_TOPIC_ARN`: where the summary of rejected records and failed writes goes.
    let topicARN: String
    /// `EVENTS_PREFIX` (default `events/`) and `FAILED_PREFIX` (default `failed/`).
    let layout: ClickstreamKeyLayout
    /// `MAX_RECORD_BYTES` (default 1 MiB, up to 10 MiB): largest payload after gzip decompression.
    /// `MAX_EVENT_AGE_HOURS` (default 720) and `MAX_EVENT_LEAD_MINUTES` (default 60): the accepted window of
    /// event times around each record's arrival.
    let decoder: ClickstreamRecordDecoder
    /// `WRITE_CONCURRENCY` (default 8, 1 to 64): objects written at once.
    let writeConcurrency: Int
    /// `METRICS_NAMESPACE` (default `GA4Pipeline`).
    let metricsNamespace: String

    init(environment: LambdaEnvironment) throws(ConfigurationError) {
        bucket = try environment.required("S3_BUCKET")
        guard BucketName.isValid(bucket) else {
            throw ConfigurationError(variable: "S3_BUCKET", problem: "\"\(bucket)\" is not a valid S3 bucket name")
        }
        topicARN = try environment.required("SNS_TOPIC_ARN")
        guard topicARN.hasPrefix("arn:"), topicARN.split(separator: ":", omittingEmptySubsequences: false).count == 6 else {
            throw ConfigurationError(variable: "SNS_TOPIC_ARN", problem: "\"\(topicARN)\" is not an SNS topic ARN")
        }
        let eventsPrefix = try environment.keyPrefix("EVENTS_PREFIX", default: "events/")
        let failedPrefix = try environment.keyPrefix("FAILED_PREFIX", default: "failed/")
        guard !eventsPrefix.isEmpty, !eventsPrefix.hasPrefix(failedPrefix), !failedPrefix.hasPrefix(eventsPrefix) else {
            throw ConfigurationError(
                variable: "FAILED_PREFIX",
                problem: "\"\(failedPrefix)\" and EVENTS_PREFIX \"\(eventsPrefix)\" must be non-empty and must not contain one another")
        }
        layout = ClickstreamKeyLayout(eventsPrefix: eventsPrefix, failedPrefix: failedPrefix)
        let maximumBytes = try environment.integer("MAX_RECORD_BYTES", default: 1 << 20, range: 1024...(10 << 20))
        let ageHours = try environment.integer("MAX_EVENT_AGE_HOURS", default: 720, range: 1...87_600)
        let leadMinutes = try environment.integer("MAX_EVENT_LEAD_MINUTES", default: 60, range: 0...10_080)
        decoder = ClickstreamRecordDecoder(
            maximumPayloadBytes: maximumBytes,
            timestampRule: EventTimestampRule(
                maximumAgeMilliseconds: Int64(ageHours) * 3_600_000, maximumLeadMilliseconds: Int64(leadMinutes) * 60_000))
        writeConcurrency = try environment.integer("WRITE_CONCURRENCY", default: 8, range: 1...64)
        metricsNamespace = environment.string("METRICS_NAMESPACE", default: "GA4Pipeline")
    }
}
