import Foundation
import GA4
import HTTP
import Testing
import TestSupport

@testable import AWS

/// GA4Ingest's BigQuery export source under the Runtime Interface Emulator, against bqemulator loaded with a
/// generated export day (REST v2 and the Storage Read API), moto (S3, Glue, Secrets Manager behind the signing
/// proxy, which also serves Lambda Invoke for the continuation) and the GA4 test server as Google's token
/// endpoint. What lands in S3 is read back by pyarrow and DuckDB and compared with the inserted rows.
@Suite(
    "GA4Ingest BigQuery export end to end", .serialized,
    .enabled(if: TestEnvironment.available("PIPELINE_RIE_BINARY", "PIPELINE_AWS_ENDPOINT", "GA4_TEST_BASE_URL", "BIGQUERY_EMULATOR_REST_URL")))
struct GA4ExportIngestIntegrationTests {
    /// bqemulator's Storage Read names Avro records after their fields, so the export's three `value` records
    /// collide; a table without two of them is what its Storage Read path can serve.
    static let storageReadOmit = "user_properties,items.item_params"

    struct Export {
        let setup: GA4IngestIntegrationTests.Setup
        let rest: String
        let grpc: String
        let project: String
        let dataset: String
        let directory: URL

        var property: String { setup.property.number }

        static func make() async throws -> Export {
            let setup = try await GA4IngestIntegrationTests.Setup.make(property: ["factsPerDay": 1, "timeZone": "UTC"])
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent(AWSTestEnvironment.uniqueName("ga4-export"))
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            return Export(
                setup: setup, rest: try TestEnvironment.require("BIGQUERY_EMULATOR_REST_URL"),
                grpc: try TestEnvironment.require("BIGQUERY_EMULATOR_GRPC_URL"),
                project: try TestEnvironment.require("BIGQUERY_EMULATOR_PROJECT"), dataset: "analytics_\(setup.property.number)",
                directory: directory)
        }

        /// Creates (or re-creates) `events_<day>` with `events` generated events; returns its lastModifiedTime.
        @discardableResult
        func load(day: String, events: Int, seed: Int, replace: Bool = false, omit: String = "") throws -> (rows: String, lastModified: Int64) {
            let rows = directory.appendingPathComponent("rows-\(day)-\(seed).jsonl").path
            var arguments = ["load", rest, project, dataset, "events_" + day.replacingOccurrences(of: "-", with: ""), String(events), String(seed), rows]
            if replace { arguments.append("--replace") }
            if !omit.isEmpty { arguments += ["--omit", omit] }
            let answer = try #require(try JSONSerialization.jsonObject(with: try PythonScript.run("scripts/bigquery/export_lake_fixture.py", arguments)) as? [String: Any])
            #expect(answer["numRows"] as? Int == events)
            return (rows, try #require((answer["lastModifiedTime"] as? NSNumber)?.int64Value))
        }

        func emulator(_ overrides: [String: String] = [:], timeoutSeconds: Int = 300) throws -> RuntimeEmulator {
            var environment = [
                "GA4_EXPORT_DATASETS": "\(property)=\(project).\(dataset)",
                "GA4_EXPORT_PROJECT": project,
                "GA4_BIGQUERY_API_BASE_URL": rest + "/bigquery/v2",
                "GA4_BIGQUERY_STORAGE_URL": grpc,
            ]
            for (key, value) in overrides { environment[key] = value }
            return try setup.emulator(environment, timeoutSeconds: timeoutSeconds)
        }

        /// The function's variables pointing this property at the BigQuery fake's `dataset`, with `overrides`.
        func fake(_ dataset: String, _ overrides: [String: String] = [:]) throws -> [String: String] {
            var environment = [
                "GA4_EXPORT_DATASETS": "\(property)=fake-project.\(dataset)", "GA4_EXPORT_PROJECT": "fake-project",
                "GA4_BIGQUERY_API_BASE_URL": try TestEnvironment.require("BIGQUERY_FAKE_REST_URL") + "/bigquery/v2",
                "GA4_BIGQUERY_STORAGE_URL": try TestEnvironment.require("BIGQUERY_FAKE_GRPC_URL"),
            ]
            environment.merge(overrides) { $1 }
            return environment
        }

        func runPrefix(day: String, run: Int64) -> String {
            "curated/ga4/export=events/property_id=\(property)/dt=\(day)/run=\(run)/"
        }

        /// Every Parquet object under the prefix, read by pyarrow and DuckDB, equals the rows as a multiset.
        func check(prefix: String, rows: String, omit: String = "") throws -> [String] {
            var arguments = ["check", try TestEnvironment.require("PIPELINE_MOTO_ENDPOINT"), setup.bucket, prefix, rows]
            if !omit.isEmpty { arguments += ["--omit", omit] }
            let answer = try #require(try JSONSerialization.jsonObject(with: try PythonScript.run("scripts/bigquery/export_lake_fixture.py", arguments)) as? [String: Any])
            return answer["objects"] as? [String] ?? []
        }

        /// The hashed identifiers table under the prefix against the rows; no raw identifier in its bytes.
        func checkHashed(prefix: String, rows: String) throws -> (objects: [String], rows: Int) {
            let arguments = ["check-hashed", try TestEnvironment.require("PIPELINE_MOTO_ENDPOINT"), setup.bucket, prefix, rows]
            let answer = try #require(try JSONSerialization.jsonObject(with: try PythonScript.run("scripts/bigquery/export_lake_fixture.py", arguments)) as? [String: Any])
            return (answer["objects"] as? [String] ?? [], answer["rows"] as? Int ?? -1)
        }

        func keys(_ prefix: String) async throws -> [String: String] {
            let objects = try await S3Client(configuration: setup.aws, http: AWSTestEnvironment.http).listAllObjects(bucket: setup.bucket, prefix: prefix)
            return Dictionary(uniqueKeysWithValues: objects.map { ($0.key, $0.eTag ?? "") })
        }

        func remove() { try? FileManager.default.removeItem(at: directory) }
    }

