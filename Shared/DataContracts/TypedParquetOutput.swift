import DelimitedText
import Parquet

/// The rows of a text file that passed every row-level check, written as Snappy Parquet with the contract as the
/// schema, so Athena reads typed columns without a Glue job. Columns in the contract's property order:
///
/// | logicalType | Parquet |
/// |---|---|
/// | `integer` | INT64 |
/// | `number` | DOUBLE |
/// | `boolean` | BOOLEAN |
/// | `date` | DATE (text read with the property's `format`, else `yyyy-MM-dd`) |
/// | `timestamp` | TIMESTAMP(MILLIS, UTC) (offsets applied; no offset means UTC), Athena's unit |
/// | `string`, `time`, `object`, `array` | STRING (the text as read) |
///
/// Required properties (and primary-key parts) are REQUIRED columns, the rest OPTIONAL; a null (by the contract's
/// null markers) is a Parquet null. A row that failed any check is left out (the original file keeps it, and
/// the report counts it): the output holds only values that have the declared type.
public final class TypedParquetOutput {
    public let schema: ParquetSchema
    public private(set) var rowsWritten = 0
    public private(set) var rowsLeftOut = 0
    private let writer: ParquetWriter
    private let properties: [ContractProperty]
    private let dateFormats: [DateTimeFormat?]
    private var row: [ParquetValue?]

    public init(object: ContractObject, sink: any ParquetSink, options: ParquetWriterOptions = ParquetWriterOptions()) throws {
        properties = object.properties
        schema = try ParquetSchema(object.properties.map { property in
            ParquetColumn(property.name, Self.parquetType(property.logicalType), optional: !(property.required || property.primaryKeyPosition != nil))
        })
        dateFormats = object.properties.map { property in
            guard let format = property.options.format, [.date, .timestamp].contains(property.logicalType) else { return nil }
            return try? DateTimeFormat(format)
        }
        var options = options
        options.compression = .snappy
        writer = try ParquetWriter(schema: schema, options: options, sink: sink)
        row = Array(repeating: nil, count: object.properties.count)
    }

    static func parquetType(_ logical: LogicalType) -> ParquetType {
        switch logical {
        case .integer: .int64
        case .number: .double
        case .boolean: .boolean
        case .date: .date
        case .timestamp: .timestamp(.milliseconds)
        case .string, .time, .object, .array: .string
        }
    }

    /// Appends a record that passed every check; `validator` maps properties to its columns and decides nulls.
    func append(_ record: TextRecord, validator: ContractValidator) throws {
        for (index, property) in properties.enumerated() {
            guard let column = validator.columnIndex[index], !validator.isNull(index, record, column) else {
                row[index] = nil
                continue
            }
            row[index] = value(record.field(column), property.logicalType, dateFormats[index])
        }
        try writer.write(row: row)
        rowsWritten += 1
    }

    func leaveOut() { rowsLeftOut += 1 }

    /// Writes the footer; the sink then holds the whole file.
    @discardableResult
    public func close() throws -> ParquetFileSummary { try writer.close() }

    /// The cell as the column's type; nil (null) only when text that passed the type check still does not convert.
    private func value(_ cell: UnsafeBufferPointer<UInt8>, _ logical: LogicalType, _ format: DateTimeFormat?) -> ParquetValue? {
        switch logical {
        case .integer: return CellValue.integer(cell).map { .int64($0) }
        case .number: return CellValue.number(cell).map { .double($0.value) }
        case .boolean: return CellValue.boolean(cell).map { .boolean($0) }
        case .date:
            guard let day = (format ?? DateTimeFormat.isoDate).parse(cell)?.epochDay, let days = Int32(exactly: day) else { return nil }
            return .date(daysSinceEpoch: days)
        case .timestamp:
            guard let instant = DateTimeFormat.timestamp(cell, format: format) else { return nil }
            let micros = instant.epochMicroseconds
            return .timestamp(micros >= 0 ? micros / 1000 : (micros - 999) / 1000)
        case .string, .time, .object, .array:
            return .utf8(bytes: Array(cell))
        }
    }
}
