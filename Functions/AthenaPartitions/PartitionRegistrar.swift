import AWS

/// Adds partitions to a catalog table. Registering a partition that already exists is not an error.
protocol PartitionRegistrar: Sendable {
    /// Registers all of `partitions` (at least one) of `table`; throws with the service's reason on failure.
    func register(_ partitions: [TablePartition], of table: PartitionedTable) async throws(AWSError)
}
