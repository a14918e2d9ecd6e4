import Foundation
import Parquet

/// A Parquet file written by the module plus what it is meant to contain, for the reader matrix.
/// Values are kept as text so the manifest carries them exactly: integers and decimals in decimal, doubles as
/// their IEEE bit pattern, strings as themselves.
struct ParquetCorpusCase {
    struct Manifest: Encodable {
        struct Column: Encodable {
            let name: String
            let type: String
            let optional: Bool
            let dictionary: Bool
            let precision: Int?
            let scale: Int?
        }

        var file: String
        var codec: String
        var createdBy: String
        var keyValue: [String: String]
        var columns: [Column]
        var values: [String: [String?]]
        /// Per column, the exact set of encodings the footer must list, when the case pins it down.
        var encodings: [String: [String]]
        /// Per column, whether the chunk must hold a dictionary page ("always"), none ("never"), or either.
        var dictionaryPage: [String: String]
        var rowGroupRows: [Int]?
    }

    var name: String
    var schema: ParquetSchema
    var options: ParquetWriterOptions
    /// Column-major values; nil is null.
    var columns: [[ParquetValue?]]
    var expectedEncodings: [String: [String]] = [:]
    var expectedDictionaryPage: [String: String] = [:]
    var expectedRowGroupRows: [Int]?

    var rowCount: Int { columns.first?.count ?? 0 }

    /// Writes the file (rows one by one, or column batches when `batched`) and its manifest into `directory`.
    func write(to directory: URL, batched: Bool) throws {
        let path = directory.appendingPathComponent("\(name).parquet").path
        let sink = try FileOutputSink(path: path)
        let writer = try ParquetWriter(schema: schema, options: options, sink: sink)
        if batched {
            var start = 0
            while start < rowCount {
                let end = min(rowCount, start + 777)
                try writer.write(columns: zip(schema.columns, columns).map { Self.batch($1[start..<end], type: $0.type) })
                start = end
            }
        } else {
            for row in 0..<rowCount { try writer.write(row: columns.map { $0[row] }) }
        }
        try writer.close()
        try sink.close()

        let manifest = Manifest(
            file: "\(name).parquet", codec: Self.codecName(options.compression), createdBy: options.createdBy,
            keyValue: Dictionary(uniqueKeysWithValues: options.keyValueMetadata.map { ($0.key, $0.value) }),
            columns: schema.columns.map { column in
                var precision: Int?
                var scale: Int?
                if case .decimal(let p, let s) = column.type { precision = p; scale = s }
                return .init(name: column.name, type: Self.typeName(column.type), optional: column.isOptional,
                             dictionary: column.encoding == .dictionary, precision: precision, scale: scale)
            },
            values: Dictionary(uniqueKeysWithValues: zip(schema.columns, columns).map { ($0.name, $1.map(Self.text)) }),
            encodings: expectedEncodings, dictionaryPage: expectedDictionaryPage, rowGroupRows: expectedRowGroupRows)
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        try encoder.encode(manifest).write(to: directory.appendingPathComponent("\(name).json"))
    }

    static func codecName(_ codec: ParquetCompression) -> String {
        switch codec {
        case .uncompressed: "UNCOMPRESSED"
        case .snappy: "SNAPPY"
        case .gzip: "GZIP"
        case .zstd: "ZSTD"
        }
    }

    static func typeName(_ type: ParquetType) -> String {
        switch type {
        case .string: "string"
        case .boolean: "boolean"
        case .int32: "int32"
        case .int64: "int64"
        case .double: "double"
        case .date: "date"
        case .timestamp(.milliseconds): "timestamp_ms"
        case .timestamp(.microseconds): "timestamp_us"
        case .decimal: "decimal"
        }
    }

    static func text(_ value: ParquetValue?) -> String? {
        switch value {
        case nil: nil
        case .string(let text): text
        case .utf8(let bytes): String(decoding: bytes, as: UTF8.self)
        case .boolean(let flag): flag ? "true" : "false"
        case .int32(let number), .date(let number): String(number)
        case .int64(let number), .timestamp(let number): String(number)
        case .double(let number): String(number.bitPattern)
        case .decimal(let unscaled): String(unscaled)
        }
    }

    static func batch(_ values: ArraySlice<ParquetValue?>, type: ParquetType) -> ParquetColumnValues {
        switch type {
        case .string:
            // Alternate the two text inputs so both paths are read back.
            if values.startIndex % 2 == 0 {
                return .strings(values.map { if case .string(let text) = $0 { text } else { nil } })
            }
            return .utf8(values.map { if case .string(let text) = $0 { Array(text.utf8) } else { nil } })
        case .boolean: return .booleans(values.map { if case .boolean(let flag) = $0 { flag } else { nil } })
        case .int32: return .int32s(values.map { if case .int32(let number) = $0 { number } else { nil } })
        case .int64: return .int64s(values.map { if case .int64(let number) = $0 { number } else { nil } })
        case .double: return .doubles(values.map { if case .double(let number) = $0 { number } else { nil } })
        case .date: return .dates(values.map { if case .date(let days) = $0 { days } else { nil } })
        case .timestamp: return .timestamps(values.map { if case .timestamp(let time) = $0 { time } else { nil } })
        case .decimal: return .decimals(values.map { if case .decimal(let unscaled) = $0 { unscaled } else { nil } })
        }
    }
}
