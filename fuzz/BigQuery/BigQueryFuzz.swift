// libFuzzer target for what the BigQuery reader parses from the network (`make fuzz-bigquery`): the Storage
// Read messages (protobuf), the gRPC message framing, and tabledata.list pages (f/v JSON converted to Avro).
// Built with swiftc from the module's parsing sources. A crash, a trap or a broken invariant below is a
// finding: turn the input into a test in Tests/BigQueryTests.
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

let pageSchema = BigQueryTableSchema(fields: [
    BigQueryField(name: "event_name", type: "STRING"),
    BigQueryField(name: "event_timestamp", type: "INTEGER", mode: "REQUIRED"),
    BigQueryField(name: "event_params", type: "RECORD", mode: "REPEATED", fields: [
        BigQueryField(name: "key", type: "STRING"),
        BigQueryField(name: "value", type: "RECORD", fields: [
            BigQueryField(name: "string_value", type: "STRING"), BigQueryField(name: "int_value", type: "INTEGER"),
            BigQueryField(name: "double_value", type: "FLOAT"),
        ]),
    ]),
    BigQueryField(name: "flag", type: "BOOLEAN"), BigQueryField(name: "day", type: "DATE"), BigQueryField(name: "at", type: "TIMESTAMP"),
    BigQueryField(name: "time", type: "TIME"), BigQueryField(name: "amount", type: "NUMERIC"), BigQueryField(name: "blob", type: "BYTES"),
])

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzBigQuery(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    // Every message type; one that decodes must re-encode to bytes that decode and encode to the same bytes
    // (bytes, not values: a NaN progress is not equal to itself).
    if let response = try? ReadRowsResponse(protobuf: input) {
        let bytes = response.protobufBytes
        precondition((try? ReadRowsResponse(protobuf: bytes))?.protobufBytes == bytes, "ReadRowsResponse does not round-trip")
    }
    if let session = try? ReadSession(protobuf: input) {
        let bytes = session.protobufBytes
        precondition((try? ReadSession(protobuf: bytes))?.protobufBytes == bytes, "ReadSession does not round-trip")
    }
    _ = try? CreateReadSessionRequest(protobuf: input)
    _ = try? SplitReadStreamResponse(protobuf: input)
    // Framing, fed in pieces of varying size.
    var deframer = GRPCMessageDeframer(maxMessageLength: 1 << 20)
    var index = 0
    var piece = 1
    framing: while index < input.count {
        let end = min(input.count, index + piece)
        deframer.append(input[index..<end])
        index = end
        piece = piece * 3 % 97 + 1
        while true {
            do {
                guard let message = try deframer.next() else { break }
                precondition(message.count <= 1 << 20, "a message over the limit was accepted")
            } catch {
                break framing
            }
        }
    }
    // A tabledata.list page.
    if let page = try? TableDataPage(decoding: Data(input), schema: pageSchema, firstRow: 0) {
        precondition(page.block.rowCount >= 0, "negative row count")
        precondition(page.block.rowCount == 0 || !page.block.rows.isEmpty, "rows counted without bytes")
    }
    return 0
}
