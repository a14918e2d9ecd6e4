import Foundation
import GA4
import HTTP
import Testing
import TestSupport

@testable import AWS

/// The GA4Ingest function under the Runtime Interface Emulator, against moto (S3, Secrets Manager) and the GA4
/// test server; what it writes is read back with pyarrow and DuckDB.
@Suite(
    "GA4Ingest end to end", .serialized,
    .enabled(if: TestEnvironment.available("PIPELINE_RIE_BINARY", "PIPELINE_AWS_ENDPOINT", "GA4_TEST_BASE_URL")))
struct GA4IngestIntegrationTests {
    /// Small pages, so that every report is read in several; the three report shapes of the standard set.
    static let reportsJSON = """
        [{"name": "daily_totals", "dimensions": ["date"],
          "metrics": ["sessions", "totalUsers", "activeUsers", "screenPageViews", "eventCount"], "limit": 40},
         {"name": "traffic_by_source", "dimensions": ["date", "sessionSource", "sessionMedium"],
          "metrics": ["sessions", "activeUsers", "screenPageViews", "eventCount", "engagementRate"], "limit": 7},
         {"name": "pages", "dimensions": ["date", "hostName", "pagePath"],
          "metrics": ["screenPageViews", "sessions", "activeUsers", "eventCount"], "limit": 25}]
        """

    /// A bucket, a credential secret and a GA4 property of this test's own.
    struct Setup {
        let server: GA4TestServer
        let aws: AWSConfiguration
        let bucket: String
        let secretARN: String
        let property: PropertyID

        static func make(property spec: [String: Any], secret: Data? = nil) async throws -> Setup {
            let server = try GA4TestServer()
            let aws = try AWSTestEnvironment.configuration()
            let bucket = AWSTestEnvironment.uniqueName("ga4-lake")
            try await AWSTestEnvironment.createBucket(bucket, configuration: aws)
            let name = AWSTestEnvironment.uniqueName("ga4-credentials")
            struct CreateSecret: Encodable { var Name: String; var SecretString: String }
            try await AWSTestEnvironment.json(
                .secretsManager, "CreateSecret",
                CreateSecret(Name: name, SecretString: String(decoding: secret ?? server.serviceAccountJSON, as: UTF8.self)),
                configuration: aws)
            let arn = try #require(try await SecretsManagerClient(configuration: aws, http: AWSTestEnvironment.http).getSecretValue(name).ARN)
            let property = try await server.makeProperty(spec)
            return Setup(server: server, aws: aws, bucket: bucket, secretARN: arn, property: property)
        }

        func emulator(_ overrides: [String: String] = [:], timeoutSeconds: Int = 300) throws -> RuntimeEmulator {
            var environment = [
                "AWS_ACCESS_KEY_ID": aws.credentials.accessKeyID,
                "AWS_SECRET_ACCESS_KEY": aws.credentials.secretAccessKey,
                "AWS_SESSION_TOKEN": aws.credentials.sessionToken ?? "",
                "AWS_REGION": "us-east-1",
                "AWS_ENDPOINT_URL": AWSTestEnvironment.proxyEndpoint,
                // The GA4 test server's throw-away CA (moto is plain HTTP on loopback).
                "SSL_CERT_FILE": try TestEnvironment.require("GA4_TEST_CA_BUNDLE"),
                "GA4_API_BASE_URL": server.baseURL,
                "GA4_CREDENTIALS_SECRET_ARN": secretARN,
                "LAKE_BUCKET": bucket,
                "GA4_PROPERTIES": property.number,
                "GA4_TIME_ZONE": "UTC",
                "GA4_REPORTS": GA4IngestIntegrationTests.reportsJSON,
                "GA4_DEADLINE_MARGIN_SECONDS": "5",
                "AWS_LAMBDA_LOG_LEVEL": "DEBUG",
            ]
            for (key, value) in overrides { environment[key] = value }
            return try RuntimeEmulator(bootstrap: TestEnvironment.builtProduct("GA4Ingest"), environment: environment, timeoutSeconds: timeoutSeconds)
        }

        func backfill(_ start: String, _ end: String) -> String {
            #"{"properties":["\#(property.number)"],"startDate":"\#(start)","endDate":"\#(end)"}"#
        }

