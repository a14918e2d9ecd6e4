import LambdaRuntime
import Testing

@testable import AthenaPartitions

struct AthenaPartitionsConfigurationTests {
    let base = ["S3_BUCKET": "data-bucket", "GLUE_DATABASE": "clickstream"]

    @Test func defaultsToTheClickstreamTableAndGlue() throws {
        let configuration = try AthenaPartitionsConfiguration(environment: LambdaEnvironment(base))
        #expect(configuration.tables == [PartitionedTable(name: "clickstream_events", prefix: "events/", scheme: .hourly)])
        #expect(configuration.registrar == .glue)
        #expect(configuration.workGroup == "primary")
    }

    @Test func severalTablesParse() throws {
        let configuration = try AthenaPartitionsConfiguration(environment: LambdaEnvironment(base.merging([
            "PARTITIONED_TABLES": "clickstream_events=events/:hourly, ga4_daily=ga4/curated:daily", "PARTITION_REGISTRAR": "athena",
        ]) { $1 }))
        #expect(configuration.tables.map(\.prefix) == ["events/", "ga4/curated/"])
        #expect(configuration.tables.map(\.scheme) == [.hourly, .daily])
        #expect(configuration.registrar == .athena)
    }

    @Test(arguments: [
        (["GLUE_DATABASE": "db; drop"], #"GLUE_DATABASE: "db; drop" must be lower-case letters, digits and _"#),
        (["PARTITIONED_TABLES": "Events=events/:hourly"], #"PARTITIONED_TABLES: table name "Events" must be lower-case letters, digits and _"#),
        (["PARTITIONED_TABLES": "t=events/:weekly"], #"PARTITIONED_TABLES: scheme "weekly" of t is not hourly or daily"#),
        (["PARTITIONED_TABLES": "t=../x/:hourly"], #"PARTITIONED_TABLES: prefix "../x/" of t is not a plain relative key prefix"#),
        (["PARTITIONED_TABLES": "t=a'/:hourly"], #"PARTITIONED_TABLES: prefix "a'/" of t is not a plain relative key prefix"#),
        (["PARTITIONED_TABLES": "a=x/:hourly,b=x/y/:daily"], "PARTITIONED_TABLES: prefixes of a and b overlap"),
        (["PARTITION_REGISTRAR": "hive"], #"PARTITION_REGISTRAR: "hive" is not one of athena, glue"#),
        (["ATHENA_WORKGROUP": "w g"], #"ATHENA_WORKGROUP: "w g" is not a workgroup name"#),
        (["ATHENA_OUTPUT_LOCATION": "/tmp"], #"ATHENA_OUTPUT_LOCATION: "/tmp" is not an s3:// URL"#),
    ])
    func badSettingsNameTheVariable(overrides: [String: String], message: String) {
        let error = #expect(throws: ConfigurationError.self) {
            try AthenaPartitionsConfiguration(environment: LambdaEnvironment(base.merging(overrides) { $1 }))
        }
        #expect(error?.errorMessage == message)
    }
}
