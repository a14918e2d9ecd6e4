/// How `ParquetWriter.write(columns:)` cuts a batch into slices. After each slice the writer looks at the row
/// group (its buffered bytes, a string dictionary that overflowed) and may close it, so the slices decide where
/// row groups end; the columns of a slice are encoded side by side, so every slice boundary is also a hand-over
/// between threads.
///
/// Long slices keep the threads busy; short ones keep the row group's memory and a dictionary page close to
/// their limits. So a slice is long while the row group is far from its byte limit and every string dictionary
/// far from its own, and shrinks to `minimumRows` as either comes near. The length depends only on the
/// writer's own state, never on timing or the number of threads, so the file is the same with any number.
enum BatchSlicing {
    static let minimumRows = 4096
    static let maximumRows = 1 << 16

    /// Rows for the next slice of a row group that holds `rowsInGroup` rows and `bufferedBytes` bytes.
    /// `columnRows` is the smallest of the columns' own estimates (`ColumnWriter.rowsBeforeDictionaryLimit`).
    static func rows(rowsInGroup: Int, bufferedBytes: Int, rowGroupByteLimit: Int, columnRows: Int) -> Int {
        // With nothing buffered yet there is no measure of a row's size.
        guard rowsInGroup > 0 else { return minimumRows }
        let bytesPerRow = max(1, bufferedBytes / rowsInGroup)
        // A quarter of what is left, at the row group's average bytes per row so far.
        let byteRows = max(0, rowGroupByteLimit - bufferedBytes) / (4 * bytesPerRow)
        return min(maximumRows, max(minimumRows, min(byteRows, columnRows)))
    }
}
