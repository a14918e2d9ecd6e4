import Foundation
import GA4
import LambdaRuntime
import Testing

@testable import GA4Ingest

@Suite("Export configuration, layout, state and requests")
struct ExportConfigurationTests {
    let valid = [
        "GA4_CREDENTIALS_SECRET_ARN": "arn:aws:secretsmanager:us-east-1:123456789012:secret:ga4/key-AbCdEf",
        "LAKE_BUCKET": "analytics-lake",
        "GA4_PROPERTIES": "123456789, 987654321=Asia/Tokyo",
        "GA4_TIME_ZONE": "America/Los_Angeles",
        "GA4_EXPORT_DATASETS": "123456789=billing-proj.analytics_123456789, 555=other-proj.analytics_555",
        "GA4_EXPORT_PROJECT": "billing-proj",
    ]

    func export(_ changes: [String: String?]) throws(ConfigurationError) -> ExportConfiguration? {
        var values = valid
        for (name, value) in changes { values[name] = value }
        return try GA4IngestConfiguration(environment: LambdaEnvironment(values)).export
    }

    func problem(_ changes: [String: String?]) -> ConfigurationError? {
        do {
            _ = try export(changes)
            return nil
        } catch {
            return error
        }
    }

    @Test func offWithoutDatasetsAndDefaultsWhenOn() throws {
        #expect(try export(["GA4_EXPORT_DATASETS": nil, "GA4_EXPORT_PROJECT": nil]) == nil)
        let export = try #require(try export([:]))
        #expect(export.billingProject == "billing-proj")
        #expect(export.properties.map(\.id.number) == ["123456789", "555"])
        #expect(export.properties.map(\.project) == ["billing-proj", "other-proj"])
        #expect(export.properties.map(\.dataset) == ["analytics_123456789", "analytics_555"])
        // A property of GA4_PROPERTIES keeps its zone; another gets GA4_TIME_ZONE.
        #expect(export.properties.map(\.setting.timeZoneName) == ["America/Los_Angeles", "America/Los_Angeles"])
        #expect(export.eventsPrefix == "curated/ga4/export=events/")
        #expect(export.hashedPrefix == "curated/ga4/export=hashed_identifiers/")
        #expect(export.statePrefix == "landing/ga4/_export/")
        #expect(export.eventsTable == "export_events")
        #expect(export.readAPI == .storage)
        #expect(export.maxStreams == 4)
        #expect(export.fanOutRows == 2_000_000)
        #expect(export.keepRuns == 1)
        #expect(!export.intraday)
        #expect(export.intradayPrefix == "curated/ga4/export=events_intraday/")
        #expect(export.intradayTable == "export_events_intraday")
        #expect(export.lookbackDays == 3)
        #expect(export.pageRows == 10_000)
        #expect(export.identifierHashing == nil)
        #expect(export.restBaseURL == "https://bigquery.googleapis.com/bigquery/v2")
        #expect(export.storageEndpoint == "https://bigquerystorage.googleapis.com")
        #expect(try export.properties[0].table(CivilDate(isoString: "2024-01-31")!).description
                == "billing-proj.analytics_123456789.events_20240131")
        #expect(try export.properties[0].table(CivilDate(isoString: "2024-01-31")!, kind: .intraday).description
                == "billing-proj.analytics_123456789.events_intraday_20240131")
    }

    @Test func aPatternCoversEveryConfiguredProperty() throws {
        let export = try #require(try export(["GA4_EXPORT_DATASETS": "ga-proj.analytics_{property}"]))
        #expect(export.properties.map(\.dataset) == ["analytics_123456789", "analytics_987654321"])
        #expect(export.properties.map(\.setting.timeZoneName) == ["America/Los_Angeles", "Asia/Tokyo"])
    }

    @Test(arguments: [
        (["GA4_EXPORT_DATASETS": nil, "GA4_EXPORT_PROJECT": nil, "GA4_EXPORT_PREFIX": "x/"], "GA4_EXPORT_PREFIX", "GA4_EXPORT_DATASETS is not"),
        (["GA4_EXPORT_PROJECT": nil], "GA4_EXPORT_PROJECT", "is not set"),
        (["GA4_EXPORT_PROJECT": "Bad Project"], "GA4_EXPORT_PROJECT", "project id"),
        (["GA4_EXPORT_DATASETS": "123=analytics_123"], "GA4_EXPORT_DATASETS", "<project>.<dataset>"),
        (["GA4_EXPORT_DATASETS": "G-ABC=p.d"], "GA4_EXPORT_DATASETS", "measurement id"),
        (["GA4_EXPORT_DATASETS": "1=p-1.d,1=p-1.e"], "GA4_EXPORT_DATASETS", "twice"),
        (["GA4_EXPORT_DATASETS": "proj-1.analytics-{property}"], "GA4_EXPORT_DATASETS", "dataset id"),
        (["GA4_EXPORT_DATASETS": "p.{property},1=p.d"], "GA4_EXPORT_DATASETS", "stands alone"),
        (["GA4_EXPORT_PREFIX": "curated/"], "GA4_EXPORT_PREFIX", "overlaps GA4_EXPORT_HASHED_PREFIX"),
        (["GA4_CURATED_PREFIX": "curated/ga4/export=events/reports/"], "GA4_EXPORT_PREFIX", "overlaps GA4_CURATED_PREFIX"),
        (["GA4_EXPORT_HASHED_PREFIX": "curated/ga4/export=events/pii/"], "GA4_EXPORT_PREFIX", "overlaps GA4_EXPORT_HASHED_PREFIX"),
        (["GA4_EXPORT_GLUE_TABLE": "Export-Events"], "GA4_EXPORT_GLUE_TABLE", "lower-case"),
        (["GA4_EXPORT_READ_API": "arrow"], "GA4_EXPORT_READ_API", "not one of"),
        (["GA4_EXPORT_MAX_STREAMS": "0"], "GA4_EXPORT_MAX_STREAMS", "outside"),
        (["GA4_EXPORT_LOOKBACK_DAYS": "11"], "GA4_EXPORT_LOOKBACK_DAYS", "outside"),
        (["GA4_EXPORT_KEEP_RUNS": "0"], "GA4_EXPORT_KEEP_RUNS", "outside"),
        (["GA4_EXPORT_FAN_OUT_ROWS": "-1"], "GA4_EXPORT_FAN_OUT_ROWS", "outside"),
        (["GA4_EXPORT_INTRADAY": "yes"], "GA4_EXPORT_INTRADAY", "not one of"),
        (["GA4_EXPORT_INTRADAY_PREFIX": "curated/ga4/export=events/intraday/"], "GA4_EXPORT_PREFIX", "overlaps GA4_EXPORT_INTRADAY_PREFIX"),
        (["GA4_EXPORT_IDENTIFIER_HASHING": "{\"ruleSet\": \"sha1\"}"], "GA4_EXPORT_IDENTIFIER_HASHING", "ruleSet"),
        (["GA4_EXPORT_HMAC_KEY_SECRET_ARN": "arn:aws:secretsmanager:us-east-1:123456789012:secret:k"], "GA4_EXPORT_HMAC_KEY_SECRET_ARN", "does not ask for HMAC"),
        (["GA4_EXPORT_HMAC_KEY_SECRET_ARN": "key"], "GA4_EXPORT_HMAC_KEY_SECRET_ARN", "not a Secrets Manager secret ARN"),
        (["GA4_BIGQUERY_API_BASE_URL": "http://bigquery.example.com"], "GA4_BIGQUERY_API_BASE_URL", "https"),
        (["GA4_EXPORT_CONTINUATION_FUNCTION": "a b"], "GA4_EXPORT_CONTINUATION_FUNCTION", "function name"),
    ] as [([String: String?], String, String)])
    func badSettingsNameTheVariable(changes: [String: String?], variable: String, expected: String) throws {
        let error = try #require(problem(changes), "accepted \(changes)")
        #expect(error.variable == variable, "\(error)")
        #expect(error.problem.contains(expected), "\(error)")
    }

    @Test func hmacHashingNeedsItsKeySecret() throws {
        let hashing = #"{"ruleSet": "default", "hmac": true, "fields": [{"column": "user_id_hmac", "kind": "user_id", "from": "user_id"}]}"#
        let error = try #require(problem(["GA4_EXPORT_IDENTIFIER_HASHING": hashing]))
        #expect(error.variable == "GA4_EXPORT_HMAC_KEY_SECRET_ARN")
        let export = try #require(try export([
            "GA4_EXPORT_IDENTIFIER_HASHING": hashing, "GA4_EXPORT_HMAC_KEY_SECRET_ARN": "arn:aws:secretsmanager:us-east-1:123456789012:secret:hmac",
        ]))
        #expect(export.identifierHashing?.usesHMAC == true)
        #expect(export.identifierHashing?.fields.map(\.column) == ["user_id_hmac"])
    }

    @Test func loopbackEmulatorsMayUsePlainHTTP() throws {
        let export = try #require(try export([
            "GA4_BIGQUERY_API_BASE_URL": "http://127.0.0.1:9050/bigquery/v2", "GA4_BIGQUERY_STORAGE_URL": "http://127.0.0.1:9060",
        ]))
        #expect(export.restBaseURL == "http://127.0.0.1:9050/bigquery/v2")
        #expect(export.storageEndpoint == "http://127.0.0.1:9060")
    }

    @Test func keysAreDeterministicPerDayRunStreamAndFile() throws {
        let layout = ExportLakeLayout(eventsPrefix: "curated/ga4/export=events/", hashedPrefix: "curated/ga4/export=hashed_identifiers/", statePrefix: "landing/ga4/_export/")
        let property = try PropertyID("123")
        let date = try #require(CivilDate(isoString: "2024-01-05"))
        #expect(layout.eventsRunPrefix(property: property, date: date, run: 1_704_500_000_123)
                == "curated/ga4/export=events/property_id=123/dt=2024-01-05/run=1704500000123/")
        #expect(layout.hashedRunPrefix(property: property, date: date, run: 7) == "curated/ga4/export=hashed_identifiers/property_id=123/dt=2024-01-05/run=7/")
        #expect(ExportLakeLayout.partName(stream: 3, file: 12) == "part-00003-00012.parquet")
        #expect(ExportLakeLayout.partName(stream: 123_456, file: 0) == "part-123456-00000.parquet")
        #expect(layout.stateKey(property: property, date: date) == "landing/ga4/_export/property_id=123/dt=2024-01-05/state.json")
        #expect(layout.cursorKey(property: property, date: date) == "landing/ga4/_export/property_id=123/dt=2024-01-05/cursor.json")
        #expect(layout.streamCursorKey(property: property, date: date, stream: 2)
                == "landing/ga4/_export/property_id=123/dt=2024-01-05/streams/stream-00002.json")
        #expect(layout.streamClaimKey(property: property, date: date, stream: 2, file: 7)
                == "landing/ga4/_export/property_id=123/dt=2024-01-05/claims/stream-00002-file-00007.json")
        #expect(ExportLakeLayout.dayPrefix(layout.eventsPrefix, property: property, date: date) == "curated/ga4/export=events/property_id=123/dt=2024-01-05/")
        #expect(ExportLakeLayout.run(ofKey: "run=1704500000123/part-00000-00000.parquet") == 1_704_500_000_123)
        #expect(ExportLakeLayout.run(ofKey: "run=12") == nil)
        #expect(ExportLakeLayout.run(ofKey: "run=x/part.parquet") == nil)
        #expect(ExportLakeLayout.run(ofKey: "other/run=5/part.parquet") == nil)
    }

    @Test func aStreamTaskNamesNothingElse() throws {
        let task = #"{"day":{"property":"123","date":"2024-01-05"},"run":5,"session":"projects/p/locations/us/sessions/s","index":1}"#
        let request = try JSONDecoder().decode(GA4IngestEvent.self, from: Data(#"{"export":{"stream":\#(task)}}"#.utf8))
        guard case .export(let export) = request else { Issue.record("\(request)"); return }
        #expect(export.stream?.index == 1)
        #expect(export.stream?.run == 5)
        #expect(try export.days(exported: [], lookbackDays: 3, now: Date()).isEmpty)
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(GA4IngestEvent.self, from: Data(#"{"export":{"stream":\#(task),"startDate":"2024-01-05"}}"#.utf8))
        }
    }

    @Test func stateAndCursorRoundTripAndBadDocumentsSayWhatToDo() throws {
        let day = ExportDay(property: try PropertyID("123"), date: try #require(CivilDate(isoString: "2024-01-05")))
        let state = ExportDayState(
            property: "123", date: day.date, table: "p.d.events_20240105", lastModifiedTime: 1_704_500_000_123, rows: 42,
            location: "s3://b/curated/ga4/export=events/property_id=123/dt=2024-01-05/run=1704500000123/", hashedLocation: nil,
            files: 2, completedAt: "2024-01-06T10:00:00Z")
        #expect(try ExportDayState.decode(state.json(), source: "s") == state)
        #expect(String(decoding: try state.json(), as: UTF8.self).contains(#""lastModifiedTime":1704500000123"#))
        let cursor = ExportCursor(
            day: day, table: "p.d.events_20240105", run: 5, numRows: 10, readAPI: "storage", session: "projects/p/locations/us/sessions/s",
            streams: ["s/streams/a", "s/streams/b"], sessionExpiresAt: 99, avroSchema: "{}", stream: 1, offset: 4, file: 2,
            rowsByStream: [6, 4], keys: ["k1", "k2"], stoppedAt: "2024-01-06T10:00:00Z", continuations: 1)
        #expect(try ExportCursor.decode(cursor.json(), source: "c") == cursor)
        let error = #expect(throws: GA4IngestError.self) { try ExportDayState.decode(Data("{}".utf8), source: "s3://b/state.json") }
        #expect(error?.description.contains("s3://b/state.json") == true)
        #expect(error?.description.contains("delete it") == true)
    }

    @Test func theScheduleReadsTheLastDaysInEachPropertysZone() throws {
        let export = try #require(try export(["GA4_EXPORT_DATASETS": "p-1.analytics_{property}"]))
        // 2024-03-10T05:00:00Z: still the 9th in Los Angeles, already the 10th in Tokyo.
        let now = Date(timeIntervalSince1970: 1_710_046_800)
        let days = try ExportRequest().days(exported: export.properties, lookbackDays: 3, now: now)
        #expect(days.map(\.description) == [
            "property 123456789 2024-03-06", "property 123456789 2024-03-07", "property 123456789 2024-03-08",
            "property 987654321 2024-03-07", "property 987654321 2024-03-08", "property 987654321 2024-03-09",
        ])
    }

    @Test func aBackfillNamesPropertiesAndARangeAndAContinuationResumesItsDayFirst() throws {
        let export = try #require(try export([:]))
        let request = try JSONDecoder().decode(GA4IngestEvent.self, from: Data(#"{"export":{"properties":["555"],"startDate":"2024-02-28","endDate":"2024-03-01"}}"#.utf8))
        guard case .export(let backfill) = request else { Issue.record("\(request)"); return }
        #expect(try backfill.days(exported: export.properties, lookbackDays: 3, now: Date()).map(\.description)
                == ["property 555 2024-02-28", "property 555 2024-02-29", "property 555 2024-03-01"])
        let wrapped = try JSONDecoder().decode(GA4IngestEvent.self, from: Data(#"""
            {"version":"0","id":"1","detail-type":"GA4 Export","source":"pipeline.ops","account":"1","time":"2024-03-02T00:00:00Z",
             "region":"us-east-1","resources":[],"detail":{"startDate":"2024-03-01"}}
            """#.utf8))
        #expect(wrapped == .export(ExportRequest(startDate: CivilDate(isoString: "2024-03-01"))))
        let day = ExportDay(property: try PropertyID("555"), date: try #require(CivilDate(isoString: "2024-03-01")))
        let next = ExportDay(property: try PropertyID("123456789"), date: day.date)
        #expect(try ExportRequest(resume: day, pending: [next]).days(exported: export.properties, lookbackDays: 3, now: Date()) == [day, next])
        #expect(throws: InvalidEventError.self) {
            try ExportRequest(properties: [try PropertyID("42")]).days(exported: export.properties, lookbackDays: 3, now: Date())
        }
        for bad in [#"{"export":{"properties":[]}}"#, #"{"export":{"endDate":"2024-01-01"}}"#,
                    #"{"export":{"startDate":"2024-01-02","endDate":"2024-01-01"}}"#,
                    #"{"export":{"startDate":"2024-01-02","resume":{"property":"1","date":"2024-01-01"}}}"#] {
            #expect(throws: DecodingError.self, "\(bad)") { try JSONDecoder().decode(GA4IngestEvent.self, from: Data(bad.utf8)) }
        }
    }

    @Test func theSampleExportEventsDecode() throws {
        let events = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../events")
        let backfill = try JSONDecoder().decode(GA4IngestEvent.self, from: Data(contentsOf: events.appendingPathComponent("ga4-export-backfill.json")))
        #expect(backfill == .export(ExportRequest(
            properties: [try PropertyID("123456789")], startDate: CivilDate(isoString: "2025-04-01"), endDate: CivilDate(isoString: "2025-04-30"))))
        let scheduled = try JSONDecoder().decode(GA4IngestEvent.self, from: Data(contentsOf: events.appendingPathComponent("ga4-export-scheduled.json")))
        #expect(scheduled == .export(ExportRequest()))
    }

    @Test func aCursorIsReadOnWhileItsSessionLivesOrItsPagesAreUnchanged() throws {
        let day = ExportDay(property: try PropertyID("123"), date: try #require(CivilDate(isoString: "2024-01-05")))
        var cursor = ExportCursor(
            day: day, table: "p.d.events_20240105", run: 5, numRows: 10, readAPI: "storage", session: "s", streams: ["s/streams/0"],
            sessionExpiresAt: 10_000, avroSchema: "{}", stream: 0, offset: 4, file: 1, rowsByStream: [4], keys: ["k"],
            stoppedAt: "1970-01-01T00:00:00Z", continuations: 0)
        // A session's snapshot holds even when the table changed since; not once the session is (nearly) expired.
        #expect(ExportDayReader.canContinue(cursor, lastModifiedTime: 6, now: Date(timeIntervalSince1970: 9_000)))
        #expect(!ExportDayReader.canContinue(cursor, lastModifiedTime: 5, now: Date(timeIntervalSince1970: 9_800)))
        cursor.readAPI = "rest"
        cursor.sessionExpiresAt = nil
        #expect(ExportDayReader.canContinue(cursor, lastModifiedTime: 5, now: Date()))
        #expect(!ExportDayReader.canContinue(cursor, lastModifiedTime: 6, now: Date()))
    }
}
