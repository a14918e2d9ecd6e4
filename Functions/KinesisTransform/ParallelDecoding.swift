import Dispatch

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Runs a per-record transformation over a batch on every core the function has, keeping the batch's order.
///
/// Decoding a record does not depend on any other, and a 10,000-record batch is the largest single piece of
/// CPU work in an invocation; Lambda gives functions of 1,769 MB and more two or more vCPUs. Small batches
/// stay on the calling thread, where starting workers would cost more than it saves.
enum ParallelDecoding {
    /// Below this many records a batch is decoded on one thread.
    static let minimumParallelCount = 2_048

    static func map<Output: Sendable>(
        count: Int, threads: Int = ProcessInfo.processInfo.activeProcessorCount, _ transform: @Sendable (Int) -> Output
    ) -> [Output] {
        guard threads > 1, count >= minimumParallelCount else { return (0..<count).map(transform) }
        // A few slices per thread evens out records of different cost (gzip, rejections).
        let slices = min(count, threads * 4)
        return [Output](unsafeUninitializedCapacity: count) { buffer, initialized in
            // Each slice writes only its own disjoint range of the buffer.
            nonisolated(unsafe) let output = buffer
            DispatchQueue.concurrentPerform(iterations: slices) { slice in
                let range = (count * slice / slices)..<(count * (slice + 1) / slices)
                for index in range { (output.baseAddress! + index).initialize(to: transform(index)) }
            }
            initialized = count
        }
    }
}
