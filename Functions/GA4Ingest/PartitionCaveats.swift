#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import GA4

/// What is known about the numbers of one partition, kept beside it (`_caveats.json`, which Athena skips) and
/// in the Parquet footer: the reasons a figure may differ from the GA4 interface, and where it came from.
struct PartitionCaveats: Codable, Sendable, Equatable {
    var report: String
    var propertyId: String
    var date: CivilDate
    var fetchedAt: String
    var rowCount: Int
    var timeZone: String?
    var currencyCode: String?
    var dataLossFromOtherRow: Bool
    var subjectToThresholding: Bool
    var sampled: Bool
    var samplingMetadatas: [SamplingMetadata]
    var emptyReason: String?
    var restrictedMetrics: [String]
    var propertyQuota: PropertyQuota?
    /// False while GA4 may still revise the day (processing takes up to 72 hours).
    var isFinal: Bool
    /// The raw request/response documents this partition was built from.
    var rawObjects: [String]

    init(
        report: String, property: PropertyID, date: CivilDate, fetchedAt: String, caveats: ReportCaveats, isFinal: Bool,
        rawObjects: [String]
    ) {
        self.report = report
        self.propertyId = property.number
        self.date = date
        self.fetchedAt = fetchedAt
        rowCount = caveats.rowCount
        timeZone = caveats.timeZone
        currencyCode = caveats.currencyCode
        dataLossFromOtherRow = caveats.dataLossFromOtherRow
        subjectToThresholding = caveats.subjectToThresholding
        sampled = caveats.isSampled
        samplingMetadatas = caveats.samplingMetadatas
        emptyReason = caveats.emptyReason
        restrictedMetrics = caveats.restrictedMetrics
        propertyQuota = caveats.propertyQuota
        self.isFinal = isFinal
        self.rawObjects = rawObjects
    }

    func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }
}
