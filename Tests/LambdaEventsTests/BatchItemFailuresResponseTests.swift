import Foundation
import LambdaEvents
import Testing

@Suite struct BatchItemFailuresResponseTests {
    private func encode(_ response: BatchItemFailuresResponse) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(response), as: UTF8.self)
    }

    @Test func encodesKinesisSequenceNumbers() throws {
        let response = BatchItemFailuresResponse(failedSequenceNumbers: [
            "49590338271490256608559692538361571095921575989136588898",
            "49590338271490256608559692540925702759324208523137515618",
        ])
        #expect(try encode(response) == """
        {"batchItemFailures":[{"itemIdentifier":"49590338271490256608559692538361571095921575989136588898"},\
        {"itemIdentifier":"49590338271490256608559692540925702759324208523137515618"}]}
        """)
    }

    @Test func encodesFailedRecordsOfABatch() throws {
        let event = try LambdaEventDecoder.decode(KinesisEvent.self, from: TestData.sampleEvent("kinesis-mixed-bad.json"))
        let failed = event.records.filter { (try? $0.decodedData()) == nil }
        let response = BatchItemFailuresResponse(failedRecords: failed)
        #expect(response.batchItemFailures.map(\.itemIdentifier) == [event.records[1].sequenceNumber, event.records[2].sequenceNumber])
    }

    @Test func encodesSQSMessageIds() throws {
        let response = BatchItemFailuresResponse(failedMessageIds: ["059f36b4-87a3-44ab-83d2-661975830a7d"])
        #expect(try encode(response) == #"{"batchItemFailures":[{"itemIdentifier":"059f36b4-87a3-44ab-83d2-661975830a7d"}]}"#)
    }

    @Test func encodesFullSuccessAsEmptyList() throws {
        #expect(try encode(BatchItemFailuresResponse()) == #"{"batchItemFailures":[]}"#)
    }

    @Test func refusesEmptyIdentifier() throws {
        let response = BatchItemFailuresResponse(failedSequenceNumbers: ["4959", ""])
        #expect {
            try encode(response)
        } throws: { error in
            guard case EncodingError.invalidValue(_, let context) = error else { return false }
            return context.debugDescription.contains("batchItemFailures[1].itemIdentifier is empty")
        }
    }

    @Test func decodesWhatItEncodes() throws {
        let response = BatchItemFailuresResponse(failedMessageIds: ["a", "b"])
        let decoded = try JSONDecoder().decode(BatchItemFailuresResponse.self, from: Data(encode(response).utf8))
        #expect(decoded == response)
    }
}
