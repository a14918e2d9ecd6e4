import GA4

/// The Redshift DDL for a registration: the schema and one table per object, `IF NOT EXISTS` so running it again
/// changes nothing. Built only from `RedshiftIdentifier`s (validated, then quoted) and the fixed type map below;
/// no text from the event reaches a statement any other way.
struct RedshiftTableDDL: Sendable, Equatable {
    struct Column: Sendable, Equatable {
        var name: RedshiftIdentifier
        /// The GA4 field it holds.
        var field: String
        var type: String
    }

    struct Table: Sendable, Equatable {
        var name: RedshiftIdentifier
        var columns: [Column]
    }

    let schema: RedshiftIdentifier
    let tables: [Table]

    init(schema: RedshiftIdentifier, objects: [RegisterDataFlowRequest.FlowObject]) {
        self.schema = schema
        tables = objects.map { object in
            Table(name: object.table, columns: object.fields.map { field in
                // The validator refused every field whose column name is not an identifier.
                Column(name: RedshiftIdentifier(ColumnNaming.columnName(field))!, field: field,
                       type: Self.columnType(field: field, dimensionLength: object.dimensionLength))
            })
        }
    }

    /// GA4 field → Redshift type: `date` is a DATE, other dimensions VARCHAR of the stated length, integer metrics
    /// BIGINT, currency DECIMAL(20,4), every other metric DOUBLE PRECISION.
    static func columnType(field: String, dimensionLength: Int) -> String {
        if field == "date" { return "DATE" }
        guard let metric = DataAPIFieldCatalog.metricType(field) else { return "VARCHAR(\(dimensionLength))" }
        switch metric {
        case .integer: return "BIGINT"
        case .currency: return "DECIMAL(20,4)"
        default: return "DOUBLE PRECISION"
        }
    }

    /// `CREATE SCHEMA IF NOT EXISTS` and one `CREATE TABLE IF NOT EXISTS` per table, for one batch (one transaction).
    var statements: [String] {
        ["CREATE SCHEMA IF NOT EXISTS \(schema.quoted)"] + tables.map { table in
            let columns = table.columns.map { "\($0.name.quoted) \($0.type)" }.joined(separator: ", ")
            return "CREATE TABLE IF NOT EXISTS \(schema.quoted).\(table.name.quoted) (\(columns))"
        }
    }
}
