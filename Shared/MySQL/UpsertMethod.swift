/// How `MySQLUpsertWriter` sends a batch.
public enum UpsertMethod: String, Sendable, Equatable, CaseIterable {
    /// One multi-row `INSERT ... VALUES (...), ... ON DUPLICATE KEY UPDATE` statement per batch. Works everywhere.
    case onDuplicateKeyUpdate = "odku"
    /// Per batch: `LOAD DATA LOCAL INFILE` of the rows (from memory) into a session temporary table, then
    /// `INSERT ... SELECT ... ON DUPLICATE KEY UPDATE` from it. Faster where the server allows LOCAL INFILE; falls back
    /// to `onDuplicateKeyUpdate` where it does not (see `StagedUpsert`).
    case staged = "staged"
}
