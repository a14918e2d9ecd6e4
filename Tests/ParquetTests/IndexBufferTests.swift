import Testing
@testable import Parquet

@Suite struct IndexBufferTests {
    @Test func keepsEveryIndexInOrderAcrossGrowth() {
        let buffer = IndexBuffer(capacity: 16)
        for index in 0..<10_000 { buffer.append(UInt32(index) &* 2_654_435_761) }
        #expect(buffer.count == 10_000)
        #expect(Array(buffer.values) == (0..<10_000).map { UInt32($0) &* 2_654_435_761 })
    }

    @Test func removeAllEmptiesAndStaysUsable() {
        let buffer = IndexBuffer()
        #expect(buffer.isEmpty)
        for index in 0..<3 { buffer.append(UInt32(index)) }
        buffer.removeAll()
        #expect(buffer.isEmpty)
        #expect(buffer.values.isEmpty)
        buffer.append(7)
        #expect(Array(buffer.values) == [7])
    }
}
