// libFuzzer target for the KPL aggregate reader (`make fuzz-kpl`). Built with swiftc from the reader's own
// sources, without the MD5 check (`KPLAggregate(unverified:)`): random bytes would otherwise never get past the
// checksum to the protobuf reader. Every input is also tried with the magic bytes and a trailer around it.
// A crash, a trap or a broken invariant below is a finding: turn it into a test in Tests/ClickstreamTests.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzKPLAggregate(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    check(input)
    check(KPLAggregate.magic + input + [UInt8](repeating: 0, count: 16))
    return 0
}

/// A reader that accepts must describe only bytes inside the protobuf message, with indices inside the tables.
func check(_ bytes: [UInt8]) {
    guard let aggregate = try? KPLAggregate(unverified: bytes) else { return }
    let body = KPLAggregate.protobufRange(bytes)
    precondition(!aggregate.records.isEmpty, "an aggregate without records was accepted")
    for record in aggregate.records {
        precondition(record.data.lowerBound >= body.lowerBound && record.data.upperBound <= body.upperBound, "data outside the message")
        precondition(record.partitionKeyIndex < UInt64(aggregate.partitionKeyCount), "partition key index out of range")
        if let hashKey = record.explicitHashKeyIndex {
            precondition(hashKey < UInt64(aggregate.explicitHashKeyCount), "explicit hash key index out of range")
        }
    }
}
