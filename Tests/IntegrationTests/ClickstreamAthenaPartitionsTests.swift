import Clickstream
import Foundation
import LambdaEvents
import Testing
import TestSupport

@testable import AWS

/// AthenaPartitions' bootstrap under the Runtime Interface Emulator against moto's Athena and Glue.
@Suite("AthenaPartitions end to end", .serialized, .enabled(if: ClickstreamTestSupport.isAvailable, "needs moto and the emulator"))
struct ClickstreamAthenaPartitionsTests {
    typealias Support = ClickstreamTestSupport

    let aws: AWSConfiguration
    var athena: AWSClient { AWSClient(service: .athena, configuration: aws, http: AWSTestEnvironment.http) }
    var glue: AWSClient { AWSClient(service: .glue, configuration: aws, http: AWSTestEnvironment.http) }

    init() throws { aws = try AWSTestEnvironment.configuration() }

    func emulator(bucket: String, database: String, registrar: String, workGroup: String = "primary") throws -> RuntimeEmulator {
        try RuntimeEmulator(
            bootstrap: TestEnvironment.builtProduct("AthenaPartitions"),
            environment: Support.functionEnvironment([
                "S3_BUCKET": bucket, "GLUE_DATABASE": database, "PARTITION_REGISTRAR": registrar, "ATHENA_WORKGROUP": workGroup,
                "ATHENA_OUTPUT_LOCATION": "s3://\(bucket)/athena-results/",
                "PARTITIONED_TABLES": "clickstream_events=events/:hourly,ga4_daily=ga4/curated/:daily",
            ]))
    }

    /// A direct S3 notification for the keys, form-encoded the way S3 sends them.
    func notification(bucket: String, keys: [String]) throws -> Data {
        let records = keys.map { key in
            S3EventRecordJSON(bucket: bucket, encodedKey: FormURLEncoding.encode(key))
        }
        let text = "{\"Records\":[" + records.map(\.json).joined(separator: ",") + "]}"
        return Data(text.utf8)
    }

    struct S3EventRecordJSON {
        let bucket: String
        let encodedKey: String
        var json: String {
            let key = String(data: try! JSONSerialization.data(withJSONObject: [encodedKey], options: [.withoutEscapingSlashes]), encoding: .utf8)!.dropFirst().dropLast()
            return """
                {"eventVersion":"2.1","eventSource":"aws:s3","awsRegion":"us-east-1","eventTime":"2024-01-15T14:00:01.000Z",
                 "eventName":"ObjectCreated:Put","s3":{"s3SchemaVersion":"1.0","configurationId":"partitions",
                 "bucket":{"name":"\(bucket)","arn":"arn:aws:s3:::\(bucket)"},"object":{"key":\(key),"size":100,"eTag":"abc","sequencer":"01"}}}
                """
        }
    }

    func queries(in workGroup: String) async throws -> [String] {
        struct ListInput: Encodable { var WorkGroup: String }
        struct ListOutput: Decodable { var QueryExecutionIds: [String]? }
        struct GetInput: Encodable { var QueryExecutionId: String }
        struct GetOutput: Decodable { var QueryExecution: AthenaQueryExecution }
        let ids: ListOutput = try await athena.jsonCall("ListQueryExecutions", ListInput(WorkGroup: workGroup))
        var statements: [String] = []
        for id in ids.QueryExecutionIds ?? [] {
            let execution: GetOutput = try await athena.jsonCall("GetQueryExecution", GetInput(QueryExecutionId: id))
            if execution.QueryExecution.workGroup == nil || execution.QueryExecution.workGroup == workGroup {
                statements.append(execution.QueryExecution.query ?? "")
            }
        }
        return statements
    }

    func createWorkGroup(_ name: String) async throws {
        struct Input: Encodable { var Name: String }
        let _: EmptyOutput = try await athena.jsonCall("CreateWorkGroup", Input(Name: name))
    }

