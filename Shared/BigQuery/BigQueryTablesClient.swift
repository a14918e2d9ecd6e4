import GA4
import HTTP
import JSONText

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A failed REST call, naming the method and the table.
public struct BigQueryRESTError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable {
        /// An answer other than 2xx (after the retries its reason allows), with Google's error model.
        case http(status: Int, error: GoogleRPCStatus, reasons: [String])
        case transport(HTTPError)
        case authentication(GA4Error)
        /// A body that is not what the API documents.
        case badResponse(String)
        /// A row that does not fit the schema.
        case badRow(AvroRowEncodingError)
        case schema(BigQuerySchemaError)
    }

    public var kind: Kind
    /// `tables.get` or `tabledata.list`.
    public var method: String
    public var table: BigQueryTableReference
    public var attempts: Int

    public var description: String {
        let place = "\(method) of \(table)" + (attempts > 1 ? " (after \(attempts) attempts)" : "")
        switch kind {
        case .http(let status, let error, let reasons):
            return "\(place) failed: HTTP \(status): \(error)" + (reasons.isEmpty ? "" : " [\(reasons.joined(separator: ", "))]")
        case .transport(let error): return "\(place) failed: \(error)"
        case .authentication(let error): return "\(place): no access token: \(error)"
        case .badResponse(let detail): return "\(place): unexpected response: \(detail)"
        case .badRow(let error): return "\(place): \(error)"
        case .schema(let error): return "\(place): \(error)"
        }
    }
}

/// BigQuery's REST API v2 for what the reader needs besides Storage Read: `tables.get` (size, change time,
/// schema; 404 = not exported yet) and `tabledata.list` (the fallback read path, no query cost), whose f/v
/// rows are converted to Avro binary rows so that one decoder serves both paths.
public final class BigQueryTablesClient: Sendable {
    public struct Configuration: Sendable {
        /// `https://bigquery.googleapis.com/bigquery/v2`, or an emulator's `http://127.0.0.1:<port>/bigquery/v2`.
        public var baseURL: String
        /// 429, 5xx, 403 `rateLimitExceeded`/`quotaExceeded` and broken connections are retried with this.
        public var retryPolicy: RetryPolicy
        public var timeout: Duration
        /// `maxResults` per page (responses are also capped at 10 MB by the service).
        public var pageSize: Int

        public init(
            baseURL: String = "https://bigquery.googleapis.com/bigquery/v2",
            retryPolicy: RetryPolicy = RetryPolicy(maxAttempts: 6, initialDelay: .milliseconds(500), maxDelay: .seconds(32)),
            timeout: Duration = .seconds(120), pageSize: Int = 10_000
        ) {
            var base = baseURL
            while base.hasSuffix("/") { base.removeLast() }
            self.baseURL = base
            self.retryPolicy = retryPolicy
            self.timeout = timeout
            self.pageSize = pageSize
        }
    }

    public let configuration: Configuration
    private let http: HTTPClient
    private let tokens: any AccessTokenProvider

    public init(http: HTTPClient, tokens: any AccessTokenProvider, configuration: Configuration = Configuration()) {
        self.http = http
        self.tokens = tokens
        self.configuration = configuration
    }

    private func tableURL(_ table: BigQueryTableReference) -> String {
        "\(configuration.baseURL)/projects/\(table.projectID)/datasets/\(table.datasetID)/tables/\(table.tableID)"
    }

    /// `tables.get`: the table, or `.notExportedYet` when it does not exist (HTTP 404).
    public func table(_ table: BigQueryTableReference) async throws(BigQueryRESTError) -> BigQueryTableLookup {
        guard let response = try await get("tables.get", table: table, url: tableURL(table), notFoundIsAnswer: true) else {
            return .notExportedYet(table)
        }
        do {
            let wire = try JSONDecoder().decode(TableWire.self, from: response.body)
            return .found(try wire.model(table))
        } catch let error as BigQueryRESTError.Kind {
            throw BigQueryRESTError(kind: error, method: "tables.get", table: table, attempts: 1)
        } catch {
            throw BigQueryRESTError(kind: .badResponse("\(error)"), method: "tables.get", table: table, attempts: 1)
        }
    }

    /// One page of `tabledata.list` as Avro rows for `schema` (the table's, narrowed to `selectedFields`).
    /// - Parameters:
    ///   - pageToken: from the previous page; nil for the first.
    ///   - startIndex: the first row (for disjoint ranges read in parallel); used when `pageToken` is nil.
    public func listRows(
        _ table: BigQueryTableReference, schema: BigQueryTableSchema, selectedFields: [String] = [], pageToken: String? = nil,
        startIndex: Int64 = 0, maxResults: Int? = nil
    ) async throws(BigQueryRESTError) -> TableDataPage {
        let rowSchema: BigQueryTableSchema
        do {
            rowSchema = try schema.selecting(selectedFields)
        } catch {
            throw BigQueryRESTError(kind: .schema(error), method: "tabledata.list", table: table, attempts: 1)
        }
        var query: [(String, String)] = [("maxResults", String(maxResults ?? configuration.pageSize)), ("formatOptions.useInt64Timestamp", "true")]
        if let pageToken { query.append(("pageToken", pageToken)) } else if startIndex > 0 { query.append(("startIndex", String(startIndex))) }
        if !selectedFields.isEmpty { query.append(("selectedFields", selectedFields.joined(separator: ","))) }
        let url = tableURL(table) + "/data?" + query.map { "\($0.0)=\(FormURLEncoding.escape($0.1))" }.joined(separator: "&")
        guard let response = try await get("tabledata.list", table: table, url: url, notFoundIsAnswer: false) else {
            throw BigQueryRESTError(kind: .badResponse("no body"), method: "tabledata.list", table: table, attempts: 1)
        }
        do {
            return try TableDataPage(decoding: response.body, schema: rowSchema, firstRow: startIndex)
        } catch {
            let kind: BigQueryRESTError.Kind
            switch error {
            case .badResponse(let detail): kind = .badResponse(detail)
            case .badRow(let row): kind = .badRow(row)
            }
            throw BigQueryRESTError(kind: kind, method: "tabledata.list", table: table, attempts: 1)
        }
    }

