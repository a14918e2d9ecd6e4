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
    /// Stopped for quota before the report was complete, with the pages read so far. Write nothing from an
    /// incomplete report; fetch the rest from `stop.nextOffset` later and `append` it, or fetch it again.
    case stopped(QuotaStop, partial: FetchedReport)
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

    /// Appends the rest of the same report, fetched from where this part stopped.
    public mutating func append(contentsOf rest: FetchedReport) throws(GA4Error) {
        guard rest.property == property else {
            throw .inconsistentPagination(property: property.resourceName, detail: "the continuation is for \(rest.property)")
        }
        guard !pages.isEmpty else {
            self = rest
            return
        }
        guard let first = rest.pages.first else { return }
        guard first.offset == (request.offset ?? 0) + Int64(rows.count) else {
            throw .inconsistentPagination(property: property.resourceName,
                detail: "the continuation starts at offset \(first.offset), not at \((request.offset ?? 0) + Int64(rows.count))")
        }
        guard rest.dimensionHeaders == dimensionHeaders, rest.metricHeaders == metricHeaders,
            rest.caveats.rowCount == caveats.rowCount
        else {
            throw .inconsistentPagination(property: property.resourceName,
                detail: "the continuation has different headers or rowCount (\(rest.caveats.rowCount) instead of \(caveats.rowCount)); fetch the report again")
        }
        rows.append(rest.rows)
        pages += rest.pages
        let merged = rest.caveats
        caveats.dataLossFromOtherRow = caveats.dataLossFromOtherRow || merged.dataLossFromOtherRow
        caveats.subjectToThresholding = caveats.subjectToThresholding || merged.subjectToThresholding
        for sampling in merged.samplingMetadatas where !caveats.samplingMetadatas.contains(sampling) {
            caveats.samplingMetadatas.append(sampling)
        }
        for metric in merged.restrictedMetrics where !caveats.restrictedMetrics.contains(metric) {
            caveats.restrictedMetrics.append(metric)
        }
        caveats.propertyQuota = merged.propertyQuota ?? caveats.propertyQuota
    }

    /// True when every row of the report is here.
    public var isComplete: Bool { rows.count >= caveats.rowCount - Int(request.offset ?? 0) && !pages.isEmpty }

    func stop(_ reason: QuotaStop.Reason, nextOffset: Int64) -> QuotaStop {
        QuotaStop(property: property, reason: reason, rowsRead: rows.count, rowCount: pages.isEmpty ? nil : caveats.rowCount,
            nextOffset: nextOffset, pagesRead: pages.count)
    }
}
