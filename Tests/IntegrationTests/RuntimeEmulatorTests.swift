import Foundation
import Testing
import TestSupport

/// The runtime under AWS's own Runtime Interface Emulator, with the Echo example function.
@Suite("Runtime under the Runtime Interface Emulator", .serialized,
       .enabled(if: TestEnvironment.available("PIPELINE_RIE_BINARY")))
struct RuntimeEmulatorTests {
    let echo = TestEnvironment.builtProduct("Echo")

    @Test func successfulInvocationsReturnTheHandlerOutput() async throws {
        let emulator = try RuntimeEmulator(bootstrap: echo, environment: ["ECHO_PREFIX": "echo: "])
        defer { emulator.stop() }
        for round in 0..<25 {
            let (status, object) = try await emulator.invoke(json: #"{"message":"hello \#(round) ünïcode"}"#)
            #expect(status == 200)
            #expect(object["message"] as? String == "echo: hello \(round) ünïcode")
            #expect((object["requestId"] as? String)?.count == 36)
            #expect(object["functionArn"] as? String == "arn:aws:lambda:us-east-1:012345678912:function:test_function")
            let remaining = try #require(object["remainingTimeMs"] as? Int)
            #expect(remaining > 0 && remaining <= 60_000)
        }
    }

    @Test func aFiveMegabyteEventRoundTrips() async throws {
        let emulator = try RuntimeEmulator(bootstrap: echo, environment: ["ECHO_MAX_MESSAGE_BYTES": "1000000"])
        defer { emulator.stop() }
        let message = String(repeating: "0123456789", count: 99_000)
        let padding = String(repeating: "p", count: 4_000_000)
        let (status, object) = try await emulator.invoke(json: #"{"message":"\#(message)","ignored":"\#(padding)"}"#)
        #expect(status == 200)
        #expect(object["message"] as? String == message)
    }

    @Test func handlerErrorsComeBackAsErrorDocuments() async throws {
        let emulator = try RuntimeEmulator(bootstrap: echo)
        defer { emulator.stop() }
        let (status, object) = try await emulator.invoke(json: #"{"fail":"requested by the test"}"#)
        #expect(status == 200)
        #expect(object["errorType"] as? String == "EchoRequestedFailure")
        #expect(object["errorMessage"] as? String == "requested by the test")
        // The function keeps serving afterwards.
        let (_, next) = try await emulator.invoke(json: #"{"message":"still here"}"#)
        #expect(next["message"] as? String == "still here")
    }

    @Test(arguments: [
        ("definitely not json", "the event is not valid JSON"),
        (#"{"message": 5}"#, "message: expected a string"),
        (#"{"message": "x", "responseBytes": "big"}"#, "responseBytes: expected an integer"),
    ])
    func badEventsAreInvalidEventErrors(event: String, expected: String) async throws {
        let emulator = try RuntimeEmulator(bootstrap: echo)
        defer { emulator.stop() }
        let (status, object) = try await emulator.invoke(json: event)
        #expect(status == 200)
        #expect(object["errorType"] as? String == "InvalidEvent")
        #expect((object["errorMessage"] as? String)?.contains(expected) == true, "\(object)")
    }

    @Test func anInitFailureNamesTheVariable() async throws {
        let emulator = try RuntimeEmulator(bootstrap: echo, environment: ["ECHO_MAX_MESSAGE_BYTES": "lots"])
        defer { emulator.stop() }
        let (status, object) = try await emulator.invoke(json: #"{"message":"x"}"#)
        // The emulator answers an init failure with 502 and the body the runtime sent to /init/error.
        #expect(status == 502)
        #expect(object["errorType"] as? String == "Runtime.ConfigurationError")
        #expect(object["errorMessage"] as? String == #"ECHO_MAX_MESSAGE_BYTES: "lots" is not an integer"#)
    }

    @Test func anOversizedResponseIsAFunctionError() async throws {
        let emulator = try RuntimeEmulator(bootstrap: echo)
        defer { emulator.stop() }
        let (status, object) = try await emulator.invoke(json: #"{"message":"x","responseBytes":6400000}"#)
        #expect(status == 200)
        #expect(object["errorType"] as? String == "Function.ResponseSizeTooLarge")
    }

    @Test func logsAreJSONLinesCarryingTheRequestID() async throws {
        let emulator = try RuntimeEmulator(bootstrap: echo, environment: ["AWS_LAMBDA_LOG_LEVEL": "DEBUG"])
        let (_, object) = try await emulator.invoke(json: #"{"message":"log me"}"#)
        emulator.stop()
        let requestID = try #require(object["requestId"] as? String)
        let lines = emulator.logs.split(separator: "\n").filter { $0.hasPrefix("{") }
        let entries = lines.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        let echoing = try #require(entries.first { $0["message"] as? String == "echoing" })
        #expect(echoing["requestId"] as? String == requestID)
        #expect(echoing["level"] as? String == "DEBUG")
        #expect(echoing["bytes"] as? Int == 6)
        #expect(emulator.logs.contains("START RequestId: \(requestID)"))
    }
}
