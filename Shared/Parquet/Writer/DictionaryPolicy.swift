/// When a dictionary-encoded column chunk gives its dictionary up.
enum DictionaryPolicy {
    /// After this many values in dictionary mode with no page written yet, the writer checks how many were distinct.
    static let probeValueCount = 65_536

    /// A dictionary of nearly all-distinct values (ids, fine timestamps) only adds its own size, so the chunk
    /// goes PLAIN from the start instead.
    static func shouldAbandon(distinct: Int, values: Int) -> Bool {
        distinct * 20 >= values * 19
    }
}
