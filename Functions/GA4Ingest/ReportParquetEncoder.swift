import GA4
import Parquet

/// Turns one report partition (a typed table) into one Parquet file: dimensions as STRING (`date` also as
/// DATE), integer metrics as INT64, other metrics and derived ratios as DOUBLE, every column nullable.
/// The partition's caveats travel in the footer's key-value metadata too.
enum ReportParquetEncoder {
    /// The footer key holding the caveats document.
    static let caveatsKey = "ga4.caveats"

    static func schema(for table: ReportTable) throws -> ParquetSchema {
        try ParquetSchema(table.columns.map { column in
            ParquetColumn(column.name, parquetType(column.logicalType), optional: true)
        })
    }

    static func parquetType(_ type: LogicalType) -> ParquetType {
        switch type {
        case .string: return .string
        case .int64: return .int64
        case .double: return .double
        case .date: return .date
        }
    }

    static func values(_ column: ReportColumn) -> ParquetColumnValues {
        switch column.values {
        case .string(let values): return .strings(values)
        case .int64(let values): return .int64s(values)
        case .double(let values): return .doubles(values)
        case .date(let values): return .dates(values)
        }
    }

    /// The whole file in memory; a day of one report is at most a few hundred thousand rows.
    static func encode(_ table: ReportTable, caveatsJSON: String) throws -> [UInt8] {
        var options = ParquetWriterOptions(compression: .snappy)
        options.keyValueMetadata = [ParquetKeyValue(caveatsKey, caveatsJSON)]
        let sink = MemorySink()
        let writer = try ParquetWriter(schema: try schema(for: table), options: options, sink: sink)
        if table.rowCount > 0 {
            try writer.write(columns: table.columns.map(values))
        }
        try writer.close()
        return sink.bytes
    }
}