        /// Everything under the bucket, Parquet read by pyarrow and DuckDB.
        func lake() throws -> Lake {
            let data = try PythonScript.run(
                "scripts/ga4ingest/read_lake.py", ["--endpoint", try TestEnvironment.require("PIPELINE_MOTO_ENDPOINT"), "--bucket", bucket])
            return try Lake(json: data)
        }

        /// The rows the test server says the report has, as text (dimensions, then metrics).
        func expected(report: String, day: String) async throws -> [[String]] {
            let definitions = try ReportDefinition.decodeList(Data(GA4IngestIntegrationTests.reportsJSON.utf8), source: "test")
            let definition = try #require(definitions.first { $0.name == report })
            return try await server.expectedRows(property, definition.request(for: try #require(CivilDate(isoString: day))))
        }
    }

    struct Lake {
        let keys: [String]
        let parquet: [String: [String: Any]]
        let documents: [String: [String: Any]]

        init(json: Data) throws {
            let object = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
            keys = object["keys"] as? [String] ?? []
            parquet = object["parquet"] as? [String: [String: Any]] ?? [:]
            documents = object["json"] as? [String: [String: Any]] ?? [:]
        }

        func partitionKey(_ report: String, _ property: PropertyID, _ day: String) -> String {
            "curated/ga4/report=\(report)/property_id=\(property.number)/dt=\(day)/part-00000.parquet"
        }

        /// The file's rows as the API writes them: the report's dimensions (`date` as its string) and metrics.
        func textRows(_ key: String, dimensions: [String], metrics: [String]) throws -> [[String]] {
            let file = try #require(parquet[key], "no Parquet object \(key) among \(keys)")
            let columns = try #require(file["columns"] as? [String])
            let rows = try #require(file["rows"] as? [[Any]])
            let wanted = dimensions.map { $0 == "date" ? "date_string" : snake($0) } + metrics.map(snake)
            let indices = try wanted.map { name in try #require(columns.firstIndex(of: name), "column \(name) missing from \(columns)") }
            return rows.map { row in
                indices.map { index -> String in
                    switch row[index] {
                    case let text as String: return text
                    case let number as NSNumber:
                        let value = number.doubleValue
                        return value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : "\(value)"
                    default: return "null"
                    }
                }
            }
        }

        func snake(_ name: String) -> String {
            var result = ""
            for character in name {
                if character.isUppercase { result += "_" + character.lowercased() } else { result.append(character) }
            }
            return result
        }
    }

    static let definitions: [(String, [String], [String])] = [
        ("daily_totals", ["date"], ["sessions", "totalUsers", "activeUsers", "screenPageViews", "eventCount"]),
        ("traffic_by_source", ["date", "sessionSource", "sessionMedium"], ["sessions", "activeUsers", "screenPageViews", "eventCount", "engagementRate"]),
        ("pages", ["date", "hostName", "pagePath"], ["screenPageViews", "sessions", "activeUsers", "eventCount"]),
    ]

    /// Every row of every report and day lands once, typed, with its caveats.
    func assertEveryRowLandedOnce(_ setup: Setup, days: [String], lake: Lake) async throws {
        for day in days {
            for (report, dimensions, metrics) in Self.definitions {
                let key = lake.partitionKey(report, setup.property, day)
                let landed = try lake.textRows(key, dimensions: dimensions, metrics: metrics)
                let expected = try await setup.expected(report: report, day: day)
                #expect(!expected.isEmpty)
                #expect(landed.count == expected.count, "\(key)")
                #expect(landed.map { $0.joined(separator: "\u{1}") }.sorted() == expected.map { $0.joined(separator: "\u{1}") }.sorted(), "\(key)")
                #expect(lake.keys.filter { $0.hasPrefix(key.replacingOccurrences(of: "part-00000.parquet", with: "")) && $0.hasSuffix(".parquet") } == [key])
            }
        }
    }

    @Test func aBackfillLandsEveryRowOnceWithTypesCaveatsAndRawPages() async throws {
        let setup = try await Setup.make(property: ["factsPerDay": 300, "pathPool": 40, "thresholded": true, "sampled": true,
                                                    "otherRowAfter": 60, "timeZone": "UTC"])
        let emulator = try setup.emulator()
        defer { emulator.stop() }
        let (status, result) = try await emulator.invoke(json: setup.backfill("2025-04-29", "2025-04-30"))
        #expect(status == 200)
        #expect(result["status"] as? String == "complete", "\(result)\n\(emulator.logs)")
        #expect(result["plannedRequests"] as? Int == 6)
        #expect(result["partitionsWritten"] as? Int == 6)

        let lake = try setup.lake()
        try await assertEveryRowLandedOnce(setup, days: ["2025-04-29", "2025-04-30"], lake: lake)

        let daily = try #require(lake.parquet[lake.partitionKey("daily_totals", setup.property, "2025-04-30")])
        let columns = try #require(daily["columns"] as? [String])
        let types = try #require(daily["types"] as? [String])
        let typeOf = Dictionary(uniqueKeysWithValues: zip(columns, types))
        #expect(typeOf["date"] == "date32[day]")
        #expect(typeOf["date_string"] == "string")
        #expect(typeOf["sessions"] == "int64")
        #expect(typeOf["pages_per_session"] == "double")
        #expect(typeOf["sessions_per_user"] == "double")
        #expect(typeOf["events_per_session"] == "double")
        let rows = try #require(daily["rows"] as? [[Any]])
        let row = try #require(rows.first)
        #expect(row[try #require(columns.firstIndex(of: "date"))] as? String == "2025-04-30")
        // Ratio of the row's sums.
        func number(_ name: String) throws -> Double? { Double("\(row[try #require(columns.firstIndex(of: name))])") }
        let views = try #require(try number("screen_page_views"))
        let sessions = try #require(try number("sessions"))
        #expect(sessions > 0)
        #expect(try number("pages_per_session") == views / sessions)

        // The pages report is folded into (other) past 60 rows; its caveats say so, beside the data and in it.
        let caveatsKey = "curated/ga4/report=pages/property_id=\(setup.property.number)/dt=2025-04-30/_caveats.json"
        let caveats = try #require(lake.documents[caveatsKey], "\(lake.keys)")
        #expect(caveats["dataLossFromOtherRow"] as? Bool == true)
        #expect(caveats["subjectToThresholding"] as? Bool == true)
        #expect(caveats["sampled"] as? Bool == true)
        #expect(caveats["timeZone"] as? String == "UTC")
        #expect(caveats["currencyCode"] as? String == "USD")
        #expect(caveats["propertyQuota"] != nil)
        let footer = try #require(lake.parquet[lake.partitionKey("pages", setup.property, "2025-04-30")]?["footer"] as? [String: String])
        #expect(footer["ga4.caveats"]?.contains("\"dataLossFromOtherRow\":true") == true)

        // One raw document per page, listed in the caveats.
        let rawKeys = try #require(caveats["rawObjects"] as? [String])
        #expect(rawKeys.count >= 2)
        #expect(rawKeys.allSatisfy { lake.keys.contains($0) && $0.hasPrefix("landing/ga4/report=pages/property_id=\(setup.property.number)/dt=2025-04-30/fetched_at=") })
        #expect(!lake.keys.contains { $0.contains("_cursors/") })
    }

    /// The GA4 database and report tables in moto's Glue, created from template.yaml by
    /// scripts/ga4ingest/create_glue_tables.py; returns the database name and the tables created.
    func createTemplateGlueTables(bucket: String) throws -> (database: String, tables: [String]) {
        let database = "ga4_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(12)
        let data = try PythonScript.run("scripts/ga4ingest/create_glue_tables.py", [
            "--endpoint", try TestEnvironment.require("PIPELINE_MOTO_ENDPOINT"), "--database", database, "--bucket", bucket,
        ])
        return (database, try #require(try JSONSerialization.jsonObject(with: data) as? [String]))
    }

    /// Each partition is registered in its report's table as soon as it is written, with the table's storage
    /// descriptor and its own location; a report without a table is skipped (logged once), and a re-run finds
    /// the partitions registered already.
    @Test func everyWrittenPartitionIsRegisteredInItsReportsGlueTable() async throws {
        let setup = try await Setup.make(property: ["factsPerDay": 60, "pathPool": 10, "timeZone": "UTC"])
        let (database, tables) = try createTemplateGlueTables(bucket: setup.bucket)
        // The report tables, beside the BigQuery export's own.
        #expect(tables == ["daily_totals", "export_events", "pages", "traffic_by_source"])
        // A report with no table: the pages table is dropped.
        struct DeleteTable: Encodable { var DatabaseName: String; var Name: String }
        try await AWSTestEnvironment.json(.glue, "DeleteTable", DeleteTable(DatabaseName: database, Name: "pages"), configuration: setup.aws)
        let emulator = try setup.emulator(["GA4_GLUE_DATABASE": database])
        defer { emulator.stop() }
        let (status, result) = try await emulator.invoke(json: setup.backfill("2025-04-29", "2025-04-30"))
        #expect(status == 200)
        #expect(result["status"] as? String == "complete", "\(result)\n\(emulator.logs)")
        #expect(result["partitionsWritten"] as? Int == 6)
        #expect(result["partitionsRegistered"] as? Int == 4)
        #expect(emulator.logs.components(separatedBy: "the report has no table in the GA4 Glue database").count - 1 == 1,
                "logged once per run: \(emulator.logs.suffix(3000))")

        let glue = GlueClient(configuration: setup.aws, http: AWSTestEnvironment.http)
        let lake = try setup.lake()
        for report in ["daily_totals", "traffic_by_source"] {
            let table = try await glue.getTable(database: database, name: report)
            for day in ["2025-04-29", "2025-04-30"] {
                let partition = try await glue.getPartition(database: database, table: report, values: [setup.property.number, day])
                let location = "s3://\(setup.bucket)/curated/ga4/report=\(report)/property_id=\(setup.property.number)/dt=\(day)/"
                #expect(partition.Values == [setup.property.number, day])
                #expect(partition.StorageDescriptor?.Location == location)
                #expect(partition.StorageDescriptor?.SerdeInfo?.SerializationLibrary == "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe")
                #expect(partition.StorageDescriptor?.InputFormat == table.StorageDescriptor?.InputFormat)
                #expect(partition.StorageDescriptor?.Columns == table.StorageDescriptor?.Columns)
                // The location holds the partition's data file.
                #expect(lake.keys.contains(lake.partitionKey(report, setup.property, day)))
            }
        }

        // A second run of the same days writes again and finds every partition registered.
        let (_, again) = try await emulator.invoke(json: setup.backfill("2025-04-29", "2025-04-30"))
        #expect(again["status"] as? String == "complete", "\(again)")
        #expect(again["partitionsRegistered"] as? Int == 0)
    }

    @Test func reRunningADayReplacesItsPartition() async throws {
        let setup = try await Setup.make(property: ["factsPerDay": 120, "pathPool": 20, "timeZone": "UTC", "seed": "first"])
        let emulator = try setup.emulator()
        defer { emulator.stop() }
        // The scheduled run at 2025-05-02 06:00 UTC pulls 2025-04-29 … 2025-05-01.
        let scheduled = #"{"version":"0","id":"1","detail-type":"Scheduled Event","source":"aws.events","account":"123456789012","time":"2025-05-02T06:00:00Z","region":"us-east-1","resources":[],"detail":{}}"#
        let (_, first) = try await emulator.invoke(json: scheduled)
        #expect(first["status"] as? String == "complete", "\(first)\n\(emulator.logs)")
        #expect(first["plannedRequests"] as? Int == 9)
        let before = try setup.lake()
        try await assertEveryRowLandedOnce(setup, days: ["2025-04-29", "2025-04-30", "2025-05-01"], lake: before)

        // GA4 revises the data (another seed), and a backfill of one day pulls it again.
        _ = try await setup.server.makePropertyRevision(setup.property, ["factsPerDay": 150, "pathPool": 20, "timeZone": "UTC", "seed": "second"])
        let (_, second) = try await emulator.invoke(json: setup.backfill("2025-04-30", "2025-04-30"))
        #expect(second["status"] as? String == "complete", "\(second)")
        let after = try setup.lake()
        try await assertEveryRowLandedOnce(setup, days: ["2025-04-30"], lake: after)
        let key = after.partitionKey("daily_totals", setup.property, "2025-04-30")
        #expect(try after.textRows(key, dimensions: ["date"], metrics: ["sessions"]) != before.textRows(key, dimensions: ["date"], metrics: ["sessions"]))
        // The Parquet keys are the same set as before: nothing was added beside the replaced objects.
        #expect(after.keys.filter { $0.hasSuffix(".parquet") } == before.keys.filter { $0.hasSuffix(".parquet") })
    }

    @Test func aQuotaStopWritesACursorAndTheSameEventResumesWhereItStopped() async throws {
        let setup = try await Setup.make(property: ["factsPerDay": 100, "pathPool": 20, "timeZone": "UTC"])
        // Requests here cost one token each; the client stops once fewer than 4,000 hourly tokens remain.
        try await setup.server.setQuota(setup.property, ["tokensPerHour": 4_006])
        let emulator = try setup.emulator()
        defer { emulator.stop() }
        let event = setup.backfill("2025-04-28", "2025-04-30")
        let (_, first) = try await emulator.invoke(json: event)
        #expect(first["status"] as? String == "stopped", "\(first)\n\(emulator.logs)")
        #expect((first["stopReason"] as? String)?.contains("tokensPerHour") == true)
        let completed = try #require(first["completedRequests"] as? Int)
        #expect(completed > 0 && completed < 9)
        let cursorURI = try #require(first["cursor"] as? String)
        let stopped = try setup.lake()
        #expect(stopped.keys.contains { cursorURI.hasSuffix($0) })
        // Only whole partitions were written: as many as completed requests.
        #expect(stopped.keys.filter { $0.hasSuffix(".parquet") }.count == completed)

        // The hour passes; the same event resumes at the cursor and finishes.
        try await setup.server.setQuota(setup.property, ["tokensPerHour": 40_000])
        let callsBefore = try await setup.server.counters()["runReport:\(setup.property.number)"] ?? 0
        let (_, second) = try await emulator.invoke(json: event)
        #expect(second["status"] as? String == "complete", "\(second)")
        #expect(second["resumedFrom"] as? Int == completed)
        #expect(second["partitionsWritten"] as? Int == 9 - completed)
        let callsAfter = try await setup.server.counters()["runReport:\(setup.property.number)"] ?? 0
        let finished = try setup.lake()
        try await assertEveryRowLandedOnce(setup, days: ["2025-04-28", "2025-04-29", "2025-04-30"], lake: finished)
        #expect(!finished.keys.contains { $0.contains("_cursors/") })
        // The finished units were not fetched again: their raw pages have one fetch time each.
        let firstKey = finished.partitionKey("daily_totals", setup.property, "2025-04-28")
        let fetches = Set(finished.keys.filter { $0.hasPrefix("landing/ga4/report=daily_totals/property_id=\(setup.property.number)/dt=2025-04-28/") }
            .compactMap { $0.split(separator: "/").first { $0.hasPrefix("fetched_at=") } })
        #expect(fetches.count == 1, "\(firstKey)")
        #expect(callsAfter > callsBefore)
    }

    /// `pipeline-ops backfill-ga4` invokes the function until the backfill is complete: with too little quota it
    /// gives up after its invocations and says to run it again; run again with quota, it resumes and finishes.
    @Test func pipelineOpsFollowsABackfillThroughQuotaStopsToCompletion() async throws {
        let setup = try await Setup.make(property: ["factsPerDay": 60, "pathPool": 20, "timeZone": "UTC"])
        try await setup.server.setQuota(setup.property, ["tokensPerHour": 4_004])
        let emulator = try setup.emulator()
        defer { emulator.stop() }
        let function = AWSTestEnvironment.uniqueName("GA4Ingest")
        try await PipelineOpsIntegrationTests.register(function, emulator)
        let arguments = [
            "backfill-ga4", "--function", function, "--property", setup.property.number, "--from", "2025-04-29", "--to", "2025-04-30",
        ]
        let starved = try PipelineOpsIntegrationTests.pipelineOps(arguments + ["--max-invocations", "2"])
        #expect(starved.status != 0)
        #expect(starved.output.contains("invocation 1: stopped"), "\(starved.output)")
        #expect(starved.output.contains("not complete after 2 invocations; run the same command again to resume"), "\(starved.output)")

        try await setup.server.setQuota(setup.property, ["tokensPerHour": 40_000])
        let finished = try PipelineOpsIntegrationTests.pipelineOps(arguments)
        #expect(finished.status == 0, "\(finished.output)")
        #expect(finished.output.contains("invocation 1: complete"), "\(finished.output)")
        let lake = try setup.lake()
        try await assertEveryRowLandedOnce(setup, days: ["2025-04-29", "2025-04-30"], lake: lake)
        #expect(!lake.keys.contains { $0.contains("_cursors/") })
    }

    @Test func nearTheDeadlineTheRunStopsBeforeTheNextReportAndLeavesACursor() async throws {
        let setup = try await Setup.make(property: ["factsPerDay": 50, "timeZone": "UTC"])
        let event = setup.backfill("2025-04-30", "2025-04-30")
        // A margin longer than the whole invocation: no report may start.
        let hurried = try setup.emulator(["GA4_DEADLINE_MARGIN_SECONDS": "120"], timeoutSeconds: 60)
        let (_, first) = try await hurried.invoke(json: event)
        hurried.stop()
        #expect(first["status"] as? String == "stopped", "\(first)")
        #expect((first["stopReason"] as? String)?.contains("deadline") == true)
        #expect(first["completedRequests"] as? Int == 0)
        #expect((first["next"] as? [String: Any])?["report"] as? String == "daily_totals")
        let stopped = try setup.lake()
        #expect(stopped.keys.filter { $0.hasSuffix(".parquet") }.isEmpty)
        #expect(stopped.keys.contains { $0.hasPrefix("landing/ga4/_cursors/backfill-2025-04-30-2025-04-30-") })

        let relaxed = try setup.emulator()
        defer { relaxed.stop() }
        let (_, second) = try await relaxed.invoke(json: event)
        #expect(second["status"] as? String == "complete", "\(second)")
        let finished = try setup.lake()
        try await assertEveryRowLandedOnce(setup, days: ["2025-04-30"], lake: finished)
        #expect(!finished.keys.contains { $0.contains("_cursors/") })
    }

    @Test func aBadKeyIsAnAuthenticationError() async throws {
        var key = try #require(try JSONSerialization.jsonObject(with: try GA4TestServer().serviceAccountJSON) as? [String: Any])
        key["private_key_id"] = "0000000000000000000000000000000000000000"
        let setup = try await Setup.make(property: ["timeZone": "UTC"], secret: try JSONSerialization.data(withJSONObject: key))
        let emulator = try setup.emulator()
        defer { emulator.stop() }
        let (_, result) = try await emulator.invoke(json: setup.backfill("2025-04-30", "2025-04-30"))
        #expect(result["errorType"] as? String == "GA4Ingest.Authentication", "\(result)")
        let message = try #require(result["errorMessage"] as? String)
        #expect(message.contains("invalid_grant"), "\(message)")
        #expect(!emulator.logs.contains("PRIVATE KEY"))
    }

    @Test func aPropertyTheAccountCannotReadIsAPropertyAccessError() async throws {
        let setup = try await Setup.make(property: ["timeZone": "UTC"])
        let emulator = try setup.emulator(["GA4_PROPERTIES": "\(setup.property.number),4000000001"])
        defer { emulator.stop() }
        let event = #"{"properties":["4000000001"],"startDate":"2025-04-30","endDate":"2025-04-30"}"#
        let (_, result) = try await emulator.invoke(json: event)
        #expect(result["errorType"] as? String == "GA4Ingest.PropertyAccess", "\(result)")
        let message = try #require(result["errorMessage"] as? String)
        #expect(message.contains("properties/4000000001"))
        #expect(message.contains("sufficient permissions"))
    }

    @Test func anInvalidMetricNameFailsBeforeAnyReportWithTheName() async throws {
        let setup = try await Setup.make(property: ["timeZone": "UTC"])
        let reports = #"[{"name": "daily_totals", "dimensions": ["date"], "metrics": ["sessions", "sessionz"]}]"#
        let emulator = try setup.emulator(["GA4_REPORTS": reports])
        defer { emulator.stop() }
        let (_, result) = try await emulator.invoke(json: setup.backfill("2025-04-30", "2025-04-30"))
        #expect(result["errorType"] as? String == "GA4Ingest.ReportDefinition", "\(result)")
        let message = try #require(result["errorMessage"] as? String)
        #expect(message.contains("\"sessionz\""), "\(message)")
        #expect(message.contains("daily_totals"))
        #expect(try await setup.server.counters()["runReport:\(setup.property.number)"] == nil)
    }
}

extension GA4TestServer {
    /// Replaces a property's generated data, as GA4 revises a day while it is processed.
    func makePropertyRevision(_ property: PropertyID, _ spec: [String: Any]) async throws -> Data {
        let response = try await http.execute(HTTPRequest(
            method: "POST", url: baseURL + "/control/properties/\(property.number)", headers: ["Content-Type": "application/json"],
            body: .bytes(try JSONSerialization.data(withJSONObject: spec))))
        guard response.isSuccess else { throw MissingService("control call failed: \(response.status)") }
        return response.body
    }
}
