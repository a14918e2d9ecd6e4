import LambdaRuntime
import Testing
@testable import S3Validation

@Suite struct S3ValidationConfigurationTests {
    let base = ["PROCESSED_DATA_BUCKET": "processed", "CONTRACTS": "incoming/orders/=bundled:orders.yaml"]

    func configuration(_ extra: [String: String] = [:]) throws(ConfigurationError) -> S3ValidationConfiguration {
        try S3ValidationConfiguration(environment: LambdaEnvironment(base.merging(extra) { $1 }))
    }

    @Test func defaults() throws {
        let configuration = try configuration()
        #expect(configuration.incomingPrefix == "incoming/")
        #expect(configuration.validatedPrefix == "validated/")
        #expect(configuration.quarantinePrefix == "quarantine/")
        #expect(configuration.topicARN == nil)
        #expect(configuration.eventBusName == "default")
        #expect(configuration.multipartCopyThreshold == 5_000_000_000)
        #expect(configuration.settings.dimensionThresholds["completeness"] == 0.95)
        #expect(configuration.settings.dimensionThresholds["validity"] == 0.97)
    }

    @Test func routesPickTheLongestPrefix() throws {
        let configuration = try configuration([
            "CONTRACTS": "incoming/=bundled:all.yaml, incoming/orders/eu/=s3://contracts/eu.yaml#orders,incoming/orders/=bundled:orders.yaml",
        ])
        #expect(configuration.route(for: "incoming/orders/eu/a.csv")?.location == .s3(bucket: "contracts", key: "eu.yaml"))
        #expect(configuration.route(for: "incoming/orders/eu/a.csv")?.object == "orders")
        #expect(configuration.route(for: "incoming/orders/us/a.csv")?.location == .bundled(file: "orders.yaml"))
        #expect(configuration.route(for: "incoming/x.csv")?.location == .bundled(file: "all.yaml"))
        #expect(configuration.route(for: "other/x.csv") == nil)
    }

    @Test func badValuesNameTheirVariable() {
        for (variable, value) in [
            ("CONTRACTS", "incoming/=orders.yaml"), ("CONTRACTS", "incoming/=bundled:../secret"), ("CONTRACTS", "incoming/=s3://bucket"),
            ("VALIDATED_PREFIX", "incoming/validated/"), ("SNS_TOPIC_ARN", "topic"), ("DIMENSION_THRESHOLDS", "completeness=1.5"),
            ("MULTIPART_COPY_THRESHOLD_BYTES", "1024"), ("EVENT_SOURCE", "aws.s3"),
        ] {
            do {
                _ = try configuration([variable: value])
                Issue.record("\(variable)=\(value) accepted")
            } catch {
                #expect(error.variable == variable, "\(variable)=\(value): \(error)")
            }
        }
        #expect(throws: ConfigurationError.self) { try S3ValidationConfiguration(environment: LambdaEnvironment(["CONTRACTS": "a=bundled:x.yaml"])) }
    }

    @Test func dimensionThresholdsOverrideTheDefaults() throws {
        let configuration = try configuration(["DIMENSION_THRESHOLDS": "completeness=0.9, timeliness=0.5"])
        #expect(configuration.settings.dimensionThresholds["completeness"] == 0.9)
        #expect(configuration.settings.dimensionThresholds["timeliness"] == 0.5)
        #expect(configuration.settings.dimensionThresholds["accuracy"] == 0.98)
    }

    @Test func typedParquetOutputKeysReplaceTextExtensions() throws {
        #expect(try configuration().parquetOutputKey(relative: "orders/a.csv") == nil)
        let configuration = try configuration(["PARQUET_OUTPUT_PREFIX": "curated"])
        #expect(configuration.parquetOutputKey(relative: "orders/2026/a.csv.gz") == "curated/orders/2026/a.parquet")
        #expect(configuration.parquetOutputKey(relative: "orders/b.JSONL") == "curated/orders/b.parquet")
        #expect(configuration.parquetOutputKey(relative: "orders/c.dat") == "curated/orders/c.dat.parquet")
        #expect(configuration.parquetOutputKey(relative: "orders/.csv") == "curated/orders/.csv.parquet")
        #expect(throws: ConfigurationError.self) { try self.configuration(["PARQUET_OUTPUT_PREFIX": "incoming/typed/"]) }
        #expect(throws: ConfigurationError.self) { try self.configuration(["PARQUET_OUTPUT_PREFIX": "/"]) }
    }

    @Test func parquetKeysAreReadAsParquet() {
        #expect(S3ValidationHandler.isParquetKey("incoming/orders/a.PARQUET"))
        #expect(S3ValidationHandler.isParquetKey("incoming/orders/a.parq"))
        #expect(!S3ValidationHandler.isParquetKey("incoming/orders/a.parquet.csv"))
    }
}
