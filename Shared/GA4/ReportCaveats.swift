/// What a report says about the reliability of its numbers, merged over its pages: kept with every
/// partition written from it, because these are the reasons GA4 figures differ from the GA4 interface.
public struct ReportCaveats: Sendable, Equatable, Codable {
    public var timeZone: String?
    public var currencyCode: String?
    public var rowCount: Int
    /// Some rows were folded into `(other)`.
    public var dataLossFromOtherRow: Bool
    /// Rows may have been withheld by thresholding.
    public var subjectToThresholding: Bool
    public var samplingMetadatas: [SamplingMetadata]
    public var emptyReason: String?
    public var restrictedMetrics: [String]
    /// The quota state after the last page.
    public var propertyQuota: PropertyQuota?

    public init(
        timeZone: String? = nil, currencyCode: String? = nil, rowCount: Int = 0, dataLossFromOtherRow: Bool = false,
        subjectToThresholding: Bool = false, samplingMetadatas: [SamplingMetadata] = [], emptyReason: String? = nil,
        restrictedMetrics: [String] = [], propertyQuota: PropertyQuota? = nil
    ) {
        self.timeZone = timeZone
        self.currencyCode = currencyCode
        self.rowCount = rowCount
        self.dataLossFromOtherRow = dataLossFromOtherRow
        self.subjectToThresholding = subjectToThresholding
        self.samplingMetadatas = samplingMetadatas
        self.emptyReason = emptyReason
        self.restrictedMetrics = restrictedMetrics
        self.propertyQuota = propertyQuota
    }

    public var isSampled: Bool { !samplingMetadatas.isEmpty }

    /// Adds one page: flags are true if any page set them; sampling and restrictions are collected once.
    public mutating func merge(_ page: RunReportResponse) {
        let metadata = page.metadata
        timeZone = timeZone ?? metadata.timeZone
        currencyCode = currencyCode ?? metadata.currencyCode
        rowCount = page.rowCount
        dataLossFromOtherRow = dataLossFromOtherRow || metadata.dataLossFromOtherRow
        subjectToThresholding = subjectToThresholding || metadata.subjectToThresholding
        for sampling in metadata.samplingMetadatas where !samplingMetadatas.contains(sampling) {
            samplingMetadatas.append(sampling)
        }
        emptyReason = emptyReason ?? metadata.emptyReason
        for metric in metadata.restrictedMetrics where !restrictedMetrics.contains(metric) {
            restrictedMetrics.append(metric)
        }
        if let quota = page.propertyQuota { propertyQuota = quota }
    }
}
