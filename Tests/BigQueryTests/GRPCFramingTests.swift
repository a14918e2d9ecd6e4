import BigQuery
import HTTP
import Testing

struct GRPCFramingTests {
    @Test func messagesSplitAcrossPiecesAndSeveralPerPieceComeOutWhole() throws {
        let messages: [[UInt8]] = [[], [1], Array(repeating: 7, count: 70_000), [1, 2, 3], Array(0..<255)]
        let body = messages.flatMap(GRPCMessageFraming.frame)
        // Every piece size from 1 byte up: messages split anywhere, several in one piece.
        for pieceSize in [1, 2, 3, 4, 5, 6, 7, 1000, 65_536, body.count] {
            var deframer = GRPCMessageDeframer()
            var out: [[UInt8]] = []
            var index = 0
            while index < body.count {
                let end = min(index + pieceSize, body.count)
                deframer.append(body[index..<end])
                index = end
                while let message = try deframer.next() { out.append(message) }
            }
            #expect(out == messages, "piece size \(pieceSize)")
            #expect(!deframer.hasPartialMessage)
        }
    }

    @Test func aFrameHasFlagAndBigEndianLength() {
        #expect(GRPCMessageFraming.frame([9, 9]) == [0, 0, 0, 0, 2, 9, 9])
        #expect(GRPCMessageFraming.frame(Array(repeating: 0, count: 0x010203)).prefix(5) == [0, 0, 1, 2, 3])
    }

    @Test func compressedOrOversizedOrBadFlagsAreRefused() throws {
        var compressed = GRPCMessageDeframer()
        compressed.append([1, 0, 0, 0, 1, 5])
        #expect(throws: GRPCFramingError(reason: "message at byte 0 is compressed, but no compression was negotiated")) { try compressed.next() }
        var flag = GRPCMessageDeframer()
        flag.append([0, 0, 0, 0, 0, 2, 0, 0, 0, 0])
        _ = try? flag.next()
        #expect(throws: GRPCFramingError(reason: "message at byte 5 has flag byte 2 (0 or 1 expected)")) { try flag.next() }
        var huge = GRPCMessageDeframer(maxMessageLength: 1000)
        huge.append([0, 0, 0, 0x03, 0xE9])
        #expect(throws: GRPCFramingError(reason: "message at byte 0 is 1001 bytes long, over the limit of 1000")) { try huge.next() }
        var partial = GRPCMessageDeframer()
        partial.append([0, 0, 0, 0, 3, 1])
        #expect(try partial.next() == nil)
        #expect(partial.hasPartialMessage)
    }

    @Test func statusComesFromTrailersWithPercentDecodedMessage() {
        let trailers: HTTPHeaders = ["grpc-status": "14", "grpc-message": "stream%20broke%3A %E2%9C%93 100%25"]
        #expect(GRPCStatus.from(trailers) == GRPCStatus(code: .unavailable, message: "stream broke: ✓ 100%"))
        #expect(GRPCStatus.from(["grpc-status": "x"])?.code == .unknown)
        #expect(GRPCStatus.from([:]) == nil)
        #expect(GRPCStatus.percentDecoded("bad %zz and %4") == "bad %zz and %4")
        #expect(GRPCStatusCode(rawValue: 8).description == "RESOURCE_EXHAUSTED")
        #expect(GRPCStatusCode.forHTTPStatus(429) == .unavailable)
        #expect(GRPCStatusCode.forHTTPStatus(401) == .unauthenticated)
    }
}
