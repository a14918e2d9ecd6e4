import Foundation
import HTTP
import Testing
@testable import LambdaRuntime

private struct Greeting: Decodable, Sendable {
    let name: String
    let count: Int?
}

private struct Reply: Encodable, Sendable {
    let text: String
}

private struct GreetingFailure: LambdaReportableError {
    let errorType = "GreetingFailure"
    let errorMessage: String
}

/// Greets, fails when asked, and can produce a response of any size.
private struct GreetingHandler: LambdaHandler {
    func handle(_ event: Greeting, context: LambdaContext) async throws -> Reply {
        if event.name == "fail" { throw GreetingFailure(errorMessage: "asked to fail") }
        if let count = event.count { return Reply(text: String(repeating: "y", count: count)) }
        return Reply(text: "hello \(event.name) [\(context.requestID)]")
    }
}

/// Captures the context each invocation saw.
private final class ContextRecorder: ByteLambdaHandler, @unchecked Sendable {
    private let lock = NSLock()
    private var contexts: [LambdaContext] = []
    private var traceEnvironment: [String?] = []

    func handle(_ event: Data, context: LambdaContext) async throws -> Data {
        lock.withLock {
            contexts.append(context)
            traceEnvironment.append(ProcessInfo.processInfo.environment["_X_AMZN_TRACE_ID"])
        }
        return event
    }

    var seen: [LambdaContext] { lock.withLock { contexts } }
    var traces: [String?] { lock.withLock { traceEnvironment } }
}

private func runLoop(_ api: FakeRuntimeAPI, logs: CollectingLogWriter = CollectingLogWriter(),
                     handler: @escaping @Sendable () async throws -> any ByteLambdaHandler) async throws -> RuntimeLoop.Exit {
    let loop = RuntimeLoop(
        api: try RuntimeAPIClient(endpoint: api.endpoint),
        logger: Logger(level: .debug, format: .json, writer: logs))
    return await loop.run(makeHandler: handler)
}

private func json(_ text: String) -> Data { Data(text.utf8) }

