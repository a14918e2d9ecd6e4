#if canImport(FoundationEssentials)
import JSONText
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Decodes `runReport` and `batchRunReports` response bodies.
///
/// A purpose-built reader rather than `JSONDecoder`: a 250,000-row page is about a hundred megabytes of
/// pretty-printed JSON with two small objects per value, and a generic decoder spends most of its time making
/// dictionaries and `String`s for keys. This one walks the known shape once, writes metric values straight into
/// typed columns (headers come before rows in the API's output; if they do not, the rows are read after them),
/// reuses the previous row's `String` when a dimension value repeats, and skips members it does not know, as
/// proto3 JSON readers must.
public enum RunReportResponseDecoder {
    /// Decodes one `RunReportResponse`. `source` names the document in errors (e.g. the request).
    public static func decode(_ body: Data, source: String = "runReport response") throws(GA4Error) -> RunReportResponse {
        try scan(body, source: source) { (scanner: inout JSONScanner) throws(JSONScanner.Failure) in
            try decodeResponse(&scanner)
        }
    }

    /// Decodes a `BatchRunReportsResponse` into its reports, in request order.
    public static func decodeBatch(_ body: Data, source: String = "batchRunReports response") throws(GA4Error)
        -> [RunReportResponse]
    {
        try scan(body, source: source) { (scanner: inout JSONScanner) throws(JSONScanner.Failure) in
            var reports: [RunReportResponse] = []
            var key = try scanner.firstKey()
            while let name = key {
                if scanner.equals(name, "reports") {
                    if try !scanner.consumeNull(), try scanner.beginArray() {
                        repeat { reports.append(try decodeResponse(&scanner)) } while try scanner.nextElement()
                    }
                } else {
                    try scanner.skipValue()
                }
                key = try scanner.nextKey()
            }
            return reports
        }
    }

