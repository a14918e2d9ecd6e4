/// The bytes a streaming read holds across its columns (compressed windows, decompressed pages, decoded levels
/// and values, dictionaries), with the most it held at once. A column that would take the total over `limit`
/// is refused with `limitExceeded` naming it, so memory stays bounded whatever the file's row-group size.
public final class ParquetReadBudget {
    public let limit: Int
    public private(set) var held = 0
    /// The most held at any one time.
    public private(set) var peak = 0

    public init(limit: Int) { self.limit = limit }

    /// A column's (or a consumer's buffer's) holding changed from `old` to `new` bytes.
    public func change(from old: Int, to new: Int, column: String) throws(ParquetError) {
        let total = held - old + new
        guard total <= limit || new <= old else {
            throw .unreadable(.limitExceeded, "the columns read together would hold \(total) bytes (this one \(new)), over maximumBufferedBytes (\(limit))", column: column)
        }
        held = total
        peak = max(peak, total)
    }

    /// A column is done with what it held.
    func release(_ bytes: Int) { held -= bytes }
}
