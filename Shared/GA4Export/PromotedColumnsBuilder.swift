import Avro
import Parquet

/// Fills the promoted columns (`PromotedColumn`) of each row from what the row's export columns just received.
final class PromotedColumnsBuilder {
    // The export columns the promoted ones are computed from; nil when the session lacks them.
    private let eventParams: ListColumnBuilder?
    private let parameterRecord: RecordColumnBuilder?
    private let parameterKeys: StringColumnBuilder?
    private let parameterValues: RecordColumnBuilder?
    private let stringValues: StringColumnBuilder?
    private let intValues: Int64ColumnBuilder?
    private let floatValues: DoubleColumnBuilder?
    private let doubleValues: DoubleColumnBuilder?
    private let eventDate: StringColumnBuilder?
    private let streamID: StringColumnBuilder?
    private let userPseudoID: StringColumnBuilder?
    private let eventName: StringColumnBuilder?
    private let eventTimestamp: Int64ColumnBuilder?

    /// The parameter keys looked for, in `PromotedColumn.allCases` order (the computed columns have none).
    private let lookups: [(key: [UInt8], column: PromotedColumn)]
    /// Per lookup, the element slot of the key's first occurrence in the current row (-1: absent).
    private var found: [Int]
    private var sessionIDs: [Int64?] = []
    private var sessionNumbers: [Int64?] = []
    private var engagementTimes: [Int64?] = []
    /// page_location, page_referrer, page_title, source, medium, campaign.
    private let stringColumns: [PromotedColumn: StringColumnBuilder]
    private var sessionEngaged: [Int32?] = []
    private var eventTimestamps: [Int64?] = []
    private let eventKeys = StringColumnBuilder(source: AvroSource(nullIndex: nil, path: PromotedColumn.eventKey.rawValue))
    private var keyEncoder = EventKeyEncoder()
    private var keyBytes: [UInt8] = []
    private(set) var rowCount = 0

    init(root: RecordColumnBuilder) {
        eventParams = root.child(named: "event_params") as? ListColumnBuilder
        parameterRecord = eventParams?.element as? RecordColumnBuilder
        parameterKeys = parameterRecord?.child(named: "key") as? StringColumnBuilder
        parameterValues = parameterRecord?.child(named: "value") as? RecordColumnBuilder
        stringValues = parameterValues?.child(named: "string_value") as? StringColumnBuilder
        intValues = parameterValues?.child(named: "int_value") as? Int64ColumnBuilder
        floatValues = parameterValues?.child(named: "float_value") as? DoubleColumnBuilder
        doubleValues = parameterValues?.child(named: "double_value") as? DoubleColumnBuilder
        eventDate = root.child(named: "event_date") as? StringColumnBuilder
        streamID = root.child(named: "stream_id") as? StringColumnBuilder
        userPseudoID = root.child(named: "user_pseudo_id") as? StringColumnBuilder
        eventName = root.child(named: "event_name") as? StringColumnBuilder
        eventTimestamp = root.child(named: "event_timestamp") as? Int64ColumnBuilder
        lookups = PromotedColumn.allCases.compactMap { column in column.parameterKey.map { (Array($0.utf8), column) } }
        found = Array(repeating: -1, count: lookups.count)
        var strings: [PromotedColumn: StringColumnBuilder] = [:]
        for column in [PromotedColumn.pageLocation, .pageReferrer, .pageTitle, .source, .medium, .campaign] {
            strings[column] = StringColumnBuilder(source: AvroSource(nullIndex: nil, path: column.rawValue))
        }
        stringColumns = strings
    }

    /// The element slot where `column`'s key first occurs in the current row.
    private func slot(_ column: PromotedColumn) -> Int? {
        let index = lookups.firstIndex { $0.column == column }!
        return found[index] >= 0 ? found[index] : nil
    }