    static func day(_ result: [String: Any], _ index: Int = 0) throws -> [String: Any] {
        let days = try #require(result["days"] as? [[String: Any]], "\(result)")
        return try #require(days.count > index ? days[index] : nil, "\(result)")
    }

    static let identifierHashing = #"""
        {"ruleSet": "default", "fields": [
          {"column": "user_id_sha256", "kind": "user_id", "from": "user_id"},
          {"column": "user_pseudo_id_sha256", "kind": "user_id", "from": "user_pseudo_id"},
          {"column": "gclid_sha256", "kind": "click_id", "from": "collected_traffic_source.gclid"}]}
        """#

    /// REST pages of the full export schema: every event lands once in the run's Parquet (and its identifiers,
    /// hashed, in the hashed table beside it, with no raw value), the Glue partition points
    /// at the run, an unchanged table is skipped, a re-exported (changed) table lands under a new run, the
    /// partition moves to it and the previous run is then removed, and a day not exported yet is a result with
    /// nothing written.
    @Test func aDayLandsOnceIsSkippedWhenUnchangedAndMovesToANewRunWhenTheTableChanges() async throws {
        let export = try await Export.make()
        defer { export.remove() }
        let database = try GA4IngestIntegrationTests().createTemplateGlueTables(bucket: export.setup.bucket).database
        let first = try export.load(day: "2024-01-01", events: 300, seed: 7)
        let emulator = try export.emulator([
            "GA4_EXPORT_READ_API": "rest", "GA4_EXPORT_PAGE_ROWS": "100", "GA4_GLUE_DATABASE": database,
            "GA4_EXPORT_IDENTIFIER_HASHING": Self.identifierHashing,
        ])
        defer { emulator.stop() }
        let request = #"{"export":{"startDate":"2024-01-01","endDate":"2024-01-02"}}"#

        let (status, result) = try await emulator.invoke(json: request)
        #expect(status == 200)
        #expect(result["status"] as? String == "complete", "\(result)\n\(emulator.logs.suffix(4000))")
        let written = try Self.day(result)
        #expect(written["outcome"] as? String == "written")
        #expect(written["rows"] as? Int == 300)
        #expect(written["run"] as? Int64 == first.lastModified)
        #expect(written["partition"] as? String == "created")
        let notYet = try Self.day(result, 1)
        #expect(notYet["outcome"] as? String == "notExportedYet")
        #expect(notYet["table"] as? String == "\(export.project).\(export.dataset).events_20240102")

        let runPrefix = export.runPrefix(day: "2024-01-01", run: first.lastModified)
        let objects = try export.check(prefix: runPrefix, rows: first.rows)
        #expect(objects == [runPrefix + "part-00000-00000.parquet"])
        let hashedPrefix = "curated/ga4/export=hashed_identifiers/property_id=\(export.property)/dt=2024-01-01/run=\(first.lastModified)/"
        let hashed = try export.checkHashed(prefix: hashedPrefix, rows: first.rows)
        #expect(hashed.objects == [hashedPrefix + "part-00000-00000.parquet"])
        #expect(hashed.rows == 300)
        // The logs count what was hashed and never carry a raw identifier.
        #expect(emulator.logs.contains("hashed identifiers written"))
        let pseudoIDs = try String(contentsOfFile: first.rows, encoding: .utf8).split(separator: "\n").compactMap { line in
            (try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["user_pseudo_id"] as? String
        }
        #expect(pseudoIDs.count == 300)
        #expect(!pseudoIDs.contains { emulator.logs.contains($0) })
        #expect(try await export.keys("curated/ga4/export=events/property_id=\(export.property)/dt=2024-01-02/").isEmpty)

        let glue = GlueClient(configuration: export.setup.aws, http: AWSTestEnvironment.http)
        let location = "s3://\(export.setup.bucket)/\(runPrefix)"
        var partition = try await glue.getPartition(database: database, table: "export_events", values: [export.property, "2024-01-01"])
        #expect(partition.StorageDescriptor?.Location == location)
        #expect(partition.StorageDescriptor?.SerdeInfo?.SerializationLibrary == "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe")

        // Unchanged: nothing read or written.
        let before = try await export.keys("")
        let (_, again) = try await emulator.invoke(json: request)
        #expect(again["status"] as? String == "complete", "\(again)")
        #expect(try Self.day(again)["outcome"] as? String == "unchanged")
        #expect(try await export.keys("") == before)

        // GA4 re-exports the day with late events: a new table, a new lastModifiedTime, a new run.
        let second = try export.load(day: "2024-01-01", events: 420, seed: 8, replace: true)
        #expect(second.lastModified != first.lastModified)
        let (_, late) = try await emulator.invoke(json: request)
        let moved = try Self.day(late)
        #expect(moved["outcome"] as? String == "written", "\(late)\n\(emulator.logs.suffix(4000))")
        #expect(moved["rows"] as? Int == 420)
        #expect(moved["partition"] as? String == "moved")
        let newPrefix = export.runPrefix(day: "2024-01-01", run: second.lastModified)
        #expect(try export.check(prefix: newPrefix, rows: second.rows) == [newPrefix + "part-00000-00000.parquet"])
        partition = try await glue.getPartition(database: database, table: "export_events", values: [export.property, "2024-01-01"])
        #expect(partition.StorageDescriptor?.Location == "s3://\(export.setup.bucket)/\(newPrefix)")
        // Once the partition has moved, the previous run is removed (GA4_EXPORT_KEEP_RUNS 1), in both tables.
        #expect(try await export.keys(runPrefix).isEmpty)
        #expect(try await export.keys(hashedPrefix).isEmpty)
        #expect(try await export.keys("curated/ga4/export=hashed_identifiers/property_id=\(export.property)/dt=2024-01-01/").keys.allSatisfy {
            $0.hasPrefix("curated/ga4/export=hashed_identifiers/property_id=\(export.property)/dt=2024-01-01/run=\(second.lastModified)/")
        })
    }

    /// The Storage Read path: a read session at the table's lastModifiedTime, its streams read into Parquet.
    @Test func theStorageReadPathLandsEveryEventOnce() async throws {
        let export = try await Export.make()
        defer { export.remove() }
        let loaded = try export.load(day: "2024-03-31", events: 500, seed: 11, omit: Self.storageReadOmit)
        let emulator = try export.emulator()
        defer { emulator.stop() }
        let (_, result) = try await emulator.invoke(json: #"{"export":{"properties":["\#(export.property)"],"startDate":"2024-03-31"}}"#)
        #expect(result["status"] as? String == "complete", "\(result)\n\(emulator.logs.suffix(4000))")
        #expect(try Self.day(result)["rows"] as? Int == 500)
        let prefix = export.runPrefix(day: "2024-03-31", run: loaded.lastModified)
        let objects = try export.check(prefix: prefix, rows: loaded.rows, omit: Self.storageReadOmit)
        #expect(!objects.isEmpty && objects.allSatisfy { $0.hasPrefix(prefix + "part-") })
    }

    /// A run that reaches its deadline closes its file, saves its cursor and sends the rest to itself (Lambda Invoke,
    /// asynchronous, through the proxy). The emulator runs one invocation at a time and aborts on a second, so the
    /// proxy hands each continuation to a recorder and the test delivers it to the emulator, as Lambda would to a
    /// new execution environment, until the day completes: every event once, one file per invocation.
    @Test func aRunStoppedAtTheDeadlineContinuesInANewInvocationWithEveryEventOnce() async throws {
        let export = try await Export.make()
        defer { export.remove() }
        let loaded = try export.load(day: "2024-02-29", events: 450, seed: 5)
        let function = AWSTestEnvironment.uniqueName("ga4-export")
        let recorder = try LoopbackHTTPServer { _ in .respond(status: 200, body: Data("null".utf8)) }
        defer { recorder.stop() }
        _ = try await AWSTestEnvironment.proxyAdmin("lambda-functions", body: ["name": function, "invokeURL": recorder.baseURL + "/invoke"])
        // A margin larger than the invocation's time: each invocation reads one page, then stops.
        let emulator = try export.emulator([
            "GA4_EXPORT_READ_API": "rest", "GA4_EXPORT_PAGE_ROWS": "100", "GA4_DEADLINE_MARGIN_SECONDS": "600",
            "GA4_EXPORT_CONTINUATION_FUNCTION": function,
        ], timeoutSeconds: 120)
        defer { emulator.stop() }

        var event = #"{"export":{"startDate":"2024-02-29"}}"#
        var results: [[String: Any]] = []
        while results.count < 10 {
            let (_, result) = try await emulator.invoke(json: event)
            results.append(result)
            guard result["status"] as? String == "continued" else { break }
            #expect(result["continuedIn"] as? String == function)
            if results.count == 1 {
                // The hourly schedule arriving meanwhile leaves the day to its continuation.
                let (_, overlap) = try await emulator.invoke(json: #"{"export":{"startDate":"2024-02-29"}}"#)
                #expect(try Self.day(overlap)["outcome"] as? String == "inProgress", "\(overlap)")
            }
            var delivered: Data?
            for _ in 0..<100 where delivered == nil {
                delivered = recorder.requests.count >= results.count ? recorder.requests[results.count - 1].body : nil
                if delivered == nil { try await Task.sleep(for: .milliseconds(50)) }
            }
            event = String(decoding: try #require(delivered, "no continuation reached the recorder"), as: UTF8.self)
            let continuation = try #require(try JSONSerialization.jsonObject(with: Data(event.utf8)) as? [String: Any])
            let resume = try #require((continuation["export"] as? [String: Any])?["resume"] as? [String: Any], "\(event)")
            #expect(resume["property"] as? String == export.property && resume["date"] as? String == "2024-02-29", "\(event)")
        }
        #expect(results.map { $0["status"] as? String } == ["continued", "continued", "continued", "continued", "complete"],
                "\(results)\n\(emulator.logs.suffix(4000))")
        let done = try Self.day(try #require(results.last))
        #expect(done["outcome"] as? String == "written")
        #expect(done["rows"] as? Int == 450)
        #expect(done["files"] as? Int == 5)
        let prefix = export.runPrefix(day: "2024-02-29", run: loaded.lastModified)
        let objects = try export.check(prefix: prefix, rows: loaded.rows)
        #expect(objects == (0..<5).map { prefix + "part-00000-0000\($0).parquet" })
        #expect(try await export.keys("landing/ga4/_export/property_id=\(export.property)/dt=2024-02-29/cursor.json").isEmpty)
    }

    /// Against the fault-injecting fake: both streams of the session break with UNAVAILABLE after every third block;
    /// the reader resumes each at its offset and every row lands exactly once.
    @Test(.enabled(if: TestEnvironment.available("BIGQUERY_FAKE_GRPC_URL")))
    func streamsThatBreakMidWayResumeAtTheirOffsetWithEveryRowOnce() async throws {
        let export = try await Export.make()
        defer { export.remove() }
        let fakeGRPC = try TestEnvironment.require("BIGQUERY_FAKE_GRPC_URL")
        let fakeREST = try TestEnvironment.require("BIGQUERY_FAKE_REST_URL")
        let emulator = try export.emulator([
            "GA4_EXPORT_DATASETS": "\(export.property)=fake-project.unavailable_1450", "GA4_EXPORT_PROJECT": "fake-project",
            "GA4_BIGQUERY_API_BASE_URL": fakeREST + "/bigquery/v2", "GA4_BIGQUERY_STORAGE_URL": fakeGRPC,
        ])
        defer { emulator.stop() }
        let (_, result) = try await emulator.invoke(json: #"{"export":{"startDate":"2024-01-01"}}"#)
        #expect(result["status"] as? String == "complete", "\(result)\n\(emulator.logs.suffix(4000))")
        let day = try Self.day(result)
        #expect(day["rows"] as? Int == 1450)
        #expect(day["files"] as? Int == 2)
        // The fake's tables.get says lastModifiedTime 1704100000000.
        let prefix = export.runPrefix(day: "2024-01-01", run: 1_704_100_000_000)
        let answer = try #require(try JSONSerialization.jsonObject(with: try PythonScript.run("scripts/bigquery/export_lake_fixture.py", [
            "check-fake", try TestEnvironment.require("PIPELINE_MOTO_ENDPOINT"), export.setup.bucket, prefix, "1450",
        ])) as? [String: Any])
        #expect(answer["objects"] as? [String] == [prefix + "part-00000-00000.parquet", prefix + "part-00001-00000.parquet"])
    }

    /// Three properties in one run against the fake: tables.get answering 429 and 503 before the table (retried, the
    /// day lands), a table that does not exist (not exported yet, nothing written), and an expired read session (the
    /// day fails, naming it, and the invocation fails after the other days are done).
    @Test(.enabled(if: TestEnvironment.available("BIGQUERY_FAKE_GRPC_URL")))
    func retriedCallsAMissingTableAndAnExpiredSessionInOneRun() async throws {
        let export = try await Export.make()
        defer { export.remove() }
        let (flaky, missing, expired) = (export.property, export.property + "1", export.property + "2")
        let emulator = try export.emulator([
            // Datasets no other test uses: the fake counts the flaky table's calls from its first.
            "GA4_EXPORT_DATASETS": "\(flaky)=fake-project.flaky_300,\(missing)=fake-project.missing_10,\(expired)=fake-project.expired_100",
            "GA4_EXPORT_PROJECT": "fake-project",
            "GA4_BIGQUERY_API_BASE_URL": try TestEnvironment.require("BIGQUERY_FAKE_REST_URL") + "/bigquery/v2",
            "GA4_BIGQUERY_STORAGE_URL": try TestEnvironment.require("BIGQUERY_FAKE_GRPC_URL"),
        ])
        defer { emulator.stop() }
        let (_, result) = try await emulator.invoke(json: #"{"export":{"startDate":"2024-01-01"}}"#)
        #expect(result["errorType"] as? String == "GA4Ingest.Data", "\(result)")
        let message = result["errorMessage"] as? String ?? ""
        #expect(message.contains("1 of 3 export days failed; first: property \(expired) 2024-01-01"), "\(message)")
        #expect(message.contains("expired"), "\(message)")
        #expect(emulator.logs.contains("the export table does not exist yet"))

        let state = "landing/ga4/_export/property_id=\(flaky)/dt=2024-01-01/state.json"
        #expect(try await export.keys("landing/ga4/_export/").keys.sorted() == [state])
        let written = try await export.keys("curated/ga4/export=events/").keys.sorted()
        let prefix = "curated/ga4/export=events/property_id=\(flaky)/dt=2024-01-01/run=1704100000000/"
        #expect(written == [prefix + "part-00000-00000.parquet", prefix + "part-00001-00000.parquet"])
        let answer = try #require(try JSONSerialization.jsonObject(with: try PythonScript.run("scripts/bigquery/export_lake_fixture.py", [
            "check-fake", try TestEnvironment.require("PIPELINE_MOTO_ENDPOINT"), export.setup.bucket, prefix, "300",
        ])) as? [String: Any])
        #expect(answer["rows"] as? Int == 300)
    }

    /// A day of the fake's generated export (the real schema) with the rows the fake serves, regenerated here from
    /// the same seed and block size (scripts/bigquery/export_day_streams.py).
    static func fakeExportRows(_ export: Export, events: Int) throws -> String {
        let directory = export.directory.appendingPathComponent("fake-day-\(events)").path
        let rowsPerBlock = min(2000, max(25, events / 20))
        _ = try PythonScript.run("scripts/bigquery/generate_export_day.py", [
            directory, "--events", String(events), "--seed", "2024", "--rows-per-block", String(rowsPerBlock),
        ])
        return directory + "/rows.jsonl"
    }

    /// Delivers every asynchronous invoke the function sends (recorded by `recorder`) to the emulator, oldest first,
    /// as Lambda would to new execution environments, until none is left; returns every invocation's result.
    static func deliverAll(
        first event: String, emulator: RuntimeEmulator, recorder: LoopbackHTTPServer, limit: Int
    ) async throws -> [[String: Any]] {
        var results: [[String: Any]] = []
        var delivered = 0
        var next: String? = event
        while let event = next, results.count < limit {
            let (_, result) = try await emulator.invoke(json: event)
            results.append(result)
            next = nil
            // An invocation's invokes reach the recorder before it answers.
            if recorder.requests.count > delivered {
                next = String(decoding: recorder.requests[delivered].body, as: UTF8.self)
                delivered += 1
            }
        }
        return results
    }

    /// A large day fans out: the planning invocation saves the session's three streams as the day's plan and sends
    /// one asynchronous invocation per stream; each stream's invocation stops at the deadline after each block and
    /// sends itself the task again, the next resuming the stream at its offset (the recorded invokes are delivered
    /// oldest first, so the streams' invocations interleave); the last stream to finish checks the total and points
    /// the partition at the run. Every event lands
    /// exactly once, one file per stream invocation, and the plan and stream cursors are gone.
    @Test(.enabled(if: TestEnvironment.available("BIGQUERY_FAKE_GRPC_URL")))
    func aLargeDayFansOutOneInvocationPerStreamWithEveryEventOnce() async throws {
        let export = try await Export.make()
        defer { export.remove() }
        let rows = try Self.fakeExportRows(export, events: 400)
        let database = try GA4IngestIntegrationTests().createTemplateGlueTables(bucket: export.setup.bucket).database
        let function = AWSTestEnvironment.uniqueName("ga4-export-fan")
        let recorder = try LoopbackHTTPServer { _ in .respond(status: 200, body: Data("null".utf8)) }
        defer { recorder.stop() }
        _ = try await AWSTestEnvironment.proxyAdmin("lambda-functions", body: ["name": function, "invokeURL": recorder.baseURL + "/invoke"])
        let emulator = try export.emulator(try export.fake("export_400", [
            "GA4_EXPORT_FAN_OUT_ROWS": "100", "GA4_EXPORT_MAX_STREAMS": "3", "GA4_DEADLINE_MARGIN_SECONDS": "600",
            "GA4_EXPORT_CONTINUATION_FUNCTION": function, "GA4_GLUE_DATABASE": database,
        ]), timeoutSeconds: 120)
        defer { emulator.stop() }

        let results = try await Self.deliverAll(
            first: #"{"export":{"startDate":"2024-01-01"}}"#, emulator: emulator, recorder: recorder, limit: 60)
        let planned = try Self.day(try #require(results.first))
        #expect(planned["outcome"] as? String == "fannedOut", "\(results.first ?? [:])\n\(emulator.logs.suffix(4000))")
        #expect(planned["streams"] as? Int == 3)
        // 400 events in 16 blocks of 25, dealt to 3 streams (6, 5 and 5 blocks); one block per stream invocation,
        // then one more invocation per stream that finds its end.
        let outcomes = results.dropFirst().compactMap { try? Self.day($0)["outcome"] as? String }
        #expect(outcomes.count == results.count - 1, "\(results)")
        #expect(outcomes.filter { $0 == "continued" }.count == 16, "\(outcomes)")
        #expect(outcomes.filter { $0 == "streamDone" }.count == 2, "\(outcomes)")
        #expect(outcomes.last == "written", "\(outcomes)\n\(emulator.logs.suffix(4000))")
        let done = try Self.day(try #require(results.last))
        #expect(done["rows"] as? Int == 400)
        #expect(done["files"] as? Int == 16)
        #expect(done["partition"] as? String == "created")

        // The fake's tables.get says lastModifiedTime 1704100000000 + rows.
        let prefix = export.runPrefix(day: "2024-01-01", run: 1_704_100_000_400)
        let objects = try export.check(prefix: prefix, rows: rows)
        #expect(objects.count == 16 && Set(objects.map { $0.dropFirst(prefix.count).prefix(10) }) == ["part-00000", "part-00001", "part-00002"])
        #expect(try await export.keys("landing/ga4/_export/property_id=\(export.property)/dt=2024-01-01/").keys.sorted() == [
            "landing/ga4/_export/property_id=\(export.property)/dt=2024-01-01/state.json"
        ])
        let glue = GlueClient(configuration: export.setup.aws, http: AWSTestEnvironment.http)
        let partition = try await glue.getPartition(database: database, table: "export_events", values: [export.property, "2024-01-01"])
        #expect(partition.StorageDescriptor?.Location == "s3://\(export.setup.bucket)/\(prefix)")

        // A task re-delivered after the day finished finds no plan and does nothing.
        let stale = String(decoding: recorder.requests[0].body, as: UTF8.self)
        let (_, again) = try await emulator.invoke(json: stale)
        #expect(try Self.day(again)["outcome"] as? String == "superseded", "\(again)")
        #expect(try export.check(prefix: prefix, rows: rows) == objects)
    }

    /// With GA4_EXPORT_INTRADAY on, a day whose daily table is not exported yet is read from its intraday table into
    /// the intraday prefix (every event once); once the daily table is there, the day lands as usual and its
    /// intraday runs and state are removed.
    @Test(.enabled(if: TestEnvironment.available("BIGQUERY_FAKE_GRPC_URL")))
    func anIntradayTableIsReadUntilTheDailyTableLandsAndThenRemoved() async throws {
        let export = try await Export.make()
        defer { export.remove() }
        let rows = try Self.fakeExportRows(export, events: 120)
        let database = try GA4IngestIntegrationTests().createTemplateGlueTables(bucket: export.setup.bucket).database
        var environment = try export.fake("exportintraday_120", ["GA4_EXPORT_INTRADAY": "on", "GA4_GLUE_DATABASE": database])
        let request = #"{"export":{"startDate":"2024-01-01"}}"#
        let intradayDay = "curated/ga4/export=events_intraday/property_id=\(export.property)/dt=2024-01-01/"
        let intraday = try export.emulator(environment)
        defer { intraday.stop() }
        let (_, first) = try await intraday.invoke(json: request)
        let read = try Self.day(first)
        #expect(read["outcome"] as? String == "written", "\(first)\n\(intraday.logs.suffix(4000))")
        #expect(read["table"] as? String == "fake-project.exportintraday_120.events_intraday_20240101")
        #expect(read["rows"] as? Int == 120)
        #expect(!(try export.check(prefix: intradayDay + "run=1704100000120/", rows: rows)).isEmpty)
        #expect(try await export.keys("curated/ga4/export=events/").isEmpty)
        // The intraday table is not in the template: it is created in export_events' shape, partition and all.
        let glue = GlueClient(configuration: export.setup.aws, http: AWSTestEnvironment.http)
        let events = try await glue.getTable(database: database, name: "export_events")
        let intradayTable = try await glue.getTable(database: database, name: "export_events_intraday")
        #expect(intradayTable.StorageDescriptor?.Columns == events.StorageDescriptor?.Columns)
        #expect(intradayTable.PartitionKeys == events.PartitionKeys)
        #expect(intradayTable.StorageDescriptor?.SerdeInfo == events.StorageDescriptor?.SerdeInfo)
        #expect(intradayTable.StorageDescriptor?.Location == "s3://\(export.setup.bucket)/curated/ga4/export=events_intraday/")
        let values = [export.property, "2024-01-01"]
        let intradayPartition = try await glue.getPartition(database: database, table: "export_events_intraday", values: values)
        #expect(intradayPartition.StorageDescriptor?.Location == "s3://\(export.setup.bucket)/\(intradayDay)run=1704100000120/")

        // The daily table has landed (the fake's export_120 serves the same day as a daily table).
        environment = try export.fake("export_120", ["GA4_EXPORT_INTRADAY": "on", "GA4_GLUE_DATABASE": database])
        let daily = try export.emulator(environment)
        defer { daily.stop() }
        let (_, second) = try await daily.invoke(json: request)
        let landed = try Self.day(second)
        #expect(landed["outcome"] as? String == "written", "\(second)\n\(daily.logs.suffix(4000))")
        #expect(landed["table"] as? String == "fake-project.export_120.events_20240101")
        #expect(!(try export.check(prefix: export.runPrefix(day: "2024-01-01", run: 1_704_100_000_120), rows: rows)).isEmpty)
        #expect(try await export.keys(intradayDay).isEmpty)
        #expect(try await export.keys("landing/ga4/_export/intraday/").isEmpty)
        // The day is read from the daily table's partition now; its intraday partition is gone.
        let dailyPartition = try await glue.getPartition(database: database, table: "export_events", values: values)
        #expect(dailyPartition.StorageDescriptor?.Location == "s3://\(export.setup.bucket)/\(export.runPrefix(day: "2024-01-01", run: 1_704_100_000_120))")
        await #expect(throws: AWSError.self) {
            _ = try await glue.getPartition(database: database, table: "export_events_intraday", values: values)
        }
    }

    /// GA4_EXPORT_KEEP_RUNS=2: a day re-read three times (the fake's export_<n> tables serve the same day with
    /// lastModifiedTime 1704100000000 + n, so pointing the property at a larger one reads as a changed table) keeps
    /// the run the partition points at and the one before it; the oldest goes once the third run has landed.
    @Test(.enabled(if: TestEnvironment.available("BIGQUERY_FAKE_GRPC_URL")))
    func keepRunsKeepsThePreviousRunUntilTheNextOneLands() async throws {
        let export = try await Export.make()
        defer { export.remove() }
        let database = try GA4IngestIntegrationTests().createTemplateGlueTables(bucket: export.setup.bucket).database
        let day = "curated/ga4/export=events/property_id=\(export.property)/dt=2024-01-01/"
        var runsSeen: [[Int64]] = []
        for events in [100, 125, 150] {
            let emulator = try export.emulator(try export.fake("export_\(events)", ["GA4_EXPORT_KEEP_RUNS": "2", "GA4_GLUE_DATABASE": database]))
            defer { emulator.stop() }
            let (_, result) = try await emulator.invoke(json: #"{"export":{"startDate":"2024-01-01"}}"#)
            #expect(try Self.day(result)["outcome"] as? String == "written", "\(result)\n\(emulator.logs.suffix(4000))")
            #expect(try Self.day(result)["rows"] as? Int == events)
            // Keys under the day are run=<n>/part-….parquet.
            let runs = Set(try await export.keys(day).keys.compactMap { $0.dropFirst(day.count).split(separator: "/").first.flatMap { Int64($0.dropFirst(4)) } })
            runsSeen.append(runs.sorted())
        }
        #expect(runsSeen == [[1_704_100_000_100], [1_704_100_000_100, 1_704_100_000_125], [1_704_100_000_125, 1_704_100_000_150]])
        let glue = GlueClient(configuration: export.setup.aws, http: AWSTestEnvironment.http)
        let partition = try await glue.getPartition(database: database, table: "export_events", values: [export.property, "2024-01-01"])
        #expect(partition.StorageDescriptor?.Location == "s3://\(export.setup.bucket)/\(day)run=1704100000150/")
    }

    /// A stream task delivered while another invocation holds the claim on its stream (a copy of the event, as Lambda's
    /// at-least-once delivery may send) reads nothing and answers `superseded`; once the holder's deadline has passed,
    /// the claim is taken over and the stream is read; the day lands with every event once.
    @Test(.enabled(if: TestEnvironment.available("BIGQUERY_FAKE_GRPC_URL")))
    func aStreamClaimedByAnotherInvocationIsLeftToIt() async throws {
        let export = try await Export.make()
        defer { export.remove() }
        let rows = try Self.fakeExportRows(export, events: 100)
        let function = AWSTestEnvironment.uniqueName("ga4-export-claim")
        let recorder = try LoopbackHTTPServer { _ in .respond(status: 200, body: Data("null".utf8)) }
        defer { recorder.stop() }
        _ = try await AWSTestEnvironment.proxyAdmin("lambda-functions", body: ["name": function, "invokeURL": recorder.baseURL + "/invoke"])
        let emulator = try export.emulator(try export.fake("export_100", [
            "GA4_EXPORT_FAN_OUT_ROWS": "1", "GA4_EXPORT_MAX_STREAMS": "2", "GA4_EXPORT_CONTINUATION_FUNCTION": function,
        ]))
        defer { emulator.stop() }
        let (_, planned) = try await emulator.invoke(json: #"{"export":{"startDate":"2024-01-01"}}"#)
        #expect(try Self.day(planned)["outcome"] as? String == "fannedOut", "\(planned)\n\(emulator.logs.suffix(4000))")
        #expect(recorder.requests.count == 2)
        let tasks = recorder.requests.prefix(2).map { String(decoding: $0.body, as: UTF8.self) }

        let s3 = S3Client(configuration: export.setup.aws, http: AWSTestEnvironment.http)
        let claim = "landing/ga4/_export/property_id=\(export.property)/dt=2024-01-01/claims/stream-00000-file-00000.json"
        let later = Int64(Date().timeIntervalSince1970 * 1000) + 600_000
        _ = try await s3.putObject(bucket: export.setup.bucket, key: claim, body: .data(Data(#"{"deadline":\#(later),"requestID":"another"}"#.utf8)))
        let (_, held) = try await emulator.invoke(json: tasks[0])
        #expect(try Self.day(held)["outcome"] as? String == "superseded", "\(held)\n\(emulator.logs.suffix(4000))")
        let prefix = export.runPrefix(day: "2024-01-01", run: 1_704_100_000_100)
        #expect(try await export.keys(prefix).isEmpty)

        _ = try await s3.putObject(bucket: export.setup.bucket, key: claim, body: .data(Data(#"{"deadline":1,"requestID":"another"}"#.utf8)))
        let (_, takenOver) = try await emulator.invoke(json: tasks[0])
        #expect(try Self.day(takenOver)["outcome"] as? String == "streamDone", "\(takenOver)\n\(emulator.logs.suffix(4000))")
        let (_, last) = try await emulator.invoke(json: tasks[1])
        #expect(try Self.day(last)["outcome"] as? String == "written", "\(last)\n\(emulator.logs.suffix(4000))")
        #expect(try Self.day(last)["rows"] as? Int == 100)
        #expect(try export.check(prefix: prefix, rows: rows) == [prefix + "part-00000-00000.parquet", prefix + "part-00001-00000.parquet"])
        #expect(try await export.keys("landing/ga4/_export/property_id=\(export.property)/dt=2024-01-01/").keys.sorted() == [
            "landing/ga4/_export/property_id=\(export.property)/dt=2024-01-01/state.json"
        ])
    }
}
