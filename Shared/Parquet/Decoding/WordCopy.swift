/// Copies of short values without a call to memmove, for the decoders' hot loops.
enum WordCopy {
    /// Copies 16 bytes as two unaligned words. The caller has checked that 16 bytes are readable at `source`
    /// and writable at `target`; bytes past the value's length are overwritten by whatever comes next.
    @inline(__always)
    static func sixteen(from source: UnsafeRawPointer, to target: UnsafeMutableRawPointer) {
        target.storeBytes(of: source.loadUnaligned(as: UInt64.self), as: UInt64.self)
        (target + 8).storeBytes(of: (source + 8).loadUnaligned(as: UInt64.self), as: UInt64.self)
    }
}
