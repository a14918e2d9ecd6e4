import Parquet
import Testing

/// The two inputs of the nested writer agree: every case of the reader matrix (random schemas and records
/// from fixed seeds, and the designed shapes) gives the same bytes written record by record and as columnar
/// batches (offsets and validity per level).
@Suite struct ParquetNestedInputsTests {
    @Test func recordsAndColumnarBatchesWriteTheSameBytes() throws {
        for corpusCase in try ParquetNestedMatrixCases.all() {
            let rows = MemorySink()
            try corpusCase.write(into: rows, columnar: false)
            let columns = MemorySink()
            try corpusCase.write(into: columns, columnar: true)
            #expect(rows.bytes.count > 0)
            #expect(rows.bytes == columns.bytes, "\(corpusCase.name): record and columnar input differ")
        }
    }
}
