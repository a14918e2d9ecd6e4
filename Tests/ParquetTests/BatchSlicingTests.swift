import Testing
@testable import Parquet

@Suite struct BatchSlicingTests {
    @Test func anEmptyRowGroupStartsWithTheShortestSlice() {
        #expect(BatchSlicing.rows(rowsInGroup: 0, bufferedBytes: 0, rowGroupByteLimit: 128 << 20, columnRows: .max)
            == BatchSlicing.minimumRows)
    }

    @Test func farFromTheLimitsSlicesAreLongest() {
        // 100 bytes a row, 1 MB buffered of 128 MiB: a quarter of the rest is far more than the longest slice.
        #expect(BatchSlicing.rows(rowsInGroup: 10_000, bufferedBytes: 1_000_000, rowGroupByteLimit: 128 << 20, columnRows: .max)
            == BatchSlicing.maximumRows)
    }

    @Test func slicesShrinkAsTheRowGroupNearsItsByteLimit() {
        // 100 bytes a row and 4,000,000 bytes left: a quarter is 10,000 rows.
        #expect(BatchSlicing.rows(rowsInGroup: 100_000, bufferedBytes: 10_000_000, rowGroupByteLimit: 14_000_000, columnRows: .max)
            == 10_000)
        // Past the limit (a row group about to close) and close to it: the shortest slice.
        #expect(BatchSlicing.rows(rowsInGroup: 100_000, bufferedBytes: 13_999_000, rowGroupByteLimit: 14_000_000, columnRows: .max)
            == BatchSlicing.minimumRows)
        #expect(BatchSlicing.rows(rowsInGroup: 100_000, bufferedBytes: 15_000_000, rowGroupByteLimit: 14_000_000, columnRows: .max)
            == BatchSlicing.minimumRows)
    }

    @Test func aColumnNearItsDictionaryLimitShortensTheSlice() {
        #expect(BatchSlicing.rows(rowsInGroup: 10_000, bufferedBytes: 1_000_000, rowGroupByteLimit: 128 << 20, columnRows: 20_000)
            == 20_000)
        #expect(BatchSlicing.rows(rowsInGroup: 10_000, bufferedBytes: 1_000_000, rowGroupByteLimit: 128 << 20, columnRows: 10)
            == BatchSlicing.minimumRows)
    }
}
