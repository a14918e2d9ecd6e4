#if canImport(FoundationEssentials)
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
import JSONText

/// Decodes `runReport` and `batchRunReports` response bodies.
///
/// A purpose-built reader on `JSONReader` rather than `JSONDecoder`: a 250,000-row page is about a hundred
/// megabytes of pretty-printed JSON with two small objects per value, and a generic decoder spends most of its
/// time making dictionaries and `String`s for keys. This one walks the known shape once, compares member names
/// on the bytes, writes metric values straight into typed columns (headers come before rows in the API's
/// output; if they do not, the rows are read after them), reuses the previous row's `String` when a dimension
/// value repeats, and skips members it does not know, as proto3 JSON readers must.
///
/// A body that is not JSON and a body of the wrong shape are reported alike, as a `JSONSyntaxError` (message
/// and byte offset) that `read` turns into `GA4Error.invalidResponse`. Strings the decoder keeps must be valid
/// UTF-8; the rest of the body is only checked against the grammar.
public enum RunReportResponseDecoder {
    /// Decodes one `RunReportResponse`. `source` names the document in errors (e.g. the request).
    public static func decode(_ body: Data, source: String = "runReport response") throws(GA4Error) -> RunReportResponse {
        try read(body, source: source) { (reader: inout JSONReader) throws(JSONSyntaxError) in
            try decodeResponse(&reader)
        }
    }

    /// Decodes a `BatchRunReportsResponse` into its reports, in request order.
    public static func decodeBatch(_ body: Data, source: String = "batchRunReports response") throws(GA4Error)
        -> [RunReportResponse]
    {
        try read(body, source: source) { (reader: inout JSONReader) throws(JSONSyntaxError) in
            var reports: [RunReportResponse] = []
            var object = try reader.enterObject()
            while let name = try reader.nextMember(&object) {
                guard reader.matches(name, "reports") else {
                    try reader.skipValue()
                    continue
                }
                if try reader.readNullIfPresent() { continue }
                var array = try reader.enterArray()
                while try reader.nextElement(&array) { reports.append(try decodeResponse(&reader)) }
            }
            return reports
        }
    }

