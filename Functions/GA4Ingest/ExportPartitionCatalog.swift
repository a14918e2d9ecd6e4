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

    /// A table the function creates when it is missing, in the shape of another: the intraday table is the daily
    /// events table's definition over the intraday prefix, so its columns are written out once, in the template.
    struct SameShape: Sendable {
        let table: String
        let location: String
        let description: String
    }

    func point(
        table name: String, property: PropertyID, date: CivilDate, location: String, creatingLike sameShape: SameShape? = nil,
        logger: Logger
    ) async throws -> Outcome {
        let table: GlueTable
        do {
            table = try await glue.getTable(database: database, name: name)
        } catch {
            guard error.isNotFound else {
                throw GA4IngestError(.catalog, "cannot read the Glue table \(database).\(name): \(error.description)")
            }
            if let sameShape, let created = try await create(name, like: sameShape, logger: logger) {
                return try await point(created, property: property, date: date, location: location)
            }
            logger.warn("the export table is not in the GA4 Glue database; its files are written but not registered", [
                "table": .string(name), "database": .string(database),
            ])
            return .noTable
        }
        return try await point(table, property: property, date: date, location: location)
    }

    private func point(_ table: GlueTable, property: PropertyID, date: CivilDate, location: String) async throws -> Outcome {
        let name = table.Name
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

    /// Creates `name` in the shape of `sameShape.table`; nil (with a warning) when that table is missing too.
    private func create(_ name: String, like sameShape: SameShape, logger: Logger) async throws -> GlueTable? {
        do {
            let model = try await glue.getTable(database: database, name: sameShape.table)
            if try await glue.createTable(
                database: database, table: model.sameShape(named: name, location: sameShape.location, description: sameShape.description))
            {
                logger.info("export table created in the shape of another", [
                    "table": .string(name), "like": .string(sameShape.table), "database": .string(database),
                ])
            }
            return try await glue.getTable(database: database, name: name)
        } catch where error.isNotFound {
            logger.warn("neither the export table nor the one it is shaped like is in the GA4 Glue database; files are not registered", [
                "table": .string(name), "like": .string(sameShape.table), "database": .string(database),
            ])
            return nil
        } catch {
            throw GA4IngestError(.catalog, "cannot create the Glue table \(database).\(name) like \(sameShape.table): \(error.description)")
        }
    }

    /// Removes the day's partition of `name`, if registered.
    func remove(table name: String, property: PropertyID, date: CivilDate) async throws {
        do {
            try await glue.deletePartition(database: database, table: name, values: [property.number, date.isoString])
        } catch {
            throw GA4IngestError(
                .catalog, "cannot remove partition (\(property.number), \(date.isoString)) of \(database).\(name): \(error.description)")
        }
    }
}
