import AWS
import GA4
import LambdaRuntime

/// Registers each partition GA4Ingest writes in the Glue catalog as soon as its Parquet has landed, so Athena
/// sees a day the moment it exists, with no crawler and no `MSCK REPAIR TABLE`.
///
/// A report's table is the report's name in `GA4_GLUE_DATABASE`, partitioned by `property_id` and `dt`.
/// Registration copies the table's storage descriptor (columns, SerDe) and sets the partition's location; a
/// partition that exists already counts as registered, so re-runs and retries are harmless. A report without a
/// table (a custom report nobody made a table for) is logged once per run and skipped: its Parquet is still
/// written, and creating the table later followed by a backfill registers its partitions.
///
/// Why registration and not partition projection: property ids are unbounded and change without a stack
/// update; an `injected` projection would make every query name a property, and an `enum` one would have to
/// list every property in the template. Registration keeps the catalog exact for any property and day written.
struct ReportPartitionCatalog: Sendable {
    let glue: GlueClient
    let database: String

    /// What registering one partition did.
    enum Outcome: Equatable, Sendable {
        case created
        case alreadyRegistered
        case noTable
    }

    /// The tables looked up during one run (nil: the report has no table), so each is read once per run and
    /// a table created between runs is picked up by the next.
    struct Tables: Sendable {
        fileprivate var byReport: [String: GlueTable?] = [:]
    }

    func register(
        report: String, property: PropertyID, date: CivilDate, location: String, tables: inout Tables, logger: Logger
    ) async throws -> Outcome {
        let table: GlueTable
        if let known = tables.byReport[report] {
            guard let known else { return .noTable }
            table = known
        } else {
            do {
                table = try await glue.getTable(database: database, name: report)
                tables.byReport[report] = table
            } catch {
                guard error.isNotFound else {
                    throw GA4IngestError(.catalog, "cannot read the Glue table \(database).\(report): \(error.description)")
                }
                tables.byReport[report] = .some(nil)
                logger.warn("the report has no table in the GA4 Glue database; its partitions are written but not registered", [
                    "report": .string(report), "database": .string(database),
                ])
                return .noTable
            }
        }
        let values = [property.number, date.isoString]
        do {
            let result = try await glue.batchCreatePartition(
                database: database, table: report, partitions: [table.partition(values: values, location: location)])
            return result.created.isEmpty ? .alreadyRegistered : .created
        } catch {
            throw GA4IngestError(
                .catalog, "cannot register partition (\(values.joined(separator: ", "))) of \(database).\(report): \(error.description)")
        }
    }
}
