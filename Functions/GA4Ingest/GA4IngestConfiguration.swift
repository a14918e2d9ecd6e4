#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import AWS
import GA4
import LambdaRuntime

/// Settings from the environment, validated at init so a bad value fails the init with the variable's name.
struct GA4IngestConfiguration: Sendable {
    /// `GA4_CREDENTIALS_SECRET_ARN`: the Secrets Manager secret holding a service-account key or an
    /// `external_account` (workload identity federation) document.
    let credentialsSecretARN: String
    /// `LAKE_BUCKET`: where raw and curated objects go.
    let bucket: String
    /// `GA4_RAW_PREFIX` (default `landing/ga4/`): raw request/response documents.
    let rawPrefix: String
    /// `GA4_CURATED_PREFIX` (default `curated/ga4/`): Parquet partitions.
    let curatedPrefix: String
    /// `GA4_PROPERTIES`: comma-separated numeric property ids, each optionally `id=Area/City` to give the
    /// property's reporting time zone when it differs from `GA4_TIME_ZONE`.
    let properties: [PropertySetting]
    /// `GA4_REPORTS` (a JSON array) or `GA4_REPORTS_S3_URI` (`s3://bucket/key` of one); the standard set when
    /// neither is set. Read from S3 at init, so resolved by `GA4ReportSource.load`.
    let reportSource: GA4ReportSource
    /// `GA4_LOOKBACK_DAYS` (1…60, default 3): complete days a scheduled run pulls again.
    let lookbackDays: Int
    /// `GA4_DEADLINE_MARGIN_SECONDS` (5…600, default 60): no new report is started with less time left, so
    /// the cursor is written before Lambda ends the invocation.
    let deadlineMargin: Duration
    /// `GA4_MAX_BACKFILL_REQUESTS` (1…100,000, default 20,000): the largest backfill one event may ask for.
    let maxBackfillRequests: Int
    /// `GA4_API_BASE_URL`: the Data API endpoint (https only); Google's unless set.
    let apiBaseURL: String
    /// `GA4_GLUE_DATABASE`: the Glue database of the report tables, where each written partition is registered;
    /// unset or empty registers nothing (the data is still written).
    let glueDatabase: String?
    /// The BigQuery export source (`GA4_EXPORT_*`); nil when `GA4_EXPORT_DATASETS` is unset.
    let export: ExportConfiguration?

    init(environment: LambdaEnvironment) throws(ConfigurationError) {
        credentialsSecretARN = try environment.required("GA4_CREDENTIALS_SECRET_ARN")
        try Self.validateSecretARN(credentialsSecretARN)
        bucket = try environment.required("LAKE_BUCKET")
        try Self.validateBucket(bucket, variable: "LAKE_BUCKET")
        rawPrefix = try environment.keyPrefix("GA4_RAW_PREFIX", default: "landing/ga4/")
        curatedPrefix = try environment.keyPrefix("GA4_CURATED_PREFIX", default: "curated/ga4/")
        guard rawPrefix != curatedPrefix else {
            throw ConfigurationError(variable: "GA4_CURATED_PREFIX", problem: "must differ from GA4_RAW_PREFIX (\(rawPrefix))")
        }
        let defaultZone = environment.string("GA4_TIME_ZONE", default: "UTC")
        properties = try PropertySetting.parseList(
            try environment.required("GA4_PROPERTIES"), defaultTimeZone: defaultZone, variable: "GA4_PROPERTIES")
        reportSource = try GA4ReportSource(inline: environment["GA4_REPORTS"], s3URI: environment["GA4_REPORTS_S3_URI"])
        lookbackDays = try environment.integer("GA4_LOOKBACK_DAYS", default: 3, range: 1...60)
        deadlineMargin = .seconds(try environment.integer("GA4_DEADLINE_MARGIN_SECONDS", default: 60, range: 5...600))
        maxBackfillRequests = try environment.integer("GA4_MAX_BACKFILL_REQUESTS", default: 20_000, range: 1...100_000)
        apiBaseURL = environment.string("GA4_API_BASE_URL", default: "https://analyticsdata.googleapis.com")
        guard apiBaseURL.hasPrefix("https://") else {
            throw ConfigurationError(variable: "GA4_API_BASE_URL", problem: "\"\(apiBaseURL)\" must be an https URL")
        }
        let database = environment.string("GA4_GLUE_DATABASE", default: "")
        guard database.isEmpty || GlueIdentifier.isValid(database) else {
            throw ConfigurationError(variable: "GA4_GLUE_DATABASE", problem: "\"\(database)\" must be lower-case letters, digits and _")
        }
        glueDatabase = database.isEmpty ? nil : database
        export = try ExportConfiguration.read(environment, properties: properties, rawPrefix: rawPrefix, curatedPrefix: curatedPrefix)
    }

    /// `arn:<partition>:secretsmanager:<region>:<account>:secret:<name>`.
    static func validateSecretARN(_ arn: String, variable: String = "GA4_CREDENTIALS_SECRET_ARN") throws(ConfigurationError) {
        let parts = arn.split(separator: ":", maxSplits: 6, omittingEmptySubsequences: false)
        guard parts.count == 7, parts[0] == "arn", !parts[1].isEmpty, parts[2] == "secretsmanager", !parts[3].isEmpty,
            parts[4].count == 12, parts[4].allSatisfy(\.isNumber), parts[5] == "secret", !parts[6].isEmpty
        else {
            throw ConfigurationError(
                variable: variable,
                problem: "\"\(arn)\" is not a Secrets Manager secret ARN (arn:aws:secretsmanager:<region>:<account>:secret:<name>)")
        }
    }

    /// S3 bucket naming rules: 3–63 lower-case letters, digits, dots and hyphens, starting and ending with a
    /// letter or digit.
    static func validateBucket(_ name: String, variable: String) throws(ConfigurationError) {
        let bytes = Array(name.utf8)
        func isAlphanumeric(_ byte: UInt8) -> Bool { (97...122).contains(byte) || (48...57).contains(byte) }
        guard (3...63).contains(bytes.count), isAlphanumeric(bytes[0]), isAlphanumeric(bytes[bytes.count - 1]),
            bytes.allSatisfy({ isAlphanumeric($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ".") })
        else {
            throw ConfigurationError(variable: variable, problem: "\"\(name)\" is not a valid S3 bucket name")
        }
    }
}