    /// Runs `read` over the whole document and checks that nothing follows it.
    private static func scan<Value>(
        _ body: Data, source: String, _ read: (inout JSONScanner) throws(JSONScanner.Failure) -> Value
    ) throws(GA4Error) -> Value {
        let result = body.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> Result<Value, JSONScanner.Failure> in
            Result { () throws(JSONScanner.Failure) -> Value in
                var scanner = JSONScanner(raw.bindMemory(to: UInt8.self))
                let value = try read(&scanner)
                try scanner.expectEnd()
                return value
            }
        }
        switch result {
        case .success(let value): return value
        case .failure(let failure):
            throw .invalidResponse(source: source, detail: "at byte \(failure.offset): \(failure.message)")
        }
    }

    private static func decodeResponse(_ scanner: inout JSONScanner) throws(JSONScanner.Failure) -> RunReportResponse {
        var response = RunReportResponse()
        var sawDimensionHeaders = false
        var sawMetricHeaders = false
        // Row arrays met before both header lists, kept as offsets to read once the headers are known.
        var deferred: [(kind: RowKind, offset: Int)] = []

        var key = try scanner.firstKey()
        while let name = key {
            if scanner.equals(name, "rows") || scanner.equals(name, "totals") || scanner.equals(name, "maximums")
                || scanner.equals(name, "minimums")
            {
                let kind = RowKind(scanner, name)
                if sawDimensionHeaders && sawMetricHeaders {
                    response[kind] = try decodeRows(&scanner, response.dimensionHeaders, response.metricHeaders, kind)
                } else {
                    deferred.append((kind, scanner.position))
                    try scanner.skipValue()
                }
            } else if scanner.equals(name, "dimensionHeaders") {
                response.dimensionHeaders = try decodeArray(&scanner) { (s: inout JSONScanner) throws(JSONScanner.Failure) in
                    DimensionHeader(name: try decodeNameObject(&s, context: "dimensionHeaders"))
                }
                sawDimensionHeaders = true
            } else if scanner.equals(name, "metricHeaders") {
                response.metricHeaders = try decodeArray(&scanner, decodeMetricHeader)
                sawMetricHeaders = true
            } else if scanner.equals(name, "rowCount") {
                let offset = scanner.position
                let count = try scanner.int64()
                guard count >= 0, count <= Int64(Int32.max) else {
                    throw JSONScanner.Failure(offset: offset, message: "rowCount \(count) is out of range")
                }
                response.rowCount = Int(count)
            } else if scanner.equals(name, "metadata") {
                response.metadata = try decodeMetadata(&scanner)
            } else if scanner.equals(name, "propertyQuota") {
                response.propertyQuota = try decodePropertyQuota(&scanner)
            } else if scanner.equals(name, "kind") {
                response.kind = try scanner.consumeNull() ? nil : try scanner.string()
            } else {
                try scanner.skipValue()
            }
            key = try scanner.nextKey()
        }
        for (kind, offset) in deferred {
            var rowsScanner = JSONScanner(scanner.bytes, position: offset)
            response[kind] = try decodeRows(&rowsScanner, response.dimensionHeaders, response.metricHeaders, kind)
        }
        return response
    }

    enum RowKind: String {
        case rows, totals, maximums, minimums

        init(_ scanner: JSONScanner, _ name: JSONScanner.RawString) {
            if scanner.equals(name, "rows") {
                self = .rows
            } else if scanner.equals(name, "totals") {
                self = .totals
            } else if scanner.equals(name, "maximums") {
                self = .maximums
            } else {
                self = .minimums
            }
        }
    }

    // MARK: rows

    /// Reads an array of `Row` objects into columns typed by the metric headers.
    private static func decodeRows(
        _ scanner: inout JSONScanner, _ dimensionHeaders: [DimensionHeader], _ metricHeaders: [MetricHeader],
        _ kind: RowKind
    ) throws(JSONScanner.Failure) -> ReportRows {
        var columns = RowColumns(dimensionCount: dimensionHeaders.count, metricHeaders: metricHeaders)
        if try scanner.consumeNull() { return columns.finish() }
        guard try scanner.beginArray() else { return columns.finish() }
        repeat {
            try decodeRow(&scanner, &columns, metricHeaders, kind)
        } while try scanner.nextElement()
        return columns.finish()
    }

    private static func decodeRow(
        _ scanner: inout JSONScanner, _ columns: inout RowColumns, _ metricHeaders: [MetricHeader], _ kind: RowKind
    ) throws(JSONScanner.Failure) {
        let row = columns.count
        let rowStart = scanner.position
        var dimensionsRead = -1
        var metricsRead = -1
        var key = try scanner.firstKey()
        while let name = key {
            if scanner.equals(name, "dimensionValues") {
                dimensionsRead = 0
                if try !scanner.consumeNull(), try scanner.beginArray() {
                    repeat {
                        guard dimensionsRead < columns.dimensionCount else {
                            throw scanner.fail(
                                "\(kind.rawValue)[\(row)] has more dimension values than the \(columns.dimensionCount) dimension headers")
                        }
                        let raw = try decodeValueObject(&scanner)
                        try columns.appendDimension(dimensionsRead, raw, scanner)
                        dimensionsRead += 1
                    } while try scanner.nextElement()
                }
            } else if scanner.equals(name, "metricValues") {
                metricsRead = 0
                if try !scanner.consumeNull(), try scanner.beginArray() {
                    repeat {
                        guard metricsRead < metricHeaders.count else {
                            throw scanner.fail(
                                "\(kind.rawValue)[\(row)] has more metric values than the \(metricHeaders.count) metric headers")
                        }
                        let valueStart = scanner.position
                        guard let raw = try decodeValueObject(&scanner) else {
                            throw JSONScanner.Failure(
                                offset: valueStart,
                                message: "\(kind.rawValue)[\(row)].metricValues[\(metricsRead)] (\(metricHeaders[metricsRead].name)) has no value")
                        }
                        try columns.appendMetric(metricsRead, raw, scanner) { (message: String) -> JSONScanner.Failure in
                            JSONScanner.Failure(
                                offset: raw.range.lowerBound,
                                message: "\(kind.rawValue)[\(row)].metricValues[\(metricsRead)] (\(metricHeaders[metricsRead].name)): \(message)")
                        }
                        metricsRead += 1
                    } while try scanner.nextElement()
                }
            } else {
                try scanner.skipValue()
            }
            key = try scanner.nextKey()
        }
        // An absent list is an empty one in proto3 JSON; either way the counts must match the headers.
        let dimensionCount = max(dimensionsRead, 0)
        let metricCount = max(metricsRead, 0)
        guard dimensionCount == columns.dimensionCount, metricCount == metricHeaders.count else {
            throw JSONScanner.Failure(
                offset: rowStart,
                message: "\(kind.rawValue)[\(row)] has \(dimensionCount) dimension and \(metricCount) metric values; "
                    + "the headers name \(columns.dimensionCount) and \(metricHeaders.count)")
        }
        columns.count += 1
    }

    /// Reads `{"value": "…"}` (a `DimensionValue` or `MetricValue`); nil when the object has no value.
    @inline(__always)
    private static func decodeValueObject(_ scanner: inout JSONScanner) throws(JSONScanner.Failure)
        -> JSONScanner.RawString?
    {
        var value: JSONScanner.RawString?
        var key = try scanner.firstKey()
        while let name = key {
            if scanner.equals(name, "value") {
                value = try scanner.consumeNull() ? nil : try scanner.rawString()
            } else {
                try scanner.skipValue()
            }
            key = try scanner.nextKey()
        }
        return value
    }

    // MARK: headers and metadata

    private static func decodeArray<Element>(
        _ scanner: inout JSONScanner, _ element: (inout JSONScanner) throws(JSONScanner.Failure) -> Element
    ) throws(JSONScanner.Failure) -> [Element] {
        var elements: [Element] = []
        if try scanner.consumeNull() { return elements }
        if try scanner.beginArray() {
            repeat { elements.append(try element(&scanner)) } while try scanner.nextElement()
        }
        return elements
    }

    private static func decodeNameObject(_ scanner: inout JSONScanner, context: String) throws(JSONScanner.Failure) -> String {
        let start = scanner.position
        var name: String?
        var key = try scanner.firstKey()
        while let member = key {
            if scanner.equals(member, "name") {
                name = try scanner.string()
            } else {
                try scanner.skipValue()
            }
            key = try scanner.nextKey()
        }
        guard let name else { throw JSONScanner.Failure(offset: start, message: "an entry of \(context) has no name") }
        return name
    }

    private static func decodeMetricHeader(_ scanner: inout JSONScanner) throws(JSONScanner.Failure) -> MetricHeader {
        let start = scanner.position
        var name: String?
        var type = MetricType.unspecified
        var key = try scanner.firstKey()
        while let member = key {
            if scanner.equals(member, "name") {
                name = try scanner.string()
            } else if scanner.equals(member, "type") {
                let offset = scanner.position
                let text = try scanner.string()
                guard let known = MetricType(rawValue: text) else {
                    throw JSONScanner.Failure(offset: offset, message: "unknown metric type \(text)")
                }
                type = known
            } else {
                try scanner.skipValue()
            }
            key = try scanner.nextKey()
        }
        guard let name else { throw JSONScanner.Failure(offset: start, message: "an entry of metricHeaders has no name") }
        return MetricHeader(name: name, type: type)
    }

    private static func decodeMetadata(_ scanner: inout JSONScanner) throws(JSONScanner.Failure) -> ResponseMetadata {
        var metadata = ResponseMetadata()
        if try scanner.consumeNull() { return metadata }
        var key = try scanner.firstKey()
        while let name = key {
            // Null members (seen from proxies) mean "not set".
            if try scanner.consumeNull() {
                key = try scanner.nextKey()
                continue
            }
            if scanner.equals(name, "dataLossFromOtherRow") {
                metadata.dataLossFromOtherRow = try scanner.bool()
            } else if scanner.equals(name, "subjectToThresholding") {
                metadata.subjectToThresholding = try scanner.bool()
            } else if scanner.equals(name, "currencyCode") {
                metadata.currencyCode = try scanner.string()
            } else if scanner.equals(name, "timeZone") {
                metadata.timeZone = try scanner.string()
            } else if scanner.equals(name, "emptyReason") {
                metadata.emptyReason = try scanner.string()
            } else if scanner.equals(name, "samplingMetadatas") {
                metadata.samplingMetadatas = try decodeArray(&scanner, decodeSamplingMetadata)
            } else if scanner.equals(name, "schemaRestrictionResponse") {
                metadata.restrictedMetrics = try decodeRestrictedMetrics(&scanner)
            } else {
                try scanner.skipValue()
            }
            key = try scanner.nextKey()
        }
        return metadata
    }

    private static func decodeSamplingMetadata(_ scanner: inout JSONScanner) throws(JSONScanner.Failure) -> SamplingMetadata {
        var sampling = SamplingMetadata(samplesReadCount: 0, samplingSpaceSize: 0)
        var key = try scanner.firstKey()
        while let name = key {
            if scanner.equals(name, "samplesReadCount") {
                sampling.samplesReadCount = try scanner.int64()
            } else if scanner.equals(name, "samplingSpaceSize") {
                sampling.samplingSpaceSize = try scanner.int64()
            } else {
                try scanner.skipValue()
            }
            key = try scanner.nextKey()
        }
        return sampling
    }

    private static func decodeRestrictedMetrics(_ scanner: inout JSONScanner) throws(JSONScanner.Failure) -> [String] {
        var names: [String] = []
        var key = try scanner.firstKey()
        while let name = key {
            if scanner.equals(name, "activeMetricRestrictions") {
                let restrictions = try decodeArray(&scanner) { (s: inout JSONScanner) throws(JSONScanner.Failure) -> String? in
                    var metricName: String?
                    var member = try s.firstKey()
                    while let field = member {
                        if s.equals(field, "metricName") { metricName = try s.string() } else { try s.skipValue() }
                        member = try s.nextKey()
                    }
                    return metricName
                }
                names += restrictions.compactMap { $0 }
            } else {
                try scanner.skipValue()
            }
            key = try scanner.nextKey()
        }
        return names
    }

    private static func decodePropertyQuota(_ scanner: inout JSONScanner) throws(JSONScanner.Failure) -> PropertyQuota? {
        if try scanner.consumeNull() { return nil }
        var quota = PropertyQuota()
        var key = try scanner.firstKey()
        while let name = key {
            let bucket = PropertyQuota.Bucket.allCases.first { bucket in
                !name.hasEscapes && name.range.count == bucket.rawValue.utf8.count
                    && scanner.bytes[name.range].elementsEqual(bucket.rawValue.utf8)
            }
            if let bucket, try !scanner.consumeNull() {
                var status = QuotaStatus(consumed: 0, remaining: 0)
                var member = try scanner.firstKey()
                while let field = member {
                    if scanner.equals(field, "consumed") {
                        status.consumed = try scanner.int64()
                    } else if scanner.equals(field, "remaining") {
                        status.remaining = try scanner.int64()
                    } else {
                        try scanner.skipValue()
                    }
                    member = try scanner.nextKey()
                }
                quota[bucket] = status
            } else if bucket == nil {
                try scanner.skipValue()
            }
            key = try scanner.nextKey()
        }
        return quota
    }
}

