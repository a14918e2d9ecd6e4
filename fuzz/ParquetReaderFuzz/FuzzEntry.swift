// libFuzzer entry for the Parquet reader (whole row groups, then page by page), compiled into the Parquet module's sources by
// `scripts/parquet_reader_fuzz.sh` (`make fuzz-parquet`). Any input must end in a value or a ParquetError;
// a crash, a sanitizer report or an out-of-memory is a finding.

/// Small limits keep a hostile size from reaching libFuzzer's malloc limit before the reader refuses it.
let fuzzOptions: ParquetReaderOptions = {
    var options = ParquetReaderOptions()
    options.maximumPageBytes = 4 << 20
    options.maximumValuesPerColumnChunk = 1 << 20
    options.maximumColumnChunkBytes = 8 << 20
    options.maximumFooterBytes = 4 << 20
    options.maximumDecodedColumnBytes = 64 << 20
    options.maximumBufferedBytes = 64 << 20
    return options
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func parquetReaderFuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    do {
        let reader = try ParquetReader(bytes: bytes, options: fuzzOptions)
        for group in 0..<reader.rowGroupCount {
            _ = try reader.readRowGroup(group).rows()
        }
    } catch {
        _ = error.description
    }
    // The same file page by page, through small windows and parts, as uploads are read from S3.
    do {
        var streaming = fuzzOptions
        streaming.readAheadBytes = 1
        streaming.valuesPerSlice = 7
        try ParquetReader(bytes: bytes, options: streaming).forEachRow { _ in }
    } catch {
        _ = "\(error)"
    }
    return 0
}
