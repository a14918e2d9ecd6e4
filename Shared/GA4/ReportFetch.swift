#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One `runReport` exchange: the request and response as sent and received (for the raw landing copy) and
/// the decoded response.
public struct ReportPage: Sendable {
    public var offset: Int64
    public var requestBody: Data
    public var responseBody: Data
    public var response: RunReportResponse
}

/// How a whole-report fetch ended.
public enum ReportFetch: Sendable {
    case complete(FetchedReport)
    /// Stopped for quota before the report was complete; nothing partial should be written from it.
    case stopped(QuotaStop)
}

/// Every row of a report, gathered from its pages, with the response's caveats.
public struct FetchedReport: Sendable {
    public let property: PropertyID
    /// The request of the first page (later pages differ only in `offset`).
    public let request: RunReportRequest
    public internal(set) var dimensionHeaders: [DimensionHeader] = []
    public internal(set) var metricHeaders: [MetricHeader] = []
    public internal(set) var rows = ReportRows()
    public internal(set) var totals = ReportRows()
    public internal(set) var maximums = ReportRows()
    public internal(set) var minimums = ReportRows()
    public internal(set) var caveats = ReportCaveats()
    /// The exchanges, without their decoded rows (those are in `rows`).
    public internal(set) var pages: [ReportPage] = []

    init(property: PropertyID, request: RunReportRequest) {
        self.property = property
        self.request = request
    }

    /// Adds a page after checking that it continues the report: same headers, same row count.
    mutating func add(_ page: ReportPage) throws(GA4Error) {
        let response = page.response
        if pages.isEmpty {
            dimensionHeaders = response.dimensionHeaders
            metricHeaders = response.metricHeaders
            totals = response.totals
            maximums = response.maximums
            minimums = response.minimums
        } else {
            guard response.dimensionHeaders == dimensionHeaders, response.metricHeaders == metricHeaders else {
                throw .inconsistentPagination(property: property.resourceName,
                    detail: "the page at offset \(page.offset) has different headers from the first page")
            }
            guard response.rowCount == caveats.rowCount else {
                throw .inconsistentPagination(property: property.resourceName,
                    detail: "rowCount changed from \(caveats.rowCount) to \(response.rowCount) at offset \(page.offset); "
                        + "the data changed while it was read, fetch the report again")
            }
        }
        caveats.merge(response)
        rows.append(response.rows)
        var kept = page
        kept.response.rows = ReportRows()
        pages.append(kept)
    }

    func stop(_ reason: QuotaStop.Reason, nextOffset: Int64) -> QuotaStop {
        QuotaStop(property: property, reason: reason, rowsRead: rows.count, rowCount: pages.isEmpty ? nil : caveats.rowCount,
            nextOffset: nextOffset, pagesRead: pages.count)
    }
}
