import Foundation
import GA4
import HTTP
import Synchronization
import Testing
import TestSupport

/// The Data API client against the GA4 test server: pagination, caveats, retries, quota stops and errors.
@Suite(.enabled(if: GA4TestServer.isConfigured))
struct GA4DataClientIntegrationTests {
    let day = CivilDate(year: 2025, month: 5, day: 1)!

    private func pagesBySource(limit: Int64) -> RunReportRequest {
        var request = ReportDefinition(
            name: "pages_by_source", dimensions: ["date", "pagePath", "sessionSource", "sessionMedium"],
            metrics: ["sessions", "activeUsers", "screenPageViews", "eventCount", "userEngagementDuration", "engagementRate"],
            limit: limit
        ).request(for: day)
        request.metricAggregations = [.total]
        return request
    }

    @Test func paginationReadsEveryRowExactlyOnce() async throws {
        let server = try GA4TestServer()
        let property = try await server.makeProperty(["factsPerDay": 4000, "pathPool": 600])
        let request = pagesBySource(limit: 700)
        let expected = try await server.expectedRows(property, request)
        #expect(expected.count > 2100)

        let client = try server.client()
        guard case .complete(let report) = try await client.fetchReport(request, property: property) else {
            Issue.record("the report stopped for quota")
            return
        }
        #expect(report.caveats.rowCount == expected.count)
        #expect(report.rows.count == expected.count)
        #expect(report.pages.count == (expected.count + 699) / 700)
        #expect(report.pages.map(\.offset) == (0..<report.pages.count).map { Int64($0 * 700) })
        let received = (0..<report.rows.count).map(report.rows.textRow)
        #expect(received == expected)
        let keys = received.map { $0.prefix(4).joined(separator: "\u{1}") }
        #expect(Set(keys).count == keys.count)

        // The totals row agrees with the sum of the rows for additive metrics.
        guard case .integer(let sessions) = report.rows.metrics[0], case .integer(let totals) = report.totals.metrics[0] else {
            Issue.record("sessions is not an integer column")
            return
        }
        #expect(sessions.reduce(0, +) == totals[0])
        #expect(report.caveats.timeZone == "America/Los_Angeles")
        #expect(report.caveats.currencyCode == "USD")
        #expect(report.caveats.propertyQuota?[.tokensPerDay] != nil)

        let definition = ReportDefinition(name: "pages_by_source", dimensions: [], metrics: ["sessions", "screenPageViews"])
        let table = try ReportTable(report: report, derivedMetrics: definition.derivedMetrics)
        #expect(table.rowCount == expected.count)
        #expect(table["date"]?.values == .date(Array(repeating: Int32(day.daysSinceEpoch), count: expected.count)))
        #expect(table["engagement_rate"]?.logicalType == .double)
        #expect(table["sessions"]?.logicalType == .int64)
        guard case .double(let pagesPerSession) = table["pages_per_session"]?.values,
            case .integer(let views) = report.rows.metrics[2]
        else {
            Issue.record("pages_per_session missing")
            return
        }
        for row in 0..<table.rowCount {
            #expect(pagesPerSession[row] == (sessions[row] == 0 ? nil : Double(views[row]) / Double(sessions[row])))
        }
    }

    @Test func otherRowsThresholdingAndSamplingAreKept() async throws {
        let server = try GA4TestServer()
        let property = try await server.makeProperty([
            "factsPerDay": 600, "pathPool": 300, "otherRowAfter": 40, "thresholded": true, "sampled": true,
            "timeZone": "Europe/Berlin", "currencyCode": "EUR",
        ])
        let request = pagesBySource(limit: 15)
        guard case .complete(let report) = try await server.client().fetchReport(request, property: property) else {
            Issue.record("the report stopped for quota")
            return
        }
        #expect(report.rows.count == 40)
        #expect(report.caveats.dataLossFromOtherRow)
        #expect(report.caveats.subjectToThresholding)
        #expect(report.caveats.samplingMetadatas == [SamplingMetadata(samplesReadCount: 22_200, samplingSpaceSize: 60_000)])
        #expect(report.caveats.timeZone == "Europe/Berlin")
        #expect(report.caveats.currencyCode == "EUR")
        #expect(report.rows.dimensions[1].filter { $0 == "(other)" }.count == 1)
        let table = try ReportTable(report: report, derivedMetrics: [])
        guard case .date(let dates) = table["date"]?.values, case .string(let raw) = table["date_string"]?.values else {
            Issue.record("date columns missing")
            return
        }
        #expect(dates.filter { $0 == nil }.count == 1)
        #expect(raw.filter { $0 == "(other)" }.count == 1)
        let caveatsJSON = String(decoding: try JSONEncoder().encode(report.caveats), as: UTF8.self)
        #expect(caveatsJSON.contains("\"dataLossFromOtherRow\":true"))
    }

