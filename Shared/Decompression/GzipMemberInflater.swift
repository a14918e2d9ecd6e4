/// Inflates one gzip member at a time; the gzip decoder drives it across concatenated members. zlib's and
/// ISA-L's C shims share this step contract, so member boundaries, padding, trailing bytes and truncation are
/// handled once, in `GzipStreamDecoder`, whichever library inflates.
protocol GzipMemberInflater: AnyObject {
    /// Forgets the member just finished so the next bytes may start a new one.
    func reset()
    /// Inflates from `input` (advancing it and decrementing `remaining`) into `output`, setting `produced`.
    /// Returns 1 at the end of a member, 0 when more input or output room is needed, -1 on corrupt data with
    /// a message in `message`.
    func step(
        _ input: inout UnsafePointer<UInt8>?, _ remaining: inout Int, _ output: UnsafeMutablePointer<UInt8>?, _ capacity: Int,
        _ produced: inout Int, _ message: UnsafeMutablePointer<CChar>?, _ messageLength: Int) -> Int32
}