    /// Every row of the table, page after page until the last, each page handed to `body` as it arrives.
    /// Returns the rows read; it equals `totalRows` unless the table changed while being read.
    public func readAllRows(
        _ table: BigQueryTableReference, schema: BigQueryTableSchema, selectedFields: [String] = [],
        body: (TableDataPage) async throws -> Void
    ) async throws -> Int64 {
        var token: String?
        var offset: Int64 = 0
        repeat {
            var page = try await listRows(table, schema: schema, selectedFields: selectedFields, pageToken: token)
            page.block.offset = offset
            offset += page.block.rowCount
            try await body(page)
            token = page.pageToken
        } while token != nil
        return offset
    }

    // MARK: HTTP with retries

    /// GET with retries; nil for a 404 when the caller takes it as an answer.
    private func get(_ method: String, table: BigQueryTableReference, url: String, notFoundIsAnswer: Bool) async throws(BigQueryRESTError)
        -> HTTPResponse?
    {
        var attempts = 0
        var refreshed = false
        while true {
            attempts += 1
            let token: AccessToken
            do {
                token = try await tokens.accessToken()
            } catch {
                throw BigQueryRESTError(kind: .authentication(error), method: method, table: table, attempts: attempts)
            }
            let request = HTTPRequest(
                url: url, headers: ["authorization": "Bearer \(token.value)", "accept": "application/json"], timeout: configuration.timeout)
            let failure: BigQueryRESTError.Kind
            var retryable = false
            do {
                let response = try await http.execute(request)
                if response.isSuccess { return response }
                if response.status == 404, notFoundIsAnswer { return nil }
                let error = GoogleRPCStatus.decode(body: response.body, httpStatus: response.status)
                let reasons = Self.reasons(response.body)
                failure = .http(status: response.status, error: error, reasons: reasons)
                if response.status == 401, !refreshed {
                    refreshed = true
                    await tokens.invalidate(token)
                    attempts -= 1
                    continue
                }
                retryable = response.status == 429 || response.status >= 500
                    || (response.status == 403 && reasons.contains { $0 == "rateLimitExceeded" || $0 == "quotaExceeded" })
            } catch {
                failure = .transport(error)
                retryable = error.isTransient
            }
            guard retryable, attempts < configuration.retryPolicy.maxAttempts else {
                throw BigQueryRESTError(kind: failure, method: method, table: table, attempts: attempts)
            }
            do {
                try await Task.sleep(for: configuration.retryPolicy.delay(afterAttempt: attempts))
            } catch {
                throw BigQueryRESTError(kind: .transport(.cancelled(url: url)), method: method, table: table, attempts: attempts)
            }
        }
    }

    /// The legacy `error.errors[].reason` list BigQuery v2 still sends (`rateLimitExceeded`, `notFound`, …).
    static func reasons(_ body: Data) -> [String] {
        struct Envelope: Decodable {
            struct Inner: Decodable {
                struct Item: Decodable { var reason: String? }
                var errors: [Item]?
            }
            var error: Inner?
        }
        return ((try? JSONDecoder().decode(Envelope.self, from: body))?.error?.errors ?? []).compactMap(\.reason)
    }
}

/// `Table` as JSON (int64 values are strings in Google's JSON mapping).
private struct TableWire: Decodable {
    struct StreamingBufferWire: Decodable {
        var estimatedRows: String?
        var estimatedBytes: String?
        var oldestEntryTime: String?
    }
    var numRows: String?
    var numBytes: String?
    var lastModifiedTime: String?
    var creationTime: String?
    var etag: String?
    var location: String?
    var type: String?
    var schema: BigQueryTableSchema?
    var streamingBuffer: StreamingBufferWire?

    func model(_ reference: BigQueryTableReference) throws(BigQueryRESTError.Kind) -> BigQueryTable {
        func number(_ text: String?, _ name: String) throws(BigQueryRESTError.Kind) -> Int64 {
            guard let text else { return 0 }
            guard let value = Int64(text) else { throw .badResponse("\(name) \"\(text)\" is not an integer") }
            return value
        }
        return BigQueryTable(
            reference: reference, numRows: try number(numRows, "numRows"), numBytes: try number(numBytes, "numBytes"),
            lastModifiedTime: try number(lastModifiedTime, "lastModifiedTime"), creationTime: try number(creationTime, "creationTime"),
            etag: etag ?? "", location: location, type: type, schema: schema ?? BigQueryTableSchema(fields: []),
            streamingBuffer: try streamingBuffer.map { buffer throws(BigQueryRESTError.Kind) in
                BigQueryTable.StreamingBuffer(
                    estimatedRows: try number(buffer.estimatedRows, "streamingBuffer.estimatedRows"),
                    estimatedBytes: try number(buffer.estimatedBytes, "streamingBuffer.estimatedBytes"),
                    oldestEntryTime: try buffer.oldestEntryTime.map { text throws(BigQueryRESTError.Kind) in try number(text, "streamingBuffer.oldestEntryTime") })
            })
    }
}

extension BigQueryRESTError.Kind: Error {}
