import Foundation
import HTTP
import Testing

@testable import AWS

/// SNS, Athena, Glue, Secrets Manager, Kinesis and Redshift Data against moto, AppFlow and
/// BatchExecuteStatement against the model-validating test server, all through the signature-checking proxy.
@Suite(.enabled(if: AWSTestEnvironment.isAvailable, "needs scripts/services/moto.sh"))
struct AWSServicesIntegrationTests {
    let configuration: AWSConfiguration
    var http: HTTPClient { AWSTestEnvironment.http }

    init() throws { configuration = try AWSTestEnvironment.configuration() }

    @Test func snsPublishesWithAttributes() async throws {
        let topic = try await AWSTestEnvironment.createTopic(AWSTestEnvironment.uniqueName("alerts"), configuration: configuration)
        let sns = SNSClient(configuration: configuration, http: http)
        let id = try await sns.publish(
            topicARN: topic, message: "Athena query 1234 failed: x & y = \"z\" ü", subject: "Pipeline failed",
            attributes: ["severity": .string("high"), "count": .number("3"), "blob": .binary(Data([0, 1, 2]))])
        #expect(UUID(uuidString: id) != nil)

        let missing = await #expect(throws: AWSError.self) {
            try await sns.publish(topicARN: "arn:aws:sns:us-east-1:123456789012:no-such-topic", message: "x")
        }
        #expect(missing?.code == "NotFound")
        #expect(missing?.status == 404)
        let invalid = await #expect(throws: AWSError.self) { try await sns.publish(topicARN: topic, message: "") }
        #expect(invalid?.kind == .invalidRequest)
    }

    @Test func athenaRunsAQueryToItsEnd() async throws {
        let athena = AthenaClient(configuration: configuration, http: http)
        let sql = "ALTER TABLE events ADD IF NOT EXISTS PARTITION (dt='2024-01-15') LOCATION 's3://b/events/dt=2024-01-15/'"
        let id = try await athena.startQueryExecution(
            sql, context: AthenaQueryContext(database: "analytics", catalog: "AwsDataCatalog", workGroup: "primary", outputLocation: "s3://results/"))
        let execution = try await athena.waitForQuery(id, polling: PollingPolicy(interval: .milliseconds(50), timeout: .seconds(30)))
        #expect(execution.id == id)
        #expect(execution.status.state == "SUCCEEDED")
        #expect(execution.query == sql)
        #expect(execution.status.submitted != nil)
        let short = await #expect(throws: AWSError.self) {
            try await athena.startQueryExecution("SELECT 1", context: AthenaQueryContext(), clientRequestToken: "short")
        }
        #expect(short?.kind == .invalidRequest)
    }

    @Test func glueRegistersPartitionsIdempotently() async throws {
        let glue = GlueClient(configuration: configuration, http: http)
        let database = AWSTestEnvironment.uniqueName("db").replacingOccurrences(of: "-", with: "_")
        struct DatabaseInput: Encodable { struct Inner: Encodable { var Name: String }; var DatabaseInput: Inner }
        try await AWSTestEnvironment.json(.glue, "CreateDatabase", DatabaseInput(DatabaseInput: .init(Name: database)), configuration: configuration)
        let descriptor = GlueStorageDescriptor(
            columns: [GlueColumn(name: "payload", type: "string")], location: "s3://bucket/events/",
            inputFormat: "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat",
            outputFormat: "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat",
            serdeInfo: GlueSerDeInfo(serializationLibrary: "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe", parameters: [:]))
        struct TableInput: Encodable {
            struct Inner: Encodable {
                var Name: String
                var StorageDescriptor: GlueStorageDescriptor
                var PartitionKeys: [GlueColumn]
                var TableType: String
            }
            var DatabaseName: String
            var TableInput: Inner
        }
        try await AWSTestEnvironment.json(
            .glue, "CreateTable",
            TableInput(DatabaseName: database, TableInput: .init(
                Name: "events", StorageDescriptor: descriptor, PartitionKeys: [GlueColumn(name: "dt", type: "string")],
                TableType: "EXTERNAL_TABLE")),
            configuration: configuration)

        let table = try await glue.getTable(database: database, name: "events")
        #expect(table.PartitionKeys?.map(\.Name) == ["dt"])
        var partitionDescriptor = try #require(table.StorageDescriptor)
        #expect(partitionDescriptor.SerdeInfo?.SerializationLibrary == descriptor.SerdeInfo?.SerializationLibrary)

        func partition(_ day: String) -> GluePartitionInput {
            partitionDescriptor.Location = "s3://bucket/events/dt=\(day)/"
            return GluePartitionInput(values: [day], storageDescriptor: partitionDescriptor)
        }
        let first = try await glue.batchCreatePartition(database: database, table: "events", partitions: [partition("2024-01-15"), partition("2024-01-16")])
        #expect(first.created == [["2024-01-15"], ["2024-01-16"]])
        #expect(first.alreadyExisted.isEmpty)
        let second = try await glue.batchCreatePartition(database: database, table: "events", partitions: [partition("2024-01-16"), partition("2024-01-17")])
        #expect(second.created == [["2024-01-17"]])
        #expect(second.alreadyExisted == [["2024-01-16"]])

        let stored = try await glue.getPartition(database: database, table: "events", values: ["2024-01-17"])
        #expect(stored.Values == ["2024-01-17"])
        #expect(stored.StorageDescriptor?.Location == "s3://bucket/events/dt=2024-01-17/")
        // UpdatePartition moves a partition to another location (a new run of the day), keeping its values.
        var moved = partition("2024-01-17")
        moved.StorageDescriptor?.Location = "s3://bucket/events/dt=2024-01-17/run=2/"
        try await glue.updatePartition(database: database, table: "events", values: ["2024-01-17"], partition: moved)
        #expect(try await glue.getPartition(database: database, table: "events", values: ["2024-01-17"]).StorageDescriptor?.Location
                == "s3://bucket/events/dt=2024-01-17/run=2/")
        let notThere = await #expect(throws: AWSError.self) {
            try await glue.updatePartition(database: database, table: "events", values: ["1999-01-01"], partition: partition("1999-01-01"))
        }
        #expect(notThere?.isNotFound == true)
        let missing = await #expect(throws: AWSError.self) {
            try await glue.getPartition(database: database, table: "events", values: ["1999-01-01"])
        }
        #expect(missing?.code == "EntityNotFoundException")
        #expect(missing?.isNotFound == true)
        let noTable = await #expect(throws: AWSError.self) {
            try await glue.batchCreatePartition(database: database, table: "nope", partitions: [partition("2024-01-15")])
        }
        #expect(noTable?.code == "EntityNotFoundException")
    }

    @Test func secretsManagerReturnsStringAndBinarySecrets() async throws {
        let name = "prod/ga4/\(AWSTestEnvironment.uniqueName("oauth"))"
        struct CreateString: Encodable { var Name: String; var SecretString: String }
        struct CreateBinary: Encodable { var Name: String; var SecretBinary: Data }
        try await AWSTestEnvironment.json(.secretsManager, "CreateSecret", CreateString(Name: name, SecretString: #"{"client_id":"abc","secret":"p+w/d="}"#), configuration: configuration)
        try await AWSTestEnvironment.json(.secretsManager, "CreateSecret", CreateBinary(Name: name + "-bin", SecretBinary: Data([0, 255, 1, 254])), configuration: configuration)
        let secrets = SecretsManagerClient(configuration: configuration, http: http)
        let value = try await secrets.getSecretValue(name)
        #expect(value.SecretString == #"{"client_id":"abc","secret":"p+w/d="}"#)
        #expect(value.Name == name)
        #expect(!"\(value)".contains("p+w/d="))
        let binary = try await secrets.getSecretValue(name + "-bin", versionStage: "AWSCURRENT")
        #expect(binary.SecretBinary == Data([0, 255, 1, 254]))
        let missing = await #expect(throws: AWSError.self) { try await secrets.getSecretValue("no/such/secret") }
        #expect(missing?.code == "ResourceNotFoundException")
    }

    @Test func kinesisPutsRecordsInOrder() async throws {
        let stream = AWSTestEnvironment.uniqueName("events")
        struct CreateStream: Encodable { var StreamName: String; var ShardCount: Int }
        try await AWSTestEnvironment.json(.kinesis, "CreateStream", CreateStream(StreamName: stream, ShardCount: 1), configuration: configuration)
        let kinesis = KinesisClient(configuration: configuration, http: http)
        let records = (0..<7).map { KinesisRecord(data: Data("{\"n\":\($0)}".utf8) + Data([0, 255]), partitionKey: "user-\($0)") }
        let results = try await kinesis.putRecords(stream: stream, records: records)
        #expect(results.count == 7)
        #expect(results.allSatisfy { !$0.sequenceNumber.isEmpty && $0.shardID.hasPrefix("shardId-") })
        #expect(Set(results.map(\.sequenceNumber)).count == 7)
        let missing = await #expect(throws: AWSError.self) { try await kinesis.putRecords(stream: "no-such-stream", records: records) }
        #expect(missing?.code == "ResourceNotFoundException")
    }

    @Test func redshiftDataRunsStatementsAndBatches() async throws {
        let redshift = RedshiftDataClient(configuration: configuration, http: http)
        let id = try await redshift.executeStatement(
            "CALL load_events(:dt)", database: "dev", target: .serverless(workgroup: "analytics-wg", secretARN: nil),
            parameters: [RedshiftSQLParameter(name: "dt", value: "2024-01-15")])
        let described = try await redshift.describeStatement(id)
        #expect(described.Id == id)
        #expect(["SUBMITTED", "PICKED", "STARTED", "FINISHED"].contains(described.Status))
        #expect(described.QueryString == "CALL load_events(:dt)")

        let sqls = ["CREATE SCHEMA IF NOT EXISTS ga4", "CREATE TABLE IF NOT EXISTS ga4.core_report (date varchar(8))"]
        let batch = try await redshift.batchExecuteStatement(
            sqls, database: "dev", target: .cluster(identifier: "analytics", dbUser: "etl", secretARN: nil))
        let finished = try await redshift.waitForStatement(batch, polling: PollingPolicy(interval: .milliseconds(50), timeout: .seconds(10)))
        #expect(finished.Status == "FINISHED")
        #expect(finished.SubStatements?.map(\.Id) == ["\(batch):1", "\(batch):2"])

        let marker = "missing_table_\(UUID().uuidString.prefix(8))"
        _ = try await AWSTestEnvironment.proxyAdmin("redshift-failing-sql", body: ["contains": marker])
        let failing = try await redshift.batchExecuteStatement(
            ["BEGIN", "INSERT INTO \(marker) VALUES (1)", "COMMIT"], database: "dev",
            target: .serverless(workgroup: "analytics-wg", secretARN: "arn:aws:secretsmanager:us-east-1:123456789012:secret:rs"))
        let failure = await #expect(throws: AWSError.self) { try await redshift.waitForStatement(failing) }
        #expect(failure?.kind == .jobFailed)
        #expect(failure?.code == "StatementFAILED")
        #expect(failure?.message.contains("sub-statement \(failing):2") == true)
    }

    @Test func appFlowCreatesUpdatesDescribesAndStartsAGA4Flow() async throws {
        let appflow = AppFlowClient(configuration: configuration, http: http)
        let name = AWSTestEnvironment.uniqueName("ga4-daily")
        let flow = AppFlowFlowDefinition(
            flowName: name, description: "GA4 core report to Redshift",
            triggerConfig: .scheduled(AppFlowScheduledTrigger(scheduleExpression: "rate(1days)", dataPullMode: "Incremental", timezone: "UTC")),
            sourceFlowConfig: .googleAnalytics4(profile: "ga4-profile", entityName: "accounts/1/properties/2/coreReport"),
            destinationFlowConfigList: [
                AppFlowDestinationFlowConfig(
                    connectorType: "Redshift", connectorProfileName: "redshift-profile",
                    destinationConnectorProperties: .init(redshift: .init(
                        object: "ga4.core_report", intermediateBucketName: "appflow-staging", bucketPrefix: "ga4",
                        errorHandlingConfig: AppFlowErrorHandlingConfig(failOnFirstDestinationError: false, bucketName: "appflow-errors", bucketPrefix: "ga4/"))))
            ],
            tasks: [
                AppFlowTask(sourceFields: ["date", "country"], connectorOperator: .init(customConnector: "PROJECTION"), taskType: "Filter"),
                AppFlowTask(
                    sourceFields: ["date"], connectorOperator: .init(customConnector: "NO_OP"), destinationField: "date", taskType: "Map",
                    taskProperties: ["SOURCE_DATA_TYPE": "String", "DESTINATION_DATA_TYPE": "String"]),
            ],
            tags: ["pipeline": "ga4"])

        // A scheduled flow is created as a Draft; StartFlow activates it (no run, so no execution id).
        let created = try await appflow.createFlow(flow)
        #expect(created.flowArn.hasSuffix("flow/\(name)"))
        #expect(created.flowStatus == "Draft")
        let conflict = await #expect(throws: AWSError.self) { try await appflow.createFlow(flow) }
        #expect(conflict?.code == "ConflictException")
        #expect(conflict?.status == 409)

        var changed = flow
        changed.description = "updated"
        #expect(try await appflow.updateFlow(changed) == "Draft")
        let activated = try await appflow.activateFlow(name)
        #expect(activated.flowStatus == "Active")
        #expect(activated.executionId == nil)
        let described = try await appflow.describeFlow(name)
        #expect(described.flowName == name)
        #expect(described.flowStatus == "Active")
        #expect(described.lastRunExecutionDetails == nil)

        // An on-demand flow runs at once and reports the run's id.
        var onDemand = flow
        onDemand.flowName = name + "-now"
        onDemand.triggerConfig = .onDemand
        #expect(try await appflow.createFlow(onDemand).flowStatus == "Active")
        let executionID = try await appflow.startFlow(onDemand.flowName)
        #expect(UUID(uuidString: executionID) != nil)
        #expect(try await appflow.describeFlow(onDemand.flowName).lastRunExecutionDetails?.mostRecentExecutionStatus == "InProgress")

        let missing = await #expect(throws: AWSError.self) { try await appflow.describeFlow("no-such-flow") }
        #expect(missing?.code == "ResourceNotFoundException")
        #expect(missing?.status == 404)
    }
}