    /// Computes row `row` (the last one decoded).
    func appendRow(_ row: Int) {
        for index in found.indices { found[index] = -1 }
        let elements = eventParams.map { $0.elements(at: row) } ?? 0..<0
        for element in elements {
            guard let key = parameterKeys?.value(at: element) else { continue }
            for index in lookups.indices where found[index] < 0 && key.count == lookups[index].key.count
                && key.elementsEqual(lookups[index].key) {
                found[index] = element
            }
        }
        let sessionID = slot(.gaSessionID).flatMap(intValue)
        sessionIDs.append(sessionID)
        sessionNumbers.append(slot(.gaSessionNumber).flatMap(intValue))
        engagementTimes.append(slot(.engagementTimeMsec).flatMap(intValue))
        for (column, builder) in stringColumns {
            if let element = slot(column), let text = stringValue(element) {
                text.withUnsafeBytes { builder.append($0) }
            } else {
                builder.appendNull()
            }
        }
        sessionEngaged.append(slot(.sessionEngaged).flatMap(engagedValue))
        let timestamp = eventTimestamp?.values[row]
        eventTimestamps.append(timestamp.map { $0 >= 0 ? $0 / 1000 : ($0 + 1) / 1000 - 1 })

        keyEncoder.begin()
        keyEncoder.string(eventDate?.value(at: row))
        keyEncoder.string(streamID?.value(at: row))
        keyEncoder.string(userPseudoID?.value(at: row))
        keyEncoder.int(sessionID)
        keyEncoder.string(eventName?.value(at: row))
        keyEncoder.int(timestamp)
        for element in elements {
            let value: (ArraySlice<UInt8>?, Int64?, Double?, Double?)?
            if let parameterValues, parameterValues.isPresent(at: element) {
                value = (stringValues?.value(at: element), intValues?.values[element], floatValues?.values[element],
                         doubleValues?.values[element])
            } else {
                value = nil
            }
            keyEncoder.parameter(key: parameterKeys?.value(at: element), value: value)
        }
        keyBytes.removeAll(keepingCapacity: true)
        keyEncoder.finish(into: &keyBytes)
        keyBytes.withUnsafeBytes { eventKeys.append($0) }
        rowCount += 1
    }

    /// The `event_key` of slot `row` of the current batch, as text.
    func eventKey(row: Int) -> String {
        eventKeys.value(at: row).map { String(decoding: $0, as: UTF8.self) } ?? ""
    }

    private func intValue(_ element: Int) -> Int64? {
        guard let parameterValues, parameterValues.isPresent(at: element) else { return nil }
        return intValues?.values[element] ?? nil
    }

    private func stringValue(_ element: Int) -> ArraySlice<UInt8>? {
        guard let parameterValues, parameterValues.isPresent(at: element) else { return nil }
        return stringValues?.value(at: element)
    }

    private func engagedValue(_ element: Int) -> Int32? {
        if let number = intValue(element) { return Int32(exactly: number) }
        switch stringValue(element).map(Array.init) {
        case [UInt8(ascii: "1")]?: return 1
        case [UInt8(ascii: "0")]?: return 0
        default: return nil
        }
    }

    func truncate(to rows: Int) {
        guard rows < rowCount else { return }
        sessionIDs.removeLast(rowCount - rows)
        sessionNumbers.removeLast(rowCount - rows)
        engagementTimes.removeLast(rowCount - rows)
        for builder in stringColumns.values { builder.truncate(to: rows) }
        sessionEngaged.removeLast(rowCount - rows)
        eventTimestamps.removeLast(rowCount - rows)
        eventKeys.truncate(to: rows)
        rowCount = rows
    }

    /// The promoted columns of the batch, in `PromotedColumn.allCases` order.
    func take() -> [ParquetNestedColumnValues] {
        defer {
            sessionIDs = []
            sessionNumbers = []
            engagementTimes = []
            sessionEngaged = []
            eventTimestamps = []
            rowCount = 0
        }
        return PromotedColumn.allCases.map { column in
            switch column {
            case .gaSessionID: return .primitive(.int64s(sessionIDs))
            case .gaSessionNumber: return .primitive(.int64s(sessionNumbers))
            case .engagementTimeMsec: return .primitive(.int64s(engagementTimes))
            case .pageLocation, .pageReferrer, .pageTitle, .source, .medium, .campaign:
                return stringColumns[column]!.take()
            case .sessionEngaged: return .primitive(.int32s(sessionEngaged))
            case .eventTimestamp: return .primitive(.timestamps(eventTimestamps))
            case .eventKey: return eventKeys.take()
            }
        }
    }
}
