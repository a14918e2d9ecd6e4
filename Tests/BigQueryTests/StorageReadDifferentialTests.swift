import BigQuery
import Foundation
import ProtocolBuffers
import Testing
import TestSupport

/// Random messages made and serialized by Google's proto classes are decoded and re-encoded here, and the
/// re-encoding parsed again by Google's classes: equal content and identical bytes.
@Suite(.enabled(if: TestEnvironment.servicesRequired || FileManager.default.fileExists(
    atPath: TestEnvironment.packageRoot.appendingPathComponent(".venv/bin/python").path)))
struct StorageReadDifferentialTests {
    static func reencode(_ type: String, _ bytes: [UInt8]) throws -> [UInt8] {
        switch type {
        case "ReadSession": return try ReadSession(protobuf: bytes).protobufBytes
        case "CreateReadSessionRequest": return try CreateReadSessionRequest(protobuf: bytes).protobufBytes
        case "ReadRowsRequest": return try ReadRowsRequest(protobuf: bytes).protobufBytes
        case "ReadRowsResponse": return try ReadRowsResponse(protobuf: bytes).protobufBytes
        case "SplitReadStreamRequest": return try SplitReadStreamRequest(protobuf: bytes).protobufBytes
        case "SplitReadStreamResponse": return try SplitReadStreamResponse(protobuf: bytes).protobufBytes
        default: throw ProtobufReader.Problem(reason: "unknown message type \(type)", offset: 0)
        }
    }

    @Test func googlesMessagesRoundTripByteForByte() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("proto-diff-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let generated = directory.appendingPathComponent("messages.json")
        _ = try PythonScript.run("scripts/bigquery/proto_differential.py", ["generate", "400", "20240101", generated.path])
        var messages = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: generated)) as? [[String: String]])
        for index in messages.indices {
            let bytes = StorageReadMessagesTests.bytes(messages[index]["hex"]!)
            messages[index]["swift_hex"] = StorageReadMessagesTests.hex(try Self.reencode(messages[index]["type"]!, bytes))
        }
        let compared = directory.appendingPathComponent("compared.json")
        try JSONSerialization.data(withJSONObject: messages).write(to: compared)
        let output = try PythonScript.run("scripts/bigquery/proto_differential.py", ["compare", compared.path])
        #expect(String(decoding: output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) == "400 messages equal")
    }
}
