import Foundation
import Testing
import TestSupport

@testable import AWS

/// AppFlowRegistration's bootstrap under the Runtime Interface Emulator: Secrets Manager and SNS in moto behind the
/// signature-checking proxy, AppFlow and the Redshift DDL batches in the model-validating responder (every request
/// checked against botocore's model, every SQL text parsed with sqlglot's Redshift dialect).
@Suite(
    "AppFlowRegistration end to end", .serialized,
    .enabled(if: TestEnvironment.available("PIPELINE_AWS_ENDPOINT", "PIPELINE_RIE_BINARY"), "needs moto and the emulator"))
struct AppFlowRegistrationIntegrationTests {
    let aws: AWSConfiguration
    let secretName: String
    let topicARN: String
    let emulator: RuntimeEmulator
    /// A name of its own per test, so flows, tables and fault rules of one test never meet another's.
    let base: String

    init() async throws {
        aws = try AWSTestEnvironment.configuration()
        base = "ga4-it\(UUID().uuidString.lowercased().prefix(8))"
        secretName = "appflow-registration/\(base)"
        struct CreateSecret: Encodable { var Name: String; var SecretString: String }
        try await AWSTestEnvironment.json(
            .secretsManager, "CreateSecret",
            CreateSecret(Name: secretName, SecretString: #"{"intermediateBucket":"analytics-appflow-staging","intermediatePrefix":"appflow/","redshiftDbUser":"appflow_admin"}"#),
            configuration: aws)
        topicARN = try await AWSTestEnvironment.createTopic(AWSTestEnvironment.uniqueName("registrations"), configuration: aws)
        emulator = try RuntimeEmulator(
            bootstrap: TestEnvironment.builtProduct("AppFlowRegistration"),
            environment: ClickstreamTestSupport.functionEnvironment([
                "NOTIFICATION_TOPIC_ARN": topicARN, "REDSHIFT_POLL_MILLISECONDS": "50", "REDSHIFT_TIMEOUT_SECONDS": "20",
            ]))
    }

    // MARK: - events

    func detail(schedule: Bool = false, metrics: [String] = ["sessions", "engagementRate"], cluster: Bool = false) -> [String: Any] {
        var detail: [String: Any] = [
            "flowName": base, "settingsSecretId": secretName,
            "ga4": ["propertyId": "345678901", "connectorProfileName": "ga4-analytics"],
            "redshift": [
                "connectorProfileName": "redshift-analytics", cluster ? "clusterIdentifier" : "workgroupName": "analytics",
                "database": "dev", "schema": "ga4_\(base.suffix(8))",
            ] as [String: Any],
            "objects": [
                ["entity": "accounts/1/properties/345678901/coreReport", "table": "sessions_daily",
                 "dimensions": ["date", "country"], "metrics": metrics,
                 "validations": [["field": "sessions", "rule": "nonNegative"]]] as [String: Any],
                ["entity": "accounts/1/properties/345678901/coreReport", "table": "pages_daily",
                 "dimensions": ["date", "pagePath"], "metrics": ["screenPageViews"]] as [String: Any],
            ],
            "errorBucket": "analytics-appflow-errors", "tags": ["team": "analytics"],
        ]
        if schedule {
            detail["schedule"] = ["expression": "rate(1days)", "startTime": "2030-01-16T03:00:00Z", "timeZone": "Europe/Berlin"]
        }
        return detail
    }

    func event(_ detail: Any, id: String = UUID().uuidString, asString: Bool = false) throws -> Data {
        let detailValue: Any = asString ? String(decoding: try JSONSerialization.data(withJSONObject: detail), as: UTF8.self) : detail
        return try JSONSerialization.data(withJSONObject: [
            "version": "0", "id": id, "detail-type": "RegisterDataFlow", "source": "analytics.pipeline", "account": "210987654321",
            "time": "2024-01-15T09:30:00Z", "region": "us-east-1", "resources": [String](), "detail": detailValue,
        ])
    }

    func invoke(_ event: Data) async throws -> [String: Any] {
        let response = try await emulator.invoke(event)
        return try #require(try JSONSerialization.jsonObject(with: response.body) as? [String: Any], "\(String(decoding: response.body, as: UTF8.self))")
    }

    func flows(_ result: [String: Any]) -> [[String: Any]] { result["flows"] as? [[String: Any]] ?? [] }

    func flowState(_ name: String) async throws -> [String: Any] {
        try await AWSTestEnvironment.proxyAdmin("appflow-flow", body: ["flowName": name])
    }

    func counts(_ name: String) async throws -> [String: Int] {
        (try await flowState(name))["counts"] as? [String: Int] ?? [:]
    }

    func notices() async throws -> [[String: Any]] {
        (try await AWSTestEnvironment.proxyAdmin("sns-published", body: ["topicArn": topicARN]))["messages"] as? [[String: Any]] ?? []
    }

    // MARK: - tests

    @Test func newOnDemandRegistrationCreatesTablesAndFlowsAndStartsEachOnce() async throws {
        let id = UUID().uuidString
        let first = try await invoke(try event(detail(), id: id, asString: true))
        #expect(first["status"] as? String == "registered", "\(first)")
        #expect(flows(first).map { $0["action"] as? String } == ["created", "created"])
        #expect(flows(first).allSatisfy { ($0["executionId"] as? String)?.isEmpty == false })

        // The DDL Redshift received, statement by statement.
        let redshift = try #require(first["redshift"] as? [String: Any])
        let statementID = try #require(redshift["statementId"] as? String)
        let described = try await RedshiftDataClient(configuration: aws, http: AWSTestEnvironment.http).describeStatement(statementID)
        let schema = "ga4_\(base.suffix(8))"
        #expect(described.Status == "FINISHED")
        #expect(described.SubStatements?.map(\.QueryString) == [
            "CREATE SCHEMA IF NOT EXISTS \"\(schema)\"",
            "CREATE TABLE IF NOT EXISTS \"\(schema)\".\"sessions_daily\" (\"date\" DATE, \"country\" VARCHAR(256), \"sessions\" BIGINT, \"engagement_rate\" DOUBLE PRECISION)",
            "CREATE TABLE IF NOT EXISTS \"\(schema)\".\"pages_daily\" (\"date\" DATE, \"page_path\" VARCHAR(256), \"screen_page_views\" BIGINT)",
        ])

