import Synchronization
import Testing

@testable import KinesisTransform

struct ParallelDecodingTests {
    @Test(arguments: [1, 2, 3, 8])
    func keepsTheOrderWhateverTheThreads(threads: Int) {
        for count in [0, 1, ParallelDecoding.minimumParallelCount - 1, ParallelDecoding.minimumParallelCount, 10_007] {
            let mapped = ParallelDecoding.map(count: count, threads: threads) { index in "r\(index)" }
            #expect(mapped == (0..<count).map { "r\($0)" }, "\(count) on \(threads) threads")
        }
    }

    @Test func everyIndexIsTransformedOnce() {
        let counter = Counter()
        let count = 5_000
        _ = ParallelDecoding.map(count: count, threads: 4) { index in counter.add(index) }
        #expect(counter.total == (0..<count).reduce(0, +))
        #expect(counter.calls == count)
    }
}

/// Counts calls from many threads.
final class Counter: Sendable {
    private let state = Mutex((total: 0, calls: 0))

    var total: Int { state.withLock { $0.total } }
    var calls: Int { state.withLock { $0.calls } }

    func add(_ value: Int) {
        state.withLock {
            $0.total += value
            $0.calls += 1
        }
    }
}
