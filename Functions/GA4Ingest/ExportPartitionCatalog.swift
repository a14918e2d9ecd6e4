import AWS
import GA4
import LambdaRuntime

/// Points an export table's partition (property_id, dt) at a run's prefix: created when new, moved (UpdatePartition)
/// when the day was written before. Called only after the run's row total matched the table's, so Athena sees
/// either the previous complete run or the new complete one, never a half-written or doubled day.
///
/// Registration rather than partition projection: a projection computes the location from a template and cannot
/// follow a run prefix that changes with the table's `lastModifiedTime`.
struct ExportPartitionCatalog: Sendable {
    let glue: GlueClient
    let database: String

    enum Outcome: String, Encodable, Sendable {
        case created
        case moved
        case noTable
    }

    func point(table name: String, property: PropertyID, date: CivilDate, location: String, logger: Logger) async throws -> Outcome {
        let table: GlueTable
        do {
            table = try await glue.getTable(database: database, name: name)
        } catch {
            guard error.isNotFound else {
                throw GA4IngestError(.catalog, "cannot read the Glue table \(database).\(name): \(error.description)")
            }
            logger.warn("the export table is not in the GA4 Glue database; its files are written but not registered", [
                "table": .string(name), "database": .string(database),
            ])
            return .noTable
        }
        let values = [property.number, date.isoString]
        let partition = table.partition(values: values, location: location)
        do {
            let result = try await glue.batchCreatePartition(database: database, table: name, partitions: [partition])
            if !result.created.isEmpty { return .created }
            try await glue.updatePartition(database: database, table: name, values: values, partition: partition)
            return .moved
        } catch {
            throw GA4IngestError(
                .catalog, "cannot point partition (\(values.joined(separator: ", "))) of \(database).\(name) at \(location): \(error.description)")
        }
    }
}