        // What AppFlow holds: the GA4 source, the Redshift destination with its error bucket, the tasks.
        let state = try await flowState("\(base)-sessions_daily")
        let definition = try #require(state["definition"] as? [String: Any])
        let destination = try #require((definition["destinationFlowConfigList"] as? [[String: Any]])?.first)
        let redshiftProperties = (destination["destinationConnectorProperties"] as? [String: Any])?["Redshift"] as? [String: Any]
        #expect(redshiftProperties?["object"] as? String == "\(schema).sessions_daily")
        #expect((redshiftProperties?["errorHandlingConfig"] as? [String: Any])?["bucketName"] as? String == "analytics-appflow-errors")
        #expect((definition["tasks"] as? [Any])?.count == 6)
        #expect(try await counts("\(base)-sessions_daily") == ["CreateFlow": 1, "UpdateFlow": 0, "StartFlow": 1, "runs": 1, "activations": 0])

        // EventBridge delivers the same event again: nothing is created or started a second time.
        let again = try await invoke(try event(detail(), id: id))
        #expect(flows(again).map { $0["action"] as? String } == ["unchanged", "unchanged"], "\(again)")
        #expect(flows(again).allSatisfy { $0["executionId"] == nil })
        for table in ["sessions_daily", "pages_daily"] {
            let flowCounts = try await counts("\(base)-\(table)")
            #expect(flowCounts["CreateFlow"] == 1 && flowCounts["UpdateFlow"] == 0 && flowCounts["runs"] == 1, "\(table): \(flowCounts)")
        }

