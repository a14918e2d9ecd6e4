import CHeapTuning

/// Keeps memory the function frees inside the process, for the next invocation to reuse.
///
/// By default glibc serves large allocations (a 6 MB event, a Parquet file in memory) with fresh `mmap`s and
/// hands freed heap tops back to the kernel, so every warm invocation faults the same pages in again and the
/// kernel zeroes each one: measured on a 10,000-record Kinesis batch, page faults were the largest single
/// cost after decoding. An execution environment's memory is reserved for it whatever it uses, so keeping
/// the pages costs nothing there. musl (the Static Linux SDK) has no such settings and is left as it is.
enum HeapRetention {
    @discardableResult
    static func keepFreedMemory() -> Bool {
        cheaptuning_keep_freed_memory() == 1
    }
}
