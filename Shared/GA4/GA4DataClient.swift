#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import HTTP
import Synchronization

/// The Google Analytics Data API v1beta client: `runReport`, `batchRunReports`, `getMetadata`, and whole
/// reports read page by page. Requests carry a bearer token from the provider; 429 and 5xx answers are retried
/// with backoff, a refused token is replaced once, and the property's quota is watched so that a run stops
/// cleanly instead of running into the wall. Safe to share between tasks.
public final class GA4DataClient: Sendable {
    public struct Configuration: Sendable {
        /// `https://analyticsdata.googleapis.com` unless overridden (tests).
        public var baseURL: String
        public var retry: RetryPolicy
        public var quota: QuotaPolicy
        public var requestTimeout: Duration
        /// Rows per page when a request names no `limit`.
        public var pageSize: Int64

        public init(
            baseURL: String = "https://analyticsdata.googleapis.com", retry: RetryPolicy = RetryPolicy(),
            quota: QuotaPolicy = .standard, requestTimeout: Duration = .seconds(120), pageSize: Int64 = 100_000
        ) {
            self.baseURL = baseURL
            self.retry = retry
            self.quota = quota
            self.requestTimeout = requestTimeout
            self.pageSize = pageSize
        }
    }

    /// Things worth a log line. None carries a token or a request body.
    public enum Event: Sendable, Equatable {
        case retrying(method: String, resource: String, attempt: Int, delay: Duration, reason: String)
        case tokenRefused(method: String, resource: String)
        case quota(property: PropertyID, quota: PropertyQuota)
    }

    public let configuration: Configuration
    private let http: HTTPClient
    private let tokens: any AccessTokenProvider
    private let onEvent: @Sendable (Event) -> Void
    /// The quota state the last answer for each property reported.
    private let quotaByProperty = Mutex<[PropertyID: PropertyQuota]>([:])

    public init(
        http: HTTPClient, tokens: any AccessTokenProvider, configuration: Configuration = Configuration(),
        onEvent: @escaping @Sendable (Event) -> Void = { _ in }
    ) throws(GA4Error) {
        guard configuration.baseURL.hasPrefix("https://") else {
            throw .invalidConfiguration("the Data API base URL must use https: \(configuration.baseURL)")
        }
        guard (1...RunReportRequest.maximumLimit).contains(configuration.pageSize) else {
            throw .invalidConfiguration("page size \(configuration.pageSize) is outside 1…\(RunReportRequest.maximumLimit)")
        }
        var configuration = configuration
        while configuration.baseURL.hasSuffix("/") { configuration.baseURL.removeLast() }
        self.configuration = configuration
        self.http = http
        self.tokens = tokens
        self.onEvent = onEvent
    }

    // MARK: single calls

    /// One `runReport` call: one page of rows.
    public func runReport(_ request: RunReportRequest, property: PropertyID) async throws(GA4Error) -> ReportPage {
        try request.validate()
        let body = try encode(request)
        let url = "\(configuration.baseURL)/v1beta/\(property.resourceName):runReport"
        let answer = try await send(method: "runReport", resource: property.resourceName, url: url, body: body)
        let response = try RunReportResponseDecoder.decode(answer, source: "runReport response for \(property)")
        remember(response.propertyQuota, for: property)
        return ReportPage(offset: request.offset ?? 0, requestBody: body, responseBody: answer, response: response)
    }

    /// Up to five reports of one property in one call; each still costs its own quota tokens.
    public func batchRunReports(_ requests: [RunReportRequest], property: PropertyID) async throws(GA4Error) -> [ReportPage] {
        guard (1...5).contains(requests.count) else {
            throw .invalidRequest("batchRunReports takes 1 to 5 requests, \(requests.count) given")
        }
        for (index, request) in requests.enumerated() {
            do {
                try request.validate()
            } catch {
                throw .invalidRequest("requests[\(index)]: \(error.description)")
            }
        }
        let bodies = try requests.map { (request) throws(GA4Error) -> Data in try encode(request) }
        var batch = Data("{\"requests\":[".utf8)
        for (index, body) in bodies.enumerated() {
            if index > 0 { batch.append(UInt8(ascii: ",")) }
            batch.append(body)
        }
        batch.append(contentsOf: Array("]}".utf8))
        let url = "\(configuration.baseURL)/v1beta/\(property.resourceName):batchRunReports"
        let answer = try await send(method: "batchRunReports", resource: property.resourceName, url: url, body: batch)
        let reports = try RunReportResponseDecoder.decodeBatch(answer, source: "batchRunReports response for \(property)")
        guard reports.count == requests.count else {
            throw .invalidResponse(source: "batchRunReports response for \(property)",
                detail: "\(reports.count) reports for \(requests.count) requests")
        }
        for report in reports { remember(report.propertyQuota, for: property) }
        return zip(zip(requests, bodies), reports).map { pair, report in
            // The raw body of a batch is the whole batch; each page keeps it so nothing is lost.
            ReportPage(offset: pair.0.offset ?? 0, requestBody: pair.1, responseBody: answer, response: report)
        }
    }

    /// The dimensions and metrics available to the property, custom ones included.
    public func getMetadata(property: PropertyID) async throws(GA4Error) -> PropertyMetadata {
        let url = "\(configuration.baseURL)/v1beta/\(property.resourceName)/metadata"
        let answer = try await send(method: "getMetadata", resource: "\(property.resourceName)/metadata", url: url, body: nil)
        do {
            return try JSONDecoder().decode(PropertyMetadata.self, from: answer)
        } catch {
            throw .invalidResponse(source: "getMetadata response for \(property)", detail: "\(error)")
        }
    }