    static let hostileKeys = [
        "events/year=2024/month=01/day=15/hour=13'; DROP TABLE clickstream_events; --/a.parquet",
        "events/year=2024/month=01/day=15/hour=13/a\".parquet",
        "events/year=2024/month=01/day=15/hour=13;/a.parquet",
        "events/year=2024/month=01/day=15/../../../etc/passwd",
        "events/year=2024/month=01/day=15/hour=13/../x.parquet",
        "events/year=2024/month=13/day=15/hour=13/a.parquet",
        "events/year=2024/month=02/day=30/hour=13/a.parquet",
        "events/year=2024/month=01/day=15/hour=99/a.parquet",
        "events/year=9999/month=01/day=15/hour=13/a.parquet",
        "events/year=2024/month=01/day=15/hour=1 /a.parquet",
        "events/year=2024/month=01/day=15/hour=13/caf\u{e9}.parquet",
        "events/year=2024/month=01/day=15/hour=13/a`b.parquet",
        "ga4/curated/dt=2024-01-15' OR '1'='1/a.parquet",
        "ga4/curated/dt=2024-00-15/a.parquet",
    ]

    @Test func hostileKeysAreAllSkippedAndNoDDLIsIssued() async throws {
        let bucket = AWSTestEnvironment.uniqueName("hostile")
        try await AWSTestEnvironment.createBucket(bucket, configuration: aws)
        let workGroup = AWSTestEnvironment.uniqueName("wg")
        try await createWorkGroup(workGroup)
        let emulator = try emulator(bucket: bucket, database: "clickstream", registrar: "athena", workGroup: workGroup)
        defer { emulator.stop() }
        let response = try await emulator.invoke(try notification(bucket: bucket, keys: Self.hostileKeys))
        let object = try #require(try JSONSerialization.jsonObject(with: response.body) as? [String: Any], "\(String(decoding: response.body, as: UTF8.self))")
        #expect((object["registered"] as? [String: Any])?.isEmpty == true)
        let skipped = try #require(object["skipped"] as? [[String: String]])
        #expect(skipped.map { $0["key"] } == Self.hostileKeys.map(Optional.some))
        #expect(skipped.allSatisfy { $0["reason"]?.isEmpty == false })
        #expect(try await queries(in: workGroup) == [])
    }