    /// Runs `decode` over the whole document and checks that nothing follows it.
    private static func read<Value>(
        _ body: Data, source: String, _ decode: (inout JSONReader) throws(JSONSyntaxError) -> Value
    ) throws(GA4Error) -> Value {
        let result = body.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> Result<Value, JSONSyntaxError> in
            Result { () throws(JSONSyntaxError) -> Value in
                var reader = JSONReader(raw.bindMemory(to: UInt8.self))
                let value = try decode(&reader)
                try reader.expectEnd("the document")
                return value
            }
        }
        switch result {
        case .success(let value): return value
        case .failure(let error):
            throw .invalidResponse(source: source, detail: "at byte \(error.offset): \(error.message)")
        }
    }

    private static func decodeResponse(_ reader: inout JSONReader) throws(JSONSyntaxError) -> RunReportResponse {
        var response = RunReportResponse()
        var sawDimensionHeaders = false
        var sawMetricHeaders = false
        // Row arrays met before both header lists, kept as offsets to read once the headers are known.
        var deferred: [(kind: RowKind, offset: Int)] = []

        var object = try reader.enterObject()
        while let name = try reader.nextMember(&object) {
            if let kind = RowKind(name, reader) {
                if sawDimensionHeaders && sawMetricHeaders {
                    response[kind] = try decodeRows(&reader, response.dimensionHeaders, response.metricHeaders, kind)
                } else {
                    deferred.append((kind, reader.position))
                    try reader.skipValue()
                }
            } else if reader.matches(name, "dimensionHeaders") {
                response.dimensionHeaders = try decodeArray(&reader) { (reader: inout JSONReader) throws(JSONSyntaxError) in
                    DimensionHeader(name: try decodeNameObject(&reader, context: "dimensionHeaders"))
                }
                sawDimensionHeaders = true
            } else if reader.matches(name, "metricHeaders") {
                response.metricHeaders = try decodeArray(&reader, decodeMetricHeader)
                sawMetricHeaders = true
            } else if reader.matches(name, "rowCount") {
                reader.skipWhitespace()
                let offset = reader.position
                let count = try readInteger(&reader, "rowCount")
                guard count >= 0, count <= Int64(Int32.max) else {
                    throw JSONSyntaxError(message: "rowCount \(count) is out of range", offset: offset)
                }
                response.rowCount = Int(count)
            } else if reader.matches(name, "metadata") {
                response.metadata = try decodeMetadata(&reader)
            } else if reader.matches(name, "propertyQuota") {
                response.propertyQuota = try decodePropertyQuota(&reader)
            } else if reader.matches(name, "kind") {
                response.kind = try reader.readNullIfPresent() ? nil : try readText(&reader, "kind")
            } else {
                try reader.skipValue()
            }
        }
        for (kind, offset) in deferred {
            var rowsReader = JSONReader(reader.bytes, position: offset)
            response[kind] = try decodeRows(&rowsReader, response.dimensionHeaders, response.metricHeaders, kind)
        }
        return response
    }

    enum RowKind: String {
        case rows, totals, maximums, minimums

        /// The kind a member name stands for; nil for any other member.
        init?(_ name: JSONStringToken, _ reader: JSONReader) {
            if reader.matches(name, "rows") {
                self = .rows
            } else if reader.matches(name, "totals") {
                self = .totals
            } else if reader.matches(name, "maximums") {
                self = .maximums
            } else if reader.matches(name, "minimums") {
                self = .minimums
            } else {
                return nil
            }
        }
    }

    // MARK: rows

    /// Reads an array of `Row` objects into columns typed by the metric headers.
    private static func decodeRows(
        _ reader: inout JSONReader, _ dimensionHeaders: [DimensionHeader], _ metricHeaders: [MetricHeader],
        _ kind: RowKind
    ) throws(JSONSyntaxError) -> ReportRows {
        var columns = RowColumns(dimensionCount: dimensionHeaders.count, metricHeaders: metricHeaders)
        if try reader.readNullIfPresent() { return columns.finish() }
        var array = try reader.enterArray()
        while try reader.nextElement(&array) {
            try decodeRow(&reader, &columns, metricHeaders, kind)
        }
        return columns.finish()
    }

    private static func decodeRow(
        _ reader: inout JSONReader, _ columns: inout RowColumns, _ metricHeaders: [MetricHeader], _ kind: RowKind
    ) throws(JSONSyntaxError) {
        let row = columns.count
        reader.skipWhitespace()
        let rowStart = reader.position
        var dimensionsRead = -1
        var metricsRead = -1
        var object = try reader.enterObject()
        while let name = try reader.nextMember(&object) {
            if reader.matches(name, "dimensionValues") {
                dimensionsRead = 0
                if try reader.readNullIfPresent() { continue }
                var values = try reader.enterArray()
                while try reader.nextElement(&values) {
                    guard dimensionsRead < columns.dimensionCount else {
                        throw reader.fail(
                            "\(kind.rawValue)[\(row)] has more dimension values than the \(columns.dimensionCount) dimension headers")
                    }
                    let token = try decodeValueObject(&reader)
                    try columns.appendDimension(dimensionsRead, token, reader)
                    dimensionsRead += 1
                }
            } else if reader.matches(name, "metricValues") {
                metricsRead = 0
                if try reader.readNullIfPresent() { continue }
                var values = try reader.enterArray()
                while try reader.nextElement(&values) {
                    guard metricsRead < metricHeaders.count else {
                        throw reader.fail(
                            "\(kind.rawValue)[\(row)] has more metric values than the \(metricHeaders.count) metric headers")
                    }
                    reader.skipWhitespace()
                    let valueStart = reader.position
                    guard let token = try decodeValueObject(&reader) else {
                        throw JSONSyntaxError(
                            message: "\(kind.rawValue)[\(row)].metricValues[\(metricsRead)] (\(metricHeaders[metricsRead].name)) has no value",
                            offset: valueStart)
                    }
                    try columns.appendMetric(metricsRead, token, reader) { (message: String) -> JSONSyntaxError in
                        JSONSyntaxError(
                            message: "\(kind.rawValue)[\(row)].metricValues[\(metricsRead)] (\(metricHeaders[metricsRead].name)): \(message)",
                            offset: token.contentRange.lowerBound)
                    }
                    metricsRead += 1
                }
            } else {
                try reader.skipValue()
            }
        }
        // An absent list is an empty one in proto3 JSON; either way the counts must match the headers.
        let dimensionCount = max(dimensionsRead, 0)
        let metricCount = max(metricsRead, 0)
        guard dimensionCount == columns.dimensionCount, metricCount == metricHeaders.count else {
            throw JSONSyntaxError(
                message: "\(kind.rawValue)[\(row)] has \(dimensionCount) dimension and \(metricCount) metric values; "
                    + "the headers name \(columns.dimensionCount) and \(metricHeaders.count)",
                offset: rowStart)
        }
        columns.count += 1
    }

    /// Reads `{"value": "…"}` (a `DimensionValue` or `MetricValue`); nil when the object has no value.
    @inline(__always)
    private static func decodeValueObject(_ reader: inout JSONReader) throws(JSONSyntaxError) -> JSONStringToken? {
        var value: JSONStringToken?
        var object = try reader.enterObject()
        while let name = try reader.nextMember(&object) {
            if reader.matches(name, "value") {
                value = try reader.readNullIfPresent() ? nil : try reader.readString()
            } else {
                try reader.skipValue()
            }
        }
        return value
    }

    // MARK: headers and metadata

    /// Reads an array (null reads as empty) of elements that `element` decodes.
    private static func decodeArray<Element>(
        _ reader: inout JSONReader, _ element: (inout JSONReader) throws(JSONSyntaxError) -> Element
    ) throws(JSONSyntaxError) -> [Element] {
        var elements: [Element] = []
        if try reader.readNullIfPresent() { return elements }
        var array = try reader.enterArray()
        while try reader.nextElement(&array) { elements.append(try element(&reader)) }
        return elements
    }

    private static func decodeNameObject(_ reader: inout JSONReader, context: String) throws(JSONSyntaxError) -> String {
        reader.skipWhitespace()
        let start = reader.position
        var name: String?
        var object = try reader.enterObject()
        while let member = try reader.nextMember(&object) {
            if reader.matches(member, "name") {
                name = try readText(&reader, "the name of an entry of \(context)")
            } else {
                try reader.skipValue()
            }
        }
        guard let name else { throw JSONSyntaxError(message: "an entry of \(context) has no name", offset: start) }
        return name
    }

    private static func decodeMetricHeader(_ reader: inout JSONReader) throws(JSONSyntaxError) -> MetricHeader {
        reader.skipWhitespace()
        let start = reader.position
        var name: String?
        var type = MetricType.unspecified
        var object = try reader.enterObject()
        while let member = try reader.nextMember(&object) {
            if reader.matches(member, "name") {
                name = try readText(&reader, "the name of an entry of metricHeaders")
            } else if reader.matches(member, "type") {
                reader.skipWhitespace()
                let offset = reader.position
                let text = try readText(&reader, "the type of an entry of metricHeaders")
                guard let known = MetricType(rawValue: text) else {
                    throw JSONSyntaxError(message: "unknown metric type \(text)", offset: offset)
                }
                type = known
            } else {
                try reader.skipValue()
            }
        }
        guard let name else { throw JSONSyntaxError(message: "an entry of metricHeaders has no name", offset: start) }
        return MetricHeader(name: name, type: type)
    }

    private static func decodeMetadata(_ reader: inout JSONReader) throws(JSONSyntaxError) -> ResponseMetadata {
        var metadata = ResponseMetadata()
        if try reader.readNullIfPresent() { return metadata }
        var object = try reader.enterObject()
        while let name = try reader.nextMember(&object) {
            // Null members (seen from proxies) mean "not set".
            if try reader.readNullIfPresent() { continue }
            if reader.matches(name, "dataLossFromOtherRow") {
                metadata.dataLossFromOtherRow = try readFlag(&reader, "metadata.dataLossFromOtherRow")
            } else if reader.matches(name, "subjectToThresholding") {
                metadata.subjectToThresholding = try readFlag(&reader, "metadata.subjectToThresholding")
            } else if reader.matches(name, "currencyCode") {
                metadata.currencyCode = try readText(&reader, "metadata.currencyCode")
            } else if reader.matches(name, "timeZone") {
                metadata.timeZone = try readText(&reader, "metadata.timeZone")
            } else if reader.matches(name, "emptyReason") {
                metadata.emptyReason = try readText(&reader, "metadata.emptyReason")
            } else if reader.matches(name, "samplingMetadatas") {
                metadata.samplingMetadatas = try decodeArray(&reader, decodeSamplingMetadata)
            } else if reader.matches(name, "schemaRestrictionResponse") {
                metadata.restrictedMetrics = try decodeRestrictedMetrics(&reader)
            } else {
                try reader.skipValue()
            }
        }
        return metadata
    }

    private static func decodeSamplingMetadata(_ reader: inout JSONReader) throws(JSONSyntaxError) -> SamplingMetadata {
        var sampling = SamplingMetadata(samplesReadCount: 0, samplingSpaceSize: 0)
        var object = try reader.enterObject()
        while let name = try reader.nextMember(&object) {
            if reader.matches(name, "samplesReadCount") {
                sampling.samplesReadCount = try readInteger(&reader, "metadata.samplingMetadatas.samplesReadCount")
            } else if reader.matches(name, "samplingSpaceSize") {
                sampling.samplingSpaceSize = try readInteger(&reader, "metadata.samplingMetadatas.samplingSpaceSize")
            } else {
                try reader.skipValue()
            }
        }
        return sampling
    }

    private static func decodeRestrictedMetrics(_ reader: inout JSONReader) throws(JSONSyntaxError) -> [String] {
        var names: [String] = []
        var object = try reader.enterObject()
        while let name = try reader.nextMember(&object) {
            guard reader.matches(name, "activeMetricRestrictions") else {
                try reader.skipValue()
                continue
            }
            let restrictions = try decodeArray(&reader) { (reader: inout JSONReader) throws(JSONSyntaxError) -> String? in
                var metricName: String?
                var restriction = try reader.enterObject()
                while let field = try reader.nextMember(&restriction) {
                    if reader.matches(field, "metricName") {
                        metricName = try readText(&reader, "metadata.schemaRestrictionResponse.activeMetricRestrictions.metricName")
                    } else {
                        try reader.skipValue()
                    }
                }
                return metricName
            }
            names += restrictions.compactMap { $0 }
        }
        return names
    }

    private static func decodePropertyQuota(_ reader: inout JSONReader) throws(JSONSyntaxError) -> PropertyQuota? {
        if try reader.readNullIfPresent() { return nil }
        var quota = PropertyQuota()
        var object = try reader.enterObject()
        while let name = try reader.nextMember(&object) {
            // Buckets the module does not know yet are skipped; a null bucket is an absent one.
            guard let bucket = PropertyQuota.Bucket(rawValue: reader.string(name)) else {
                try reader.skipValue()
                continue
            }
            if try reader.readNullIfPresent() { continue }
            var status = QuotaStatus(consumed: 0, remaining: 0)
            var fields = try reader.enterObject()
            while let field = try reader.nextMember(&fields) {
                if reader.matches(field, "consumed") {
                    status.consumed = try readInteger(&reader, "propertyQuota.\(bucket.rawValue).consumed")
                } else if reader.matches(field, "remaining") {
                    status.remaining = try readInteger(&reader, "propertyQuota.\(bucket.rawValue).remaining")
                } else {
                    try reader.skipValue()
                }
            }
            quota[bucket] = status
        }
        return quota
    }

    // MARK: scalars

    /// A string the decoder keeps; `field` names it in the error when the value is something else.
    private static func readText(_ reader: inout JSONReader, _ field: @autoclosure () -> String) throws(JSONSyntaxError) -> String {
        guard reader.peekKind() == .string else { throw reader.fail("\(field()): expected a string") }
        return try validText(try reader.readString(), reader)
    }

    /// The text of a string token, which must be valid UTF-8.
    fileprivate static func validText(_ token: JSONStringToken, _ reader: JSONReader) throws(JSONSyntaxError) -> String {
        guard let text = reader.validatedString(token) else {
            throw JSONSyntaxError(message: "string is not valid UTF-8", offset: token.start)
        }
        return text
    }

    private static func readFlag(_ reader: inout JSONReader, _ field: @autoclosure () -> String) throws(JSONSyntaxError) -> Bool {
        guard reader.peekKind() == .bool else { throw reader.fail("\(field()): expected true or false") }
        return try reader.readBool()
    }

    /// An int64 written as a JSON number or, as proto3 JSON writes int64 fields, as a string holding one.
    private static func readInteger(_ reader: inout JSONReader, _ field: @autoclosure () -> String) throws(JSONSyntaxError) -> Int64 {
        switch reader.peekKind() {
        case .string?:
            let token = try reader.readString()
            guard !token.hasEscapes, let value = DecimalText.int64(reader.bytes, token.contentRange) else {
                throw JSONSyntaxError(message: "\(field()): expected an integer in quotes", offset: token.start)
            }
            return value
        case .number?:
            let range = try reader.readNumber()
            guard let value = reader.int64(range) else {
                throw JSONSyntaxError(message: "\(field()): expected an integer", offset: range.lowerBound)
            }
            return value
        default:
            throw reader.fail("\(field()): expected an integer")
        }
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
    mutating func appendDimension(_ index: Int, _ token: JSONStringToken?, _ reader: JSONReader) throws(JSONSyntaxError) {
        guard let token else {
            dimensions[index].append("")
            return
        }
        let content = token.contentRange
        if let last = previous[index], !token.hasEscapes, last.range.count == content.count,
            memcmp(reader.bytes.baseAddress! + last.range.lowerBound, reader.bytes.baseAddress! + content.lowerBound,
                content.count) == 0
        {
            dimensions[index].append(last.value)
            return
        }
        let value = try RunReportResponseDecoder.validText(token, reader)
        previous[index] = token.hasEscapes ? nil : (content, value)
        dimensions[index].append(value)
    }

    /// Parses a metric value (a string holding a number, as the API sends every metric) into its column.
    @inline(__always)
    mutating func appendMetric(
        _ index: Int, _ token: JSONStringToken, _ reader: JSONReader, failure: (String) -> JSONSyntaxError
    ) throws(JSONSyntaxError) {
        let slot = slots[index]
        let content = token.contentRange
        guard !token.hasEscapes else { throw failure("a number must not contain escapes") }
        if slot.isInteger {
            if let value = DecimalText.int64(reader.bytes, content) {
                integers[slot.index].append(value)
                return
            }
            // Integer metrics now and then arrive written as decimals ("12.0"); accept them only when exact.
            if let value = DecimalText.double(reader.bytes, content), value.rounded() == value,
                abs(value) < 9.007_199_254_740_992e15
            {
                integers[slot.index].append(Int64(value))
                return
            }
            throw failure("\"\(Self.excerpt(content, reader))\" is not an integer")
        }
        guard let value = DecimalText.double(reader.bytes, content) else {
            throw failure("\"\(Self.excerpt(content, reader))\" is not a number")
        }
        doubles[slot.index].append(value)
    }

    private static func excerpt(_ content: Range<Int>, _ reader: JSONReader) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: reader.bytes[content.prefix(40)]), as: UTF8.self)
    }

    func finish() -> ReportRows {
        let metrics = slots.map { slot in
            slot.isInteger ? MetricColumn.integer(integers[slot.index]) : MetricColumn.double(doubles[slot.index])
        }
        return ReportRows(dimensions: dimensions, metrics: metrics, count: count)
    }
}
