import GA4
import LambdaRuntime
import Testing

@testable import GA4Ingest

@Suite("Configuration")
struct GA4IngestConfigurationTests {
    let valid = [
        "GA4_CREDENTIALS_SECRET_ARN": "arn:aws:secretsmanager:us-east-1:123456789012:secret:ga4/key-AbCdEf",
        "LAKE_BUCKET": "analytics-lake",
        "GA4_PROPERTIES": "123456789, 987654321=Europe/Berlin",
        "GA4_TIME_ZONE": "America/Los_Angeles",
    ]

    func configuration(_ changes: [String: String?]) throws(ConfigurationError) -> GA4IngestConfiguration {
        var values = valid
        for (name, value) in changes { values[name] = value }
        return try GA4IngestConfiguration(environment: LambdaEnvironment(values))
    }

    @Test func defaultsAndPerPropertyTimeZones() throws {
        let configuration = try configuration([:])
        #expect(configuration.properties.map(\.id.number) == ["123456789", "987654321"])
        #expect(configuration.properties.map(\.timeZoneName) == ["America/Los_Angeles", "Europe/Berlin"])
        #expect(configuration.rawPrefix == "landing/ga4/")
        #expect(configuration.curatedPrefix == "curated/ga4/")
        #expect(configuration.lookbackDays == 3)
        #expect(configuration.reportSource == .standard)
        #expect(configuration.apiBaseURL == "https://analyticsdata.googleapis.com")
        #expect(configuration.glueDatabase == nil)
    }

    @Test func partitionsAreRegisteredInTheGlueDatabaseWhenOneIsSet() throws {
        #expect(try configuration(["GA4_GLUE_DATABASE": "ga4_reports"]).glueDatabase == "ga4_reports")
        #expect(try configuration(["GA4_GLUE_DATABASE": ""]).glueDatabase == nil)
    }

    @Test func reportsComeFromAnS3URI() throws {
        let configuration = try configuration(["GA4_REPORTS_S3_URI": "s3://config-bucket/ga4/reports.json"])
        #expect(configuration.reportSource == .s3(bucket: "config-bucket", key: "ga4/reports.json"))
    }

    @Test(arguments: [
        ("GA4_CREDENTIALS_SECRET_ARN", "my-secret", "not a Secrets Manager secret ARN"),
        ("GA4_CREDENTIALS_SECRET_ARN", nil, "is not set"),
        ("LAKE_BUCKET", "Bad_Bucket", "not a valid S3 bucket name"),
        ("GA4_PROPERTIES", "123,G-XYZ", "measurement id"),
        ("GA4_PROPERTIES", "123,123", "twice"),
        ("GA4_PROPERTIES", "123=Mars/Olympus", "Mars/Olympus"),
        ("GA4_TIME_ZONE", "../../etc/passwd", "not an IANA time zone name"),
        ("GA4_LOOKBACK_DAYS", "0", "outside 1...60"),
        ("GA4_API_BASE_URL", "http://example.com", "https"),
        ("GA4_REPORTS_S3_URI", "https://x/y", "s3://"),
        ("GA4_CURATED_PREFIX", "landing/ga4", "must differ"),
        ("GA4_GLUE_DATABASE", "GA4-Reports", "lower-case letters, digits and _"),
        ("GA4_GLUE_DATABASE", "ga4; drop", "lower-case letters, digits and _"),
    ] as [(String, String?, String)])
    func badValuesNameTheVariable(variable: String, value: String?, expected: String) {
        do {
            _ = try configuration([variable: value])
            Issue.record("accepted \(variable)=\(value ?? "nil")")
        } catch {
            #expect(error.variable == variable)
            #expect(error.errorMessage.contains(expected), "\(error.errorMessage)")
        }
    }

    @Test func bothReportSourcesAtOnceAreRefused() {
        #expect(throws: ConfigurationError.self) {
            try configuration(["GA4_REPORTS": "[]", "GA4_REPORTS_S3_URI": "s3://b/k"])
        }
    }
}
