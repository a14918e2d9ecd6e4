import AWS
import Crypto

/// Registers partitions with one `ALTER TABLE … ADD IF NOT EXISTS PARTITION … LOCATION …` statement per table,
/// followed to a terminal state. Costs an Athena DDL query (free of data scanned), needs no Glue write rights
/// beyond what Athena uses.
struct AthenaPartitionRegistrar: PartitionRegistrar {
    let athena: AthenaClient
    /// Validated identifier (see `GlueIdentifier`).
    let database: String
    let bucket: String
    let context: AthenaQueryContext
    let polling: PollingPolicy

    func register(_ partitions: [TablePartition], of table: PartitionedTable) async throws(AWSError) {
        let statement = Self.statement(partitions, of: table, database: database, bucket: bucket)
        // The same statement gets the same token, so a retried invocation joins the query already started.
        let token = SHA256.hash(data: Array(statement.utf8)).map { String(format2: $0) }.joined()
        let id = try await athena.startQueryExecution(statement, context: context, clientRequestToken: token)
        _ = try await athena.waitForQuery(id, polling: polling)
    }

    /// The DDL, built only from configuration (database, table, bucket, prefix) and validated partition values.
    static func statement(_ partitions: [TablePartition], of table: PartitionedTable, database: String, bucket: String) -> String {
        var text = "ALTER TABLE `\(database)`.`\(table.name)` ADD IF NOT EXISTS"
        for partition in partitions {
            let specification = zip(partition.names, partition.values).map { "\($0) = '\($1)'" }.joined(separator: ", ")
            text += "\n  PARTITION (\(specification)) LOCATION '\(partition.location(bucket: bucket, table: table))'"
        }
        return text
    }
}

extension String {
    /// Two lower-case hex digits.
    fileprivate init(format2 byte: UInt8) {
        let digits = Array("0123456789abcdef")
        self = String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
    }
}
