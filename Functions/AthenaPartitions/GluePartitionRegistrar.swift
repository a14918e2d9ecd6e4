import AWS

/// Registers partitions with Glue `BatchCreatePartition`: no query, no cost; partitions that already exist
/// count as registered. Each partition gets the table's storage descriptor with its own location, so readers
/// see the table's columns and SerDe.
struct GluePartitionRegistrar: PartitionRegistrar {
    let glue: GlueClient
    let database: String
    let bucket: String

    func register(_ partitions: [TablePartition], of table: PartitionedTable) async throws(AWSError) {
        let definition = try await glue.getTable(database: database, name: table.name)
        let inputs = partitions.map { partition in
            definition.partition(values: partition.values, location: partition.location(bucket: bucket, table: table))
        }
        _ = try await glue.batchCreatePartition(database: database, table: table.name, partitions: inputs)
    }
}