@Suite("Runtime loop against a fake Runtime API", .serialized)
struct RuntimeLoopTests {
    @Test func successPostsTheResponseAndEchoesTheInvocationID() async throws {
        let api = try FakeRuntimeAPI([
            .init(requestID: "req-1", event: json(#"{"name":"ada"}"#), headers: [("Lambda-Runtime-Invocation-Id", "nonce-1")]),
        ])
        let exit = try await runLoop(api) { CodableHandlerAdapter(handler: GreetingHandler()) }
        #expect(exit == .runtimeAPIFailed("Runtime API answered 500 on invocation/next: {\"errorType\":\"Runtime.ExitError\"}"))
        let posted = try #require(api.posted.first)
        #expect(posted.path == "invocation/req-1/response")
        #expect(posted.json["text"] as? String == "hello ada [req-1]")
        #expect(posted.header("Lambda-Runtime-Invocation-Id") == "nonce-1")
    }

    @Test func everyHeaderReachesTheContext() async throws {
        let deadline = Int64(Date().timeIntervalSince1970 * 1000) + 30_000
        let api = try FakeRuntimeAPI([
            .init(requestID: "req-ctx", event: json("{}"), headers: [
                ("Lambda-Runtime-Deadline-Ms", String(deadline)),
                ("Lambda-Runtime-Invoked-Function-Arn", "arn:aws:lambda:eu-west-1:123456789012:function:ga4:live"),
                ("Lambda-Runtime-Trace-Id", "Root=1-5bef4de7-ad49b0e87f6ef6c87fc2e700;Parent=9a9197af755a6419;Sampled=1"),
                ("Lambda-Runtime-Client-Context", #"{"client":{"app_title":"shop"}}"#),
                ("Lambda-Runtime-Cognito-Identity", #"{"cognitoIdentityId":"id-1"}"#),
                ("Lambda-Runtime-Aws-Tenant-Id", "tenant-7"),
                ("Lambda-Runtime-Invocation-Id", "nonce-ctx"),
            ]),
            .init(requestID: "req-no-trace", event: json("{}")),
        ])
        let recorder = ContextRecorder()
        _ = try await runLoop(api) { recorder }
        let contexts = recorder.seen
        try #require(contexts.count == 2)
        let context = contexts[0]
        #expect(context.requestID == "req-ctx")
        #expect(context.deadlineMilliseconds == deadline)
        #expect(context.remainingTime > .seconds(20) && context.remainingTime <= .seconds(30))
        #expect(context.invokedFunctionARN == "arn:aws:lambda:eu-west-1:123456789012:function:ga4:live")
        #expect(context.region == "eu-west-1")
        #expect(context.accountID == "123456789012")
        #expect(context.traceID == "Root=1-5bef4de7-ad49b0e87f6ef6c87fc2e700;Parent=9a9197af755a6419;Sampled=1")
        #expect(context.clientContext == #"{"client":{"app_title":"shop"}}"#)
        #expect(context.cognitoIdentity == #"{"cognitoIdentityId":"id-1"}"#)
        #expect(context.tenantID == "tenant-7")
        #expect(context.invocationID == "nonce-ctx")
        #expect(context.logger.requestID == "req-ctx")
        #expect(recorder.traces[0] == context.traceID, "_X_AMZN_TRACE_ID is set per invocation")
        // Without a trace header the runtime makes one, and the environment follows.
        #expect(contexts[1].traceID.hasPrefix("Root=1-"))
        #expect(contexts[1].traceID.hasSuffix(";Sampled=0"))
        #expect(recorder.traces[1] == contexts[1].traceID)
        #expect(contexts[1].invocationID == nil)
        #expect(api.posted.last?.header("Lambda-Runtime-Invocation-Id") == nil)
    }

    @Test func aDeadlineCloseToNowIsVisibleToTheHandler() async throws {
        let deadline = Int64(Date().timeIntervalSince1970 * 1000) + 50
        let api = try FakeRuntimeAPI([
            .init(requestID: "req-late", event: json("{}"), headers: [("Lambda-Runtime-Deadline-Ms", String(deadline))]),
        ])
        let recorder = ContextRecorder()
        _ = try await runLoop(api) { recorder }
        let context = try #require(recorder.seen.first)
        #expect(context.remainingTime <= .milliseconds(50))
        #expect(api.posted.first?.path == "invocation/req-late/response")
    }

    @Test func handlerErrorsArePostedToTheErrorEndpoint() async throws {
        let api = try FakeRuntimeAPI([
            .init(requestID: "req-err", event: json(#"{"name":"fail"}"#), headers: [("Lambda-Runtime-Invocation-Id", "nonce-err")]),
        ])
        let logs = CollectingLogWriter()
        _ = try await runLoop(api, logs: logs) { CodableHandlerAdapter(handler: GreetingHandler()) }
        let posted = try #require(api.posted.first)
        #expect(posted.path == "invocation/req-err/error")
        #expect(posted.header("Lambda-Runtime-Function-Error-Type") == "GreetingFailure")
        #expect(posted.header("Lambda-Runtime-Invocation-Id") == "nonce-err")
        #expect(posted.json["errorType"] as? String == "GreetingFailure")
        #expect(posted.json["errorMessage"] as? String == "asked to fail")
        #expect((posted.json["stackTrace"] as? [Any])?.isEmpty == true)
        #expect(logs.lines.contains { $0.contains("\"requestId\":\"req-err\"") && $0.contains("asked to fail") })
    }

    @Test(arguments: [
        (#"not json"#, "the event is not valid JSON for Greeting"),
        (#"{"count":3}"#, "name: required field is missing"),
        (#"{"name":7}"#, "name: expected a string"),
        (#"{"name":"x","count":"many"}"#, "count: expected an integer"),
        (#"[1,2]"#, "(event): expected"),
    ])
    func badEventsAreInvocationErrorsNamingTheField(event: String, message: String) async throws {
        let api = try FakeRuntimeAPI([
            .init(requestID: "req-bad", event: json(event)),
            .init(requestID: "req-good", event: json(#"{"name":"after"}"#)),
        ])
        _ = try await runLoop(api) { CodableHandlerAdapter(handler: GreetingHandler()) }
        let posted = api.posted
        try #require(posted.count == 2)
        #expect(posted[0].path == "invocation/req-bad/error")
        #expect(posted[0].json["errorType"] as? String == "InvalidEvent")
        let text = try #require(posted[0].json["errorMessage"] as? String)
        #expect(text.contains(message), "\(text)")
        // The runtime keeps serving after a bad event.
        #expect(posted[1].path == "invocation/req-good/response")
    }

    @Test func staleInvocationIsSkippedNotFatal() async throws {
        let api = try FakeRuntimeAPI([
            .init(requestID: "req-stale", event: json(#"{"name":"a"}"#), responseStatus: 410),
            .init(requestID: "req-fresh", event: json(#"{"name":"b"}"#)),
        ])
        let logs = CollectingLogWriter()
        _ = try await runLoop(api, logs: logs) { CodableHandlerAdapter(handler: GreetingHandler()) }
        #expect(api.posted.map(\.path) == ["invocation/req-stale/response", "invocation/req-fresh/response"])
        #expect(logs.lines.contains { $0.contains("410") && $0.contains("req-stale") })
        #expect(api.nextCalls == 3)
    }

    @Test func aResponseRefusedAsTooLargeBecomesAFunctionError() async throws {
        let api = try FakeRuntimeAPI([.init(requestID: "req-413", event: json(#"{"name":"a"}"#), responseStatus: 413)])
        _ = try await runLoop(api) { CodableHandlerAdapter(handler: GreetingHandler()) }
        let posted = api.posted
        #expect(posted.map(\.path) == ["invocation/req-413/response", "invocation/req-413/error"])
        #expect(posted.last?.json["errorType"] as? String == "Function.ResponseSizeTooLarge")
    }

    @Test func aResponseOverSixMegabytesIsReportedWithoutSendingIt() async throws {
        let api = try FakeRuntimeAPI([.init(requestID: "req-big", event: json(#"{"name":"a","count":6300000}"#))])
        _ = try await runLoop(api) { CodableHandlerAdapter(handler: GreetingHandler()) }
        let posted = try #require(api.posted.first)
        #expect(api.posted.count == 1)
        #expect(posted.path == "invocation/req-big/error")
        #expect(posted.header("Lambda-Runtime-Function-Error-Type") == "Function.ResponseSizeTooLarge")
        // {"text":"…"} around 6,300,000 characters.
        #expect((posted.json["errorMessage"] as? String)?.contains("6300011 bytes") == true)
    }

    @Test func largeEventsArriveWholeWithEitherFraming() async throws {
        let name = String(repeating: "ü", count: 1_500_000)
        let event = json(#"{"name":"\#(name)"}"#)
        let api = try FakeRuntimeAPI([
            .init(requestID: "req-length", event: event),
            .init(requestID: "req-chunked", event: event, chunked: true),
        ])
        _ = try await runLoop(api) { CodableHandlerAdapter(handler: GreetingHandler()) }
        let posted = api.posted
        try #require(posted.count == 2)
        #expect(posted[0].json["text"] as? String == "hello \(name) [req-length]")
        #expect(posted[1].json["text"] as? String == "hello \(name) [req-chunked]")
    }

    @Test func aSlowNextIsWaitedFor() async throws {
        // Longer than any default request timeout would allow if one were set on /next.
        let api = try FakeRuntimeAPI([.init(requestID: "req-slow", event: json(#"{"name":"patient"}"#), delay: .seconds(2))])
        _ = try await runLoop(api) { CodableHandlerAdapter(handler: GreetingHandler()) }
        #expect(api.posted.first?.path == "invocation/req-slow/response")
    }

    @Test func a500OnNextEndsTheLoop() async throws {
        let api = try FakeRuntimeAPI([])
        let exit = try await runLoop(api) { CodableHandlerAdapter(handler: GreetingHandler()) }
        guard case .runtimeAPIFailed(let reason) = exit else {
            Issue.record("expected the loop to end on a 500, got \(exit)")
            return
        }
        #expect(reason.contains("500"))
        #expect(api.posted.isEmpty)
    }

    @Test func anInitFailureIsReportedToInitError() async throws {
        let api = try FakeRuntimeAPI([.init(requestID: "never", event: json("{}"))])
        let exit = try await runLoop(api) {
            throw ConfigurationError(variable: "S3_BUCKET", problem: "is not set")
        }
        #expect(exit == .initFailed("S3_BUCKET: is not set"))
        let posted = try #require(api.posted.first)
        #expect(posted.path == "init/error")
        #expect(posted.header("Lambda-Runtime-Function-Error-Type") == "Runtime.ConfigurationError")
        #expect(posted.json["errorMessage"] as? String == "S3_BUCKET: is not set")
        #expect(api.nextCalls == 0)
    }

    @Test func anUnexpectedInitErrorIsWrappedAsRuntimeInitError() async throws {
        struct Boom: Error {}
        let api = try FakeRuntimeAPI([])
        let exit = try await runLoop(api) { throw Boom() }
        #expect(exit == .initFailed("Boom: Boom()"))
        #expect(api.posted.first?.header("Lambda-Runtime-Function-Error-Type") == "Runtime.InitError")
    }

    @Test func anUnreachableRuntimeAPIEndsTheLoopAfterRetries() async throws {
        let port = try TestSupportPort.free()
        let loop = RuntimeLoop(api: try RuntimeAPIClient(endpoint: "127.0.0.1:\(port)"),
                               logger: Logger(writer: CollectingLogWriter()))
        let exit = await loop.serve(CodableHandlerAdapter(handler: GreetingHandler()))
        guard case .runtimeAPIFailed(let reason) = exit else {
            Issue.record("expected failure, got \(exit)")
            return
        }
        #expect(reason.contains("unreachable"))
    }
}

import TestSupport
enum TestSupportPort {
    static func free() throws -> Int { try TestEnvironment.freePort() }
}