    @Test func transient429And500AreRetried() async throws {
        let server = try GA4TestServer()
        let property = try await server.makeProperty([
            "factsPerDay": 100,
            "faults": [["status": 429, "times": 2, "method": "runReport"], ["status": 500, "times": 1, "method": "runReport"]],
        ])
        let events = Mutex<[GA4DataClient.Event]>([])
        let client = try server.client(onEvent: { event in events.withLock { $0.append(event) } })
        guard case .complete(let report) = try await client.fetchReport(pagesBySource(limit: 10_000), property: property) else {
            Issue.record("the report stopped for quota")
            return
        }
        #expect(report.rows.count == report.caveats.rowCount)
        let retries = events.withLock { $0 }.compactMap { event -> Int? in
            if case .retrying(_, _, let attempt, _, _) = event { return attempt }
            return nil
        }
        #expect(retries == [1, 2, 3])
        #expect(try await server.counters()["runReport:\(property.number)"] == 4)
    }

    @Test func persistentServerErrorsFailAfterTheLastAttempt() async throws {
        let server = try GA4TestServer()
        let property = try await server.makeProperty(["faults": [["status": 500, "times": 10]]])
        let client = try server.client(retry: RetryPolicy(maxAttempts: 3, initialDelay: .milliseconds(5), maxDelay: .milliseconds(10)))
        await #expect {
            try await client.fetchReport(pagesBySource(limit: 100), property: property)
        } throws: { error in
            guard let error = error as? GA4Error, case .api(_, _, 500, let status) = error else { return false }
            return status.status == "INTERNAL" && error.description.contains("runReport for \(property.resourceName) failed with HTTP 500")
        }
        #expect(try await server.counters()["runReport:\(property.number)"] == 3)
    }

    @Test func aPropertyWithoutAccessIsPermissionDenied() async throws {
        let server = try GA4TestServer()
        let property = try PropertyID(String(UInt32.random(in: 100_000...4_000_000_000)))
        let client = try server.client()
        await #expect {
            try await client.fetchReport(pagesBySource(limit: 100), property: property)
        } throws: { error in
            guard let error = error as? GA4Error, case .api(_, let resource, 403, let status) = error else { return false }
            let text = error.description
            return resource == property.resourceName && status.status == "PERMISSION_DENIED"
                && text.contains("User does not have sufficient permissions for this property") && !text.contains("ya29")
        }
        // Not retried: a configuration error.
        #expect(try await server.counters()["runReport:\(property.number)"] == 1)
    }

    @Test func anInvalidMetricIsRefusedNamingIt() async throws {
        let server = try GA4TestServer()
        let property = try await server.makeProperty()
        let client = try server.client()
        let definition = ReportDefinition(name: "typo", dimensions: ["date"], metrics: ["sessions", "sesions"])
        await #expect {
            try await client.fetchReport(definition.request(for: day), property: property)
        } throws: { error in
            guard let error = error as? GA4Error, case .api(_, _, 400, let status) = error else { return false }
            return status.status == "INVALID_ARGUMENT" && error.description.contains("Field sesions is not a valid metric")
        }
        // getMetadata catches it before any report is requested.
        let metadata = try await client.getMetadata(property: property)
        #expect(metadata.metric(named: "sessions")?.type == .integer)
        #expect(throws: GA4Error.unknownName(kind: "metric", name: "sesions", report: "typo", property: property.resourceName)) {
            try metadata.validate([definition], property: property)
        }
        try metadata.validate(ReportDefinition.defaults, property: property)
    }

    @Test func unknownRequestFieldsAreRefusedByTheOfficialTypes() async throws {
        let server = try GA4TestServer()
        let property = try await server.makeProperty()
        let token = try await server.tokenProvider().accessToken()
        let response = try await server.http.execute(HTTPRequest(
            method: "POST", url: "\(server.baseURL)/v1beta/\(property.resourceName):runReport",
            headers: ["Authorization": "Bearer \(token.value)", "Content-Type": "application/json"],
            body: .bytes(Data(#"{"dateRange": [{"startDate": "yesterday", "endDate": "today"}], "metrics": [{"name": "sessions"}]}"#.utf8))))
        let status = GoogleRPCStatus.decode(body: response.body, httpStatus: response.status)
        #expect(response.status == 400)
        #expect(status.message == #"Invalid JSON payload received. Unknown name "dateRange": Cannot find field."#)
    }

    @Test func aLowQuotaStopsCleanlyAndTheReportResumes() async throws {
        let server = try GA4TestServer()
        let property = try await server.makeProperty(["factsPerDay": 3000, "pathPool": 500])
        // Each page of 200 rows costs one token; the floor for tokensPerHour is 4,000.
        try await server.setQuota(property, ["tokensPerHour": 4_003])
        let request = pagesBySource(limit: 200)
        let expected = try await server.expectedRows(property, request)
        let client = try server.client()
        guard case .stopped(let stop, let partial) = try await client.fetchReport(request, property: property) else {
            Issue.record("the report did not stop for quota")
            return
        }
        #expect(stop.reason == .lowQuota(QuotaShortfall(bucket: .tokensPerHour, remaining: 3_999, minimum: 4_000)))
        #expect(stop.pagesRead == 4)
        #expect(stop.rowsRead == 800)
        #expect(stop.nextOffset == 800)
        #expect(stop.rowCount == expected.count)
        #expect(stop.description.contains("resume at offset 800"))
        #expect(!partial.isComplete)
        #expect(try await server.counters()["runReport:\(property.number)"] == 4)

        // The next hour: quota is back, the run resumes where it stopped.
        try await server.setQuota(property, ["tokensPerHour": 40_000])
        var rest = request
        rest.offset = stop.nextOffset
        guard case .complete(let remainder) = try await server.client().fetchReport(rest, property: property) else {
            Issue.record("the resumed report stopped again")
            return
        }
        var whole = partial
        try whole.append(contentsOf: remainder)
        #expect(whole.isComplete)
        #expect((0..<whole.rows.count).map(whole.rows.textRow) == expected)
    }

    @Test func exhaustedTokensStopInsteadOfRetrying() async throws {
        let server = try GA4TestServer()
        let property = try await server.makeProperty(["factsPerDay": 2000, "pathPool": 400])
        try await server.setQuota(property, ["tokensPerProjectPerHour": 2])
        let client = try server.client(quota: QuotaPolicy(minimumRemaining: [:]))
        guard case .stopped(let stop, let partial) = try await client.fetchReport(pagesBySource(limit: 100), property: property) else {
            Issue.record("the report did not stop")
            return
        }
        #expect(stop.reason == .exhausted(message: "Exhausted property tokens for a project per hour."))
        #expect(stop.pagesRead == 2)
        #expect(partial.rows.count == 200)
        #expect(try await server.counters()["runReport:\(property.number)"] == 3)
    }

    @Test func batchRunReportsReturnsEachReport() async throws {
        let server = try GA4TestServer()
        let property = try await server.makeProperty(["factsPerDay": 300])
        let requests = ReportDefinition.defaults.map { $0.request(for: day) }
        let pages = try await server.client().batchRunReports(requests, property: property)
        #expect(pages.count == 3)
        #expect(pages[0].response.rows.count == 1)
        #expect(pages[0].response.dimensionHeaders.map(\.name) == ["date"])
        #expect(pages[1].response.metricHeaders.count == 7)
        for (page, request) in zip(pages, requests) {
            #expect(try await server.expectedRows(property, request).count == page.response.rowCount)
        }
        await #expect(throws: GA4Error.self) {
            try await server.client().batchRunReports(Array(repeating: requests[0], count: 6), property: property)
        }
    }
}