extension RunReportResponse {
    fileprivate subscript(kind: RunReportResponseDecoder.RowKind) -> ReportRows {
        get {
            switch kind {
            case .rows: return rows
            case .totals: return totals
            case .maximums: return maximums
            case .minimums: return minimums
            }
        }
        set {
            switch kind {
            case .rows: rows = newValue
            case .totals: totals = newValue
            case .maximums: maximums = newValue
            case .minimums: minimums = newValue
            }
        }
    }
}

/// Column buffers that rows are decoded into.
private struct RowColumns {
    let dimensionCount: Int
    var dimensions: [[String]]
    /// For each metric, its index in `integers` or in `doubles`.
    let slots: [(isInteger: Bool, index: Int)]
    var integers: [[Int64]]
    var doubles: [[Double]]
    var count = 0
    /// The previous value of each dimension, to reuse its `String` when the next row repeats it.
    private var previous: [(range: Range<Int>, value: String)?]

    init(dimensionCount: Int, metricHeaders: [MetricHeader]) {
        self.dimensionCount = dimensionCount
        dimensions = Array(repeating: [], count: dimensionCount)
        previous = Array(repeating: nil, count: dimensionCount)
        var slots: [(Bool, Int)] = []
        var integerCount = 0
        var doubleCount = 0
        for header in metricHeaders {
            if header.type.isInteger {
                slots.append((true, integerCount))
                integerCount += 1
            } else {
                slots.append((false, doubleCount))
                doubleCount += 1
            }
        }
        self.slots = slots
        integers = Array(repeating: [], count: integerCount)
        doubles = Array(repeating: [], count: doubleCount)
    }

