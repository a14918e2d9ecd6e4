import MySQL
import Parquet

/// `UNLOAD ... FORMAT AS PARQUET` into rows, a page at a time with only the mapped columns fetched. Values
/// become the text MySQL reads for their logical type (decimals exact, dates and timestamps in ISO form, UTC);
/// a nested value (list, map, struct) rejects its row.
struct ParquetUnloadReader {
    /// The table's names for the file's columns; nil: every top-level column of the file, by its own name.
    let columns: [String]?

    func read(_ source: any ParquetByteSource, into consumer: some UnloadRowConsumer) throws -> UnloadReadStatistics {
        let reader: ParquetReader
        do {
            reader = try ParquetReader(source: source)
        } catch {
            throw UnloadInputError(position: 0, problem: "not a readable Parquet file: \(error)")
        }
        let fileColumns = reader.schema.root.children.map(\.name)
        var names: [String]
        if let columns {
            // Column names match the file's case-insensitively (Redshift writes lower case).
            names = []
            for column in columns {
                guard let match = fileColumns.first(where: { $0.lowercased() == column.lowercased() }) else {
                    throw UnloadInputError(position: 0, problem: "the Parquet file has no column \"\(column)\"; it has \(fileColumns.joined(separator: ", "))")
                }
                names.append(match)
            }
        } else {
            names = fileColumns
        }
        try consumer.begin(columns: columns ?? names)
        var statistics = UnloadReadStatistics(encoding: "parquet")
        var position = 0
        let projection = try reader.leafIndices(for: names)
        // Page by page: memory follows the pages and the mapped columns, not the row group.
        let budget = ParquetReadBudget(limit: reader.options.maximumBufferedBytes)
        for index in 0..<reader.rowGroupCount {
            let group = try reader.rowGroupPages(index, leaves: projection, budget: budget)
            while let row = try group.nextRow() {
                position += 1
                statistics.records += 1
                guard case .group(let fields) = row else { continue }
                var values: [UpsertValue] = []
                values.reserveCapacity(names.count)
                var problem: String?
                for name in names {
                    let value = fields.first { $0.name == name }?.value ?? .null
                    switch ParquetValueText.upsertValue(value) {
                    case .success(let converted): values.append(converted)
                    case .failure(let reason):
                        problem = problem ?? "column \(name): \(reason.message)"
                        values.append(.text(reason.shown))
                    }
                }
                if let problem {
                    try consumer.reject(position: position, reason: problem, fields: values)
                } else {
                    try consumer.row(values, position: position)
                }
            }
        }
        return statistics
    }
}