        let sent = try await notices()
        #expect(sent.count == 2)
        #expect(sent.first?["Subject"] as? String == "AppFlow registration succeeded: \(base)")
        let notice = try JSONSerialization.jsonObject(with: Data((sent.first?["Message"] as? String ?? "").utf8)) as? [String: Any]
        #expect((notice?["flows"] as? [Any])?.count == 2)
    }

    @Test func scheduledFlowsAreActivatedAndAChangedEventUpdatesThemOnce() async throws {
        let first = try await invoke(try event(detail(schedule: true, cluster: true)))
        #expect(flows(first).map { $0["action"] as? String } == ["created", "created"], "\(first)")
        #expect(flows(first).allSatisfy { $0["activated"] as? Bool == true && $0["flowStatus"] as? String == "Active" })
        let name = "\(base)-sessions_daily"
        #expect(try await counts(name)["activations"] == 1)

        let changed = try await invoke(try event(detail(schedule: true, metrics: ["sessions", "engagementRate", "totalUsers"], cluster: true)))
        let outcomes = flows(changed)
        #expect(outcomes.map { $0["action"] as? String } == ["updated", "unchanged"], "\(changed)")
        #expect((outcomes.first?["changes"] as? [String])?.contains("tasks") == true)
        #expect(outcomes.allSatisfy { $0["activated"] as? Bool == false })

        let redelivered = try await invoke(try event(detail(schedule: true, metrics: ["sessions", "engagementRate", "totalUsers"], cluster: true)))
        #expect(flows(redelivered).map { $0["action"] as? String } == ["unchanged", "unchanged"])
        #expect(try await counts(name) == ["CreateFlow": 1, "UpdateFlow": 1, "StartFlow": 1, "runs": 0, "activations": 1])
    }

    @Test func aFlowThatExistsWithAnotherDefinitionIsUpdatedNotDuplicated() async throws {
        let name = "\(base)-pages_daily"
        let appflow = AppFlowClient(configuration: aws, http: AWSTestEnvironment.http)
        _ = try await appflow.createFlow(AppFlowFlowDefinition(
            flowName: name, description: "made by hand", triggerConfig: .onDemand,
            sourceFlowConfig: .googleAnalytics4(profile: "ga4-analytics", entityName: "old/entity"),
            destinationFlowConfigList: [AppFlowDestinationFlowConfig(
                connectorType: "Redshift", connectorProfileName: "redshift-analytics",
                destinationConnectorProperties: .init(redshift: .init(object: "public.pages", intermediateBucketName: "old-staging")))],
            tasks: [AppFlowTask(sourceFields: ["date"], connectorOperator: .init(customConnector: "PROJECTION"), taskType: "Filter")]))
        _ = try await appflow.startFlow(name)

        let result = try await invoke(try event(detail()))
        let outcome = try #require(flows(result).first { $0["flowName"] as? String == name })
        #expect(outcome["action"] as? String == "updated", "\(result)")
        let changes = outcome["changes"] as? [String] ?? []
        #expect(changes.contains("sourceFlowConfig.sourceConnectorProperties.CustomConnector.entityName"))
        #expect(changes.contains("description"))
        #expect(outcome["executionId"] as? String != nil)
        let state = try await flowState(name)
        #expect(state["counts"] as? [String: Int] == ["CreateFlow": 1, "UpdateFlow": 1, "StartFlow": 2, "runs": 2, "activations": 0])
        let definition = state["definition"] as? [String: Any]
        let source = (definition?["sourceFlowConfig"] as? [String: Any])?["sourceConnectorProperties"] as? [String: Any]
        #expect((source?["CustomConnector"] as? [String: Any])?["entityName"] as? String == "accounts/1/properties/345678901/coreReport")
    }

    @Test func aConflictOnCreateAndAThrottledStartAreRetried() async throws {
        let conflictsBefore = try await AWSTestEnvironment.injectedCount(kind: "409")
        let throttlesBefore = try await AWSTestEnvironment.injectedCount(kind: "429")
        try await AWSTestEnvironment.injectFaults([
            "kind": "409", "match": ["path_prefix": "/create-flow", "body_contains": "\(base)-sessions_daily"], "max_consecutive": 1,
        ])
        try await AWSTestEnvironment.injectFaults([
            "kind": "429", "match": ["path_prefix": "/start-flow", "body_contains": "\(base)-pages_daily"], "max_consecutive": 1,
        ])
        let result = try await invoke(try event(detail()))
        #expect(flows(result).map { $0["action"] as? String } == ["created", "created"], "\(result)")
        #expect(flows(result).allSatisfy { $0["executionId"] != nil })
        #expect(try await AWSTestEnvironment.injectedCount(kind: "409") > conflictsBefore)
        #expect(try await AWSTestEnvironment.injectedCount(kind: "429") > throttlesBefore)
        #expect(try await counts("\(base)-sessions_daily")["CreateFlow"] == 1)
        #expect(try await counts("\(base)-pages_daily")["runs"] == 1)
    }

    @Test func aFailedRedshiftStatementStopsTheRegistrationWithItsReason() async throws {
        let schema = "ga4_\(base.suffix(8))"
        _ = try await AWSTestEnvironment.proxyAdmin("redshift-failing-sql", body: ["contains": "\"\(schema)\".\"pages_daily\""])
        let result = try await invoke(try event(detail()))
        #expect(result["errorType"] as? String == "RedshiftStatementFailed", "\(result)")
        let message = result["errorMessage"] as? String ?? ""
        #expect(message.contains("schema \(schema) in database dev"))
        #expect(message.contains("relation does not exist (statement 3)"))
        #expect(message.contains(":3:"), "the failing sub-statement is named: \(message)")
        #expect(try await flowState("\(base)-sessions_daily")["exists"] as? Bool == false)
        let sent = try await notices()
        #expect(sent.map { $0["Subject"] as? String } == ["AppFlow registration failed: \(base)"])
    }

    nonisolated(unsafe) static let hostile: [(String, (inout [String: Any]) -> Void, String)] = [
        ("quoted schema", { d in var r = d["redshift"] as! [String: Any]; r["schema"] = "ga4\"; DROP TABLE users; --"; d["redshift"] = r },
         "detail.redshift.schema"),
        ("table with a semicolon", { d in var o = d["objects"] as! [[String: Any]]; o[0]["table"] = "t;x"; d["objects"] = o }, "detail.objects[0].table"),
        ("unicode table", { d in var o = d["objects"] as! [[String: Any]]; o[1]["table"] = "s\u{e9}ances"; d["objects"] = o }, "detail.objects[1].table"),
        ("ten dimensions", { d in
            var o = d["objects"] as! [[String: Any]]
            o[0]["dimensions"] = ["date", "country", "city", "region", "browser", "deviceCategory", "language", "pagePath", "hostName", "eventName"]
            d["objects"] = o
        }, "detail.objects[0].dimensions"),
        ("unknown metric", { d in var o = d["objects"] as! [[String: Any]]; o[0]["metrics"] = ["sessions", "revenue"]; d["objects"] = o },
         "detail.objects[0].metrics[1]"),
    ]

    @Test func hostileEventsAreRefusedBeforeAnyCall() async throws {
        for (name, edit, path) in Self.hostile {
            var hostile = detail()
            edit(&hostile)
            let result = try await invoke(try event(hostile))
            #expect(result["errorType"] as? String == "InvalidEvent", "\(name): \(result)")
            #expect((result["errorMessage"] as? String ?? "").contains(path), "\(name): \(result)")
        }
        #expect((try await AWSTestEnvironment.proxyAdmin("appflow-flow", body: ["flowName": "\(base)-sessions_daily"]))["exists"] as? Bool == false)
        #expect((try await notices()).count == Self.hostile.count)
        #expect(!emulator.logs.contains("Redshift DDL submitted"))
    }

    @Test func aMissingSettingsSecretIsNamedAndNothingIsCreated() async throws {
        var missing = detail()
        missing["settingsSecretId"] = "appflow-registration/does-not-exist"
        let result = try await invoke(try event(missing))
        #expect(result["errorType"] as? String == "SettingsError", "\(result)")
        #expect((result["errorMessage"] as? String ?? "").contains("appflow-registration/does-not-exist"))
        #expect(try await flowState("\(base)-sessions_daily")["exists"] as? Bool == false)
        #expect(!emulator.logs.contains("Redshift DDL submitted"))
        #expect(!emulator.logs.contains("analytics-appflow-staging"), "settings are never logged")
    }
}