    /// The bucket below its floor according to the last answer for the property, if any.
    public func quotaShortfall(for property: PropertyID) -> QuotaShortfall? {
        guard let quota = quotaByProperty.withLock({ $0[property] }) else { return nil }
        return configuration.quota.shortfall(in: quota)
    }

    /// The quota state the last answer for the property reported.
    public func lastQuota(for property: PropertyID) -> PropertyQuota? {
        quotaByProperty.withLock { $0[property] }
    }

    // MARK: whole reports

    /// Reads every row of a report: pages of `limit` rows (the configured page size if the request names none)
    /// from the request's offset until `rowCount` rows have arrived. Asks for `propertyQuota` and, before each
    /// page, stops if the property's quota is below the policy's floor or the API says it is exhausted; the
    /// stop says how far the report got.
    public func fetchReport(_ request: RunReportRequest, property: PropertyID) async throws(GA4Error) -> ReportFetch {
        var request = request
        request.returnPropertyQuota = true
        let pageSize = request.limit ?? configuration.pageSize
        request.limit = pageSize
        let startOffset = request.offset ?? 0
        try request.validate()

        var report = FetchedReport(property: property, request: request)
        var offset = startOffset
        while true {
            if let shortfall = quotaShortfall(for: property) {
                return .stopped(report.stop(.lowQuota(shortfall), nextOffset: offset), partial: report)
            }
            request.offset = offset
            let page: ReportPage
            do {
                page = try await runReport(request, property: property)
            } catch {
                if let message = error.quotaExhaustionMessage {
                    return .stopped(report.stop(.exhausted(message: message), nextOffset: offset), partial: report)
                }
                throw error
            }
            try report.add(page)
            offset += Int64(page.response.rows.count)
            let expected = max(0, report.caveats.rowCount - Int(startOffset))
            if report.rows.count >= expected { break }
            if page.response.rows.count == 0 {
                throw .inconsistentPagination(property: property.resourceName,
                    detail: "an empty page at offset \(offset) although rowCount is \(report.caveats.rowCount)")
            }
        }
        return .complete(report)
    }

    // MARK: transport

    private func encode(_ request: RunReportRequest) throws(GA4Error) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        do {
            return try encoder.encode(request)
        } catch {
            throw .invalidRequest("cannot encode the request: \(error)")
        }
    }

    private func remember(_ quota: PropertyQuota?, for property: PropertyID) {
        guard let quota else { return }
        quotaByProperty.withLock { $0[property] = quota }
        onEvent(.quota(property: property, quota: quota))
    }

    /// Sends one API call with retries; returns the body of a 2xx answer.
    private func send(method: String, resource: String, url: String, body: Data?) async throws(GA4Error) -> Data {
        var attempt = 0
        var refreshedToken = false
        while true {
            attempt += 1
            let token = try await tokens.accessToken()
            var headers = HTTPHeaders()
            headers.add("Authorization", token.authorization)
            headers.add("Accept", "application/json")
            if body != nil { headers.add("Content-Type", "application/json") }
            let request = HTTPRequest(
                method: body == nil ? "GET" : "POST", url: url, headers: headers,
                body: body.map { .bytes($0) } ?? .none, timeout: configuration.requestTimeout)

            let failure: GA4Error
            var retryAfter: Duration?
            let outcome: Result<HTTPResponse, HTTPError>
            do {
                outcome = .success(try await http.execute(request))
            } catch {
                outcome = .failure(error)
            }
            switch outcome {
            case .success(let response):
                if response.isSuccess { return response.body }
                let status = GoogleRPCStatus.decode(body: response.body, httpStatus: response.status)
                if response.status == 401 && !refreshedToken {
                    // The token was revoked or expired early: replace it once, without counting an attempt.
                    refreshedToken = true
                    attempt -= 1
                    onEvent(.tokenRefused(method: method, resource: resource))
                    await tokens.invalidate(token)
                    continue
                }
                failure = .api(method: method, resource: resource, httpStatus: response.status, status: status)
                guard Self.isRetryable(httpStatus: response.status, status: status) else { throw failure }
                retryAfter = response.headers["Retry-After"].flatMap(Int.init).map { Duration.seconds($0) }
            case .failure(let error):
                guard error.isTransient else { throw .transport(error) }
                failure = .transport(error)
            }
            guard attempt < configuration.retry.maxAttempts else { throw failure }
            let delay = configuration.retry.delay(afterAttempt: attempt, retryAfter: retryAfter)
            onEvent(.retrying(method: method, resource: resource, attempt: attempt, delay: delay, reason: failure.description))
            do {
                try await Task.sleep(for: delay)
            } catch {
                throw .transport(.cancelled(url: url))
            }
        }
    }

    /// 5xx and 429 may pass; a 429 for an exhausted token or error bucket will not within the hour.
    static func isRetryable(httpStatus: Int, status: GoogleRPCStatus) -> Bool {
        if httpStatus == 429 { return !GA4Error.isQuotaExhaustion(status) }
        return httpStatus == 500 || httpStatus == 502 || httpStatus == 503 || httpStatus == 504
    }
}

extension GA4Error {
    /// The API's message when this is a 429 for an exhausted token or error bucket (not concurrency).
    public var quotaExhaustionMessage: String? {
        guard case .api(_, _, 429, let status) = self, Self.isQuotaExhaustion(status) else { return nil }
        return status.message
    }

    static func isQuotaExhaustion(_ status: GoogleRPCStatus) -> Bool {
        // Messages seen in production: "Exhausted property tokens for a project per hour.", "Exhausted
        // potentially thresholded requests quota.", "Exhausted server errors quota." (and "Exhausted concurrent
        // requests quota.", which is worth a short retry).
        let message = status.message.lowercased()
        return message.hasPrefix("exhausted") && !message.contains("concurrent")
    }
}