    @inline(__always)
    mutating func appendDimension(_ index: Int, _ raw: JSONScanner.RawString?, _ scanner: JSONScanner) throws(JSONScanner.Failure) {
        guard let raw else {
            dimensions[index].append("")
            return
        }
        if let last = previous[index], !raw.hasEscapes, last.range.count == raw.range.count,
            memcmp(scanner.bytes.baseAddress! + last.range.lowerBound, scanner.bytes.baseAddress! + raw.range.lowerBound,
                raw.range.count) == 0
        {
            dimensions[index].append(last.value)
            return
        }
        let value = try scanner.makeString(raw)
        previous[index] = raw.hasEscapes ? nil : (raw.range, value)
        dimensions[index].append(value)
    }

    @inline(__always)
    mutating func appendMetric(
        _ index: Int, _ raw: JSONScanner.RawString, _ scanner: JSONScanner,
        failure: (String) -> JSONScanner.Failure
    ) throws(JSONScanner.Failure) {
        let slot = slots[index]
        guard !raw.hasEscapes else { throw failure("a number must not contain escapes") }
        if slot.isInteger {
            if let value = DecimalText.int64(scanner.bytes, raw.range) {
                integers[slot.index].append(value)
                return
            }
            // Integer metrics now and then arrive written as decimals ("12.0"); accept them only when exact.
            if let value = DecimalText.double(scanner.bytes, raw.range), value.rounded() == value,
                abs(value) < 9.007_199_254_740_992e15
            {
                integers[slot.index].append(Int64(value))
                return
            }
            throw failure("\"\(Self.excerpt(raw, scanner))\" is not an integer")
        }
        guard let value = DecimalText.double(scanner.bytes, raw.range) else {
            throw failure("\"\(Self.excerpt(raw, scanner))\" is not a number")
        }
        doubles[slot.index].append(value)
    }

    private static func excerpt(_ raw: JSONScanner.RawString, _ scanner: JSONScanner) -> String {
        let slice = UnsafeBufferPointer(rebasing: scanner.bytes[raw.range.lowerBound..<min(raw.range.upperBound, raw.range.lowerBound + 40)])
        return String(decoding: slice, as: UTF8.self)
    }

    func finish() -> ReportRows {
        let metrics = slots.map { slot in
            slot.isInteger ? MetricColumn.integer(integers[slot.index]) : MetricColumn.double(doubles[slot.index])
        }
        return ReportRows(dimensions: dimensions, metrics: metrics, count: count)
    }
}
