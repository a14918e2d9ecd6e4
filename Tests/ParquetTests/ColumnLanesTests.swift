import Synchronization
import Testing
@testable import Parquet

@Suite struct ColumnLanesTests {
    private func writers(_ count: Int) throws -> [ColumnWriter] {
        let schema = try ParquetSchema((0..<count).map { ParquetColumn("c\($0)", .int64) })
        let compressor = PageCompressor(codec: .snappy)
        return schema.columns.map { ColumnSlot(column: $0, options: ParquetWriterOptions(), compressor: compressor).writer }
    }

    @Test(arguments: [1, 2, 3, 8])
    func everyColumnRunsExactlyOnce(lanes: Int) throws {
        let columns = try writers(11)
        let runs = RunCounts(columns: 11)
        let laneSet = ColumnLanes(count: lanes, codec: .snappy)
        for _ in 0..<50 {
            try laneSet.run(columns) { index in runs.counts.withLock { $0[index] += 1 } }
        }
        #expect(runs.counts.withLock { $0 } == Array(repeating: 50, count: 11))
    }

    private final class RunCounts: Sendable {
        let counts: Mutex<[Int]>
        init(columns: Int) { counts = Mutex(Array(repeating: 0, count: columns)) }
    }

    @Test(arguments: [1, 2, 4])
    func theLowestFailingColumnsErrorIsThrown(lanes: Int) throws {
        let columns = try writers(9)
        let laneSet = ColumnLanes(count: lanes, codec: .snappy)
        for _ in 0..<20 {
            #expect(throws: ParquetError.sinkFailed("column 3")) {
                try laneSet.run(columns) { (index) throws(ParquetError) in
                    if index == 3 || index == 7 || index == 8 { throw .sinkFailed("column \(index)") }
                }
            }
        }
    }

    @Test func eachLaneLendsItsOwnCompressor() throws {
        let columns = try writers(6)
        let laneSet = ColumnLanes(count: 3, codec: .snappy)
        let seen = UnsafeMutableBufferPointer<ObjectIdentifier?>.allocate(capacity: 6)
        seen.initialize(repeating: nil)
        defer { seen.deallocate() }
        try laneSet.run(columns) { index in seen[index] = ObjectIdentifier(columns[index].compressor) }
        // A compressor keeps scratch state: each column got one, and no more compressors exist than lanes.
        #expect(seen.allSatisfy { $0 != nil })
        #expect(Set(seen.compactMap { $0 }).count <= 3)
        #expect(laneSet.count == 3)
        #expect(ColumnLanes(count: 0, codec: .snappy).count == 1)
    }
}
