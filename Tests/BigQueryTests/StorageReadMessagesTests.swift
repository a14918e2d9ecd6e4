import BigQuery
import ProtocolBuffers
import Testing

/// The hand-written Storage Read messages against golden bytes produced by Google's own proto classes
/// (google-cloud-bigquery-storage 2.43.0).
struct StorageReadMessagesTests {
    static func hex(_ bytes: [UInt8]) -> String { bytes.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined() }
    static func bytes(_ hex: String) -> [UInt8] {
        var result: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            result.append(UInt8(hex[index..<next], radix: 16)!)
            index = next
        }
        return result
    }

    @Test func createReadSessionRequestMatchesGoogleBytes() throws {
        let request = CreateReadSessionRequest(
            parent: "projects/p",
            readSession: ReadSession(table: "projects/p/datasets/d/tables/t", dataFormat: .avro, readOptions: TableReadOptions(selectedFields: ["event_name"])),
            maxStreamCount: 4)
        let golden = "0a0a70726f6a656374732f7012301801321e70726f6a656374732f702f64617461736574732f642f7461626c65732f74420c0a0a6576656e745f6e616d651804"
        #expect(Self.hex(request.protobufBytes) == golden)
        #expect(try CreateReadSessionRequest(protobuf: Self.bytes(golden)) == request)
    }

    @Test func readRowsRequestMatchesGoogleBytes() throws {
        let request = ReadRowsRequest(readStream: "projects/p/locations/us/sessions/s/streams/x", offset: 1000)
        let golden = "0a2c70726f6a656374732f702f6c6f636174696f6e732f75732f73657373696f6e732f732f73747265616d732f7810e807"
        #expect(Self.hex(request.protobufBytes) == golden)
        #expect(try ReadRowsRequest(protobuf: Self.bytes(golden)) == request)
    }

    @Test func aSessionRoundTripsEveryField() throws {
        var session = ReadSession(
            table: "projects/p/datasets/d/tables/events_20240101", dataFormat: .avro,
            readOptions: TableReadOptions(selectedFields: ["event_name", "items.item_id"], rowRestriction: "event_name = 'x'", samplePercentage: 12.5),
            snapshotTime: ProtobufTimestamp(seconds: 1_704_067_200, nanos: 123_000))
        session.name = "projects/p/locations/us/sessions/s"
        session.expireTime = ProtobufTimestamp(seconds: 1_704_088_800)
        session.avroSchema = #"{"type":"record","name":"Root","fields":[]}"#
        session.streams = [ReadStream(name: "projects/p/locations/us/sessions/s/streams/0"), ReadStream(name: "projects/p/locations/us/sessions/s/streams/1")]
        session.estimatedRowCount = 1_000_000
        session.estimatedTotalBytesScanned = 1 << 40
        session.traceID = "trace"
        #expect(try ReadSession(protobuf: session.protobufBytes) == session)
    }

    @Test func aResponseDecodesWithUnknownFieldsOfEveryWireTypeSkipped() throws {
        var response = ReadRowsResponse()
        response.avroRows = [2, 18, 112]
        response.rowCount = 1
        response.progress = StreamProgress(atResponseStart: 0.25, atResponseEnd: 0.5)
        response.throttlePercent = 30
        response.avroSchema = "{}"
        var writer = ProtobufWriter()
        writer.varintField(1000, 7)
        writer.doubleField(1001, 1.5)
        writer.floatField(1002, 2.5)
        writer.stringField(1003, "unknown")
        writer.key(1004, .startGroup)
        writer.varintField(1, 1)
        writer.key(1004, .endGroup)
        let bytes = writer.bytes + response.protobufBytes + writer.bytes
        #expect(try ReadRowsResponse(protobuf: bytes) == response)
    }

    @Test func anEmbeddedMessageSeenTwiceIsMerged() throws {
        // stats { progress { at_response_start } } then stats { progress { at_response_end } }
        var first = ProtobufWriter()
        first.doubleField(1, 0.25)
        var second = ProtobufWriter()
        second.doubleField(2, 0.75)
        var stats1 = ProtobufWriter()
        stats1.messageField(2, first)
        var stats2 = ProtobufWriter()
        stats2.messageField(2, second)
        var message = ProtobufWriter()
        message.messageField(2, stats1)
        message.messageField(2, stats2)
        let response = try ReadRowsResponse(protobuf: message.bytes)
        #expect(response.progress == StreamProgress(atResponseStart: 0.25, atResponseEnd: 0.75))
    }

    @Test func truncatedMessagesAreRefusedNotTrapped() {
        let full = ReadRowsRequest(readStream: "projects/p/locations/us/sessions/s/streams/x", offset: 1000).protobufBytes
        for length in 1..<full.count {
            let prefix = Array(full.prefix(length))
            // Cuts inside a field must throw; cuts at a field boundary decode to a shorter message.
            if let decoded = try? ReadRowsRequest(protobuf: prefix) {
                #expect(decoded.readStream.isEmpty || decoded.readStream.count == 44)
            }
        }
    }

    @Test func splitMessagesRoundTrip() throws {
        let request = SplitReadStreamRequest(name: "projects/p/locations/us/sessions/s/streams/0", fraction: 0.5)
        #expect(try SplitReadStreamRequest(protobuf: request.protobufBytes) == request)
        var response = SplitReadStreamResponse()
        response.primaryStream = ReadStream(name: "a")
        response.remainderStream = ReadStream(name: "b")
        #expect(try SplitReadStreamResponse(protobuf: response.protobufBytes) == response)
    }

    @Test func fuzzFindingAnArrowBatchKeepsItsPresenceThroughARoundTrip() throws {
        // From `make fuzz-bigquery`: a response with an Arrow batch re-encoded without it.
        var writer = ProtobufWriter()
        writer.bytesField(4, [0x0A, 0x01, 0x00])
        writer.varintField(6, 5)
        let response = try ReadRowsResponse(protobuf: writer.bytes)
        #expect(response.hasArrowRecordBatch)
        #expect(try ReadRowsResponse(protobuf: response.protobufBytes) == response)
    }
}