    @Test func athenaRegistersEachNewPartitionOnceInOneStatementPerTable() async throws {
        let bucket = AWSTestEnvironment.uniqueName("athena-reg")
        try await AWSTestEnvironment.createBucket(bucket, configuration: aws)
        let workGroup = AWSTestEnvironment.uniqueName("wg")
        try await createWorkGroup(workGroup)
        let emulator = try emulator(bucket: bucket, database: "clickstream", registrar: "athena", workGroup: workGroup)
        defer { emulator.stop() }
        let keys = [
            "events/year=2024/month=01/day=15/hour=13/shardId-000000000000-1.snappy.parquet",
            "events/year=2024/month=01/day=15/hour=13/shardId-000000000001-7.snappy.parquet",
            "events/year=2024/month=01/day=15/hour=14/shardId-000000000000-9.snappy.parquet",
            "ga4/curated/dt=2024-02-29/property 1.parquet",
            "failed/dt=2024-01-15/shardId-000000000000-3.jsonl",
        ]
        let response = try await emulator.invoke(try notification(bucket: bucket, keys: keys))
        let object = try #require(try JSONSerialization.jsonObject(with: response.body) as? [String: Any], "\(String(decoding: response.body, as: UTF8.self))")
        #expect(object["registered"] as? [String: [String]] == [
            "clickstream_events": ["year=2024/month=01/day=15/hour=13", "year=2024/month=01/day=15/hour=14"],
            "ga4_daily": ["dt=2024-02-29"],
        ])
        #expect((object["skipped"] as? [Any])?.isEmpty == true)
        let statements = try await queries(in: workGroup)
        #expect(Set(statements) == [
            """
            ALTER TABLE `clickstream`.`clickstream_events` ADD IF NOT EXISTS
              PARTITION (year = '2024', month = '01', day = '15', hour = '13') LOCATION 's3://\(bucket)/events/year=2024/month=01/day=15/hour=13/'
              PARTITION (year = '2024', month = '01', day = '15', hour = '14') LOCATION 's3://\(bucket)/events/year=2024/month=01/day=15/hour=14/'
            """,
            """
            ALTER TABLE `clickstream`.`ga4_daily` ADD IF NOT EXISTS
              PARTITION (dt = '2024-02-29') LOCATION 's3://\(bucket)/ga4/curated/dt=2024-02-29/'
            """,
        ])
    }

    @Test func glueRegistersPartitionsWithTheTablesStorageAndToleratesExistingOnes() async throws {
        let bucket = AWSTestEnvironment.uniqueName("glue-reg")
        try await AWSTestEnvironment.createBucket(bucket, configuration: aws)
        let database = "clickstream_" + AWSTestEnvironment.uniqueName("db").replacingOccurrences(of: "-", with: "_")
        try await createClickstreamTable(database: database, bucket: bucket)
        let emulator = try emulator(bucket: bucket, database: database, registrar: "glue")
        defer { emulator.stop() }
        let keys = [
            "events/year=2024/month=01/day=15/hour=13/shardId-000000000000-1.snappy.parquet",
            "events/year=2024/month=01/day=15/hour=14/shardId-000000000000-9.snappy.parquet",
        ]
        for round in 0..<2 {
            let response = try await emulator.invoke(try notification(bucket: bucket, keys: keys))
            let object = try #require(try JSONSerialization.jsonObject(with: response.body) as? [String: Any], "round \(round): \(String(decoding: response.body, as: UTF8.self))")
            #expect((object["registered"] as? [String: [String]])?["clickstream_events"]?.count == 2, "round \(round): \(object)")
        }
        // The EventBridge form of the notification registers the same way.
        let bridged = """
            {"version":"0","id":"1","detail-type":"Object Created","source":"aws.s3","account":"123456789012","time":"2024-01-15T15:00:00Z",
             "region":"us-east-1","resources":["arn:aws:s3:::\(bucket)"],"detail":{"version":"0","bucket":{"name":"\(bucket)"},
             "object":{"key":"events/year=2024/month=01/day=15/hour=15/shardId-000000000000-11.snappy.parquet","size":10,"etag":"e","sequencer":"02"},
             "request-id":"r","requester":"123456789012","reason":"PutObject"}}
            """
        let response = try await emulator.invoke(Data(bridged.utf8))
        #expect(String(decoding: response.body, as: UTF8.self).contains("year=2024/month=01/day=15/hour=15"))

        let glueClient = GlueClient(configuration: aws, http: AWSTestEnvironment.http)
        for hour in ["13", "14", "15"] {
            let partition = try await glueClient.getPartition(database: database, table: "clickstream_events", values: ["2024", "01", "15", hour])
            #expect(partition.StorageDescriptor?.Location == "s3://\(bucket)/events/year=2024/month=01/day=15/hour=\(hour)/")
            #expect(partition.StorageDescriptor?.SerdeInfo?.SerializationLibrary == "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe")
            #expect(partition.StorageDescriptor?.Columns?.map(\.Name) == Self.tableColumns.map(\.0))
        }
    }

    /// The columns of the clickstream table in template.yaml.
    static let tableColumns = [
        ("event_id", "string"), ("session_id", "string"), ("user_id", "string"), ("event_type", "string"), ("page_url", "string"),
        ("referrer", "string"), ("event_time", "timestamp"), ("device_type", "string"), ("browser", "string"), ("os", "string"),
        ("country", "string"), ("duration_ms", "bigint"), ("extra_fields", "string"), ("shard_id", "string"),
        ("sequence_number", "string"), ("arrival_time", "timestamp"),
    ]

    /// The Glue table template.yaml defines, created in moto for the Glue registrar.
    func createClickstreamTable(database: String, bucket: String) async throws {
        struct DatabaseInput: Encodable { var Name: String }
        struct CreateDatabase: Encodable { var DatabaseInput: DatabaseInput }
        let _: EmptyOutput = try await glue.jsonCall("CreateDatabase", CreateDatabase(DatabaseInput: DatabaseInput(Name: database)))
        struct TableInput: Encodable {
            var Name: String
            var TableType: String
            var PartitionKeys: [GlueColumn]
            var StorageDescriptor: GlueStorageDescriptor
        }
        struct CreateTable: Encodable { var DatabaseName: String; var TableInput: TableInput }
        let columns = Self.tableColumns.map { GlueColumn(name: $0.0, type: $0.1) }
        let descriptor = GlueStorageDescriptor(
            columns: columns, location: "s3://\(bucket)/events/",
            inputFormat: "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat",
            outputFormat: "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat",
            serdeInfo: GlueSerDeInfo(serializationLibrary: "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe"))
        let _: EmptyOutput = try await glue.jsonCall("CreateTable", CreateTable(DatabaseName: database, TableInput: TableInput(
            Name: "clickstream_events", TableType: "EXTERNAL_TABLE",
            PartitionKeys: ["year", "month", "day", "hour"].map { GlueColumn(name: $0, type: "string") }, StorageDescriptor: descriptor)))
    }
}
