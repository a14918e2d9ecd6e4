import Dispatch
import Synchronization

/// Runs one step of work on every column of a row group (encode a slice of rows, close the chunk), spread over
/// a fixed number of threads ("lanes"). The columns of a row group are independent, so the work can run in any
/// order; what the file holds is decided afterwards, by the writer, in schema order, so the bytes are the same
/// as with one lane.
///
/// Why this is safe although the column writers are plain (non-Sendable) classes:
/// - each column index is claimed exactly once per step through an atomic counter, so a column writer is
///   touched by one lane at a time and never by two;
/// - each lane has its own `PageCompressor` (the compressors keep scratch state), which it lends to the
///   columns it claims for the length of the step;
/// - the caller touches the writers only before `run` starts and after it returns, and
///   `concurrentPerform` returns only after every lane's work is done, which orders their writes before it.
/// The unchecked part is confined to this file: `LaneShare` carries the step across the threads.
final class ColumnLanes {
    /// Lanes (threads) used, 1 or more; 1 runs every step on the caller's thread in schema order.
    let count: Int
    private let compressors: [PageCompressor]

    init(count: Int, codec: ParquetCompression) {
        self.count = max(1, count)
        compressors = (0..<self.count).map { _ in PageCompressor(codec: codec) }
    }

    /// The compressor the columns use when they are worked on outside `run` (single rows).
    var callerCompressor: PageCompressor { compressors[0] }

    /// Runs `step(column)` once for every index of `writers`. When some fail, throws the error of the
    /// lowest-numbered failing column, which is the one a serial run would have stopped at.
    ///
    /// `step` is escaping only so that its context lives on the heap, with the atomic reference counting that
    /// sharing it between threads needs; it is not kept past the call.
    func run(_ writers: [ColumnWriter], _ step: @escaping (Int) throws(ParquetError) -> Void) throws(ParquetError) {
        let lanes = min(count, writers.count)
        if lanes <= 1 {
            for index in writers.indices {
                writers[index].compressor = compressors[0]
                try step(index)
            }
            return
        }
        let failures = UnsafeMutableBufferPointer<ParquetError?>.allocate(capacity: writers.count)
        failures.initialize(repeating: nil)
        defer {
            _ = failures.deinitialize()
            failures.deallocate()
        }
        let nextColumn = Atomic<Int>(0)
        let shared = LaneShare(writers: writers, compressors: compressors, step: step, failures: failures)
        DispatchQueue.concurrentPerform(iterations: lanes) { lane in
            while true {
                let index = nextColumn.wrappingAdd(1, ordering: .relaxed).oldValue
                guard index < shared.writers.count else { break }
                shared.writers[index].compressor = shared.compressors[lane]
                do throws(ParquetError) { try shared.step(index) } catch { shared.failures[index] = error }
            }
        }
        if let failure = failures.first(where: { $0 != nil }) { throw failure! }
    }
}

/// What `ColumnLanes.run` shares with its lanes; see there for why the sharing is safe.
private struct LaneShare: @unchecked Sendable {
    let writers: [ColumnWriter]
    let compressors: [PageCompressor]
    let step: (Int) throws(ParquetError) -> Void
    /// Slot `i` is written only by the lane that claimed column `i`.
    let failures: UnsafeMutableBufferPointer<ParquetError?>
}
