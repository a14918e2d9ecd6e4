#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The invocation loop: `/next`, run the handler, post the response or the error, repeat.
/// It returns only when the environment is unusable; the caller then exits the process.
struct RuntimeLoop: Sendable {
    /// Lambda's limit for a buffered response (6 MB).
    static let maxResponseBytes = 6 * 1024 * 1024

    enum Exit: Equatable, Sendable {
        case initFailed(String)
        case runtimeAPIFailed(String)
    }

    let api: RuntimeAPIClient
    let logger: Logger

    /// Initialises the handler, reporting a failure through `/init/error`, then serves invocations.
    func run(
        makeHandler: @Sendable () async throws -> any ByteLambdaHandler
    ) async -> Exit {
        let handler: any ByteLambdaHandler
        do {
            handler = try await makeHandler()
        } catch {
            let report = ErrorReport(error)
            let reportForInit = report.errorType.hasPrefix("Runtime.")
                ? report : ErrorReport(errorType: "Runtime.InitError", errorMessage: "\(report.errorType): \(report.errorMessage)")
            logger.fatal("init failed: \(reportForInit.errorMessage)", ["errorType": .string(reportForInit.errorType)])
            _ = try? await api.reportInitError(reportForInit)
            return .initFailed(reportForInit.errorMessage)
        }
        return await serve(handler)
    }

    func serve(_ handler: any ByteLambdaHandler) async -> Exit {
        var consecutiveFailures = 0
        while true {
            let invocation: RuntimeAPIClient.Invocation
            do {
                invocation = try await api.next()
                consecutiveFailures = 0
            } catch {
                if case .unexpectedStatus(_, let status, _) = error, status >= 500 {
                    logger.fatal("\(error)")
                    return .runtimeAPIFailed(error.description)
                }
                consecutiveFailures += 1
                logger.error("\(error)", ["attempt": .int(consecutiveFailures)])
                if consecutiveFailures >= 3 { return .runtimeAPIFailed(error.description) }
                try? await Task.sleep(for: .milliseconds(100 * consecutiveFailures))
                continue
            }
            do {
                try await handle(invocation, with: handler)
            } catch {
                logger.fatal("\(error)")
                return .runtimeAPIFailed(error.description)
            }
        }
    }

    private func handle(_ invocation: RuntimeAPIClient.Invocation, with handler: any ByteLambdaHandler) async throws(RuntimeAPIError) {
        let headers = invocation
        guard let requestID = headers.header("Lambda-Runtime-Aws-Request-Id"), !requestID.isEmpty else {
            // Without a request id nothing can be answered; the next /next gets a fresh invocation.
            logger.error("invocation without Lambda-Runtime-Aws-Request-Id; skipped")
            return
        }
        let traceID = headers.header("Lambda-Runtime-Trace-Id") ?? TraceID.generate()
        setenv("_X_AMZN_TRACE_ID", traceID, 1)
        let invocationLogger = logger.invocation(requestID: requestID, traceID: traceID)
        let context = LambdaContext(
            requestID: requestID,
            deadlineMilliseconds: headers.header("Lambda-Runtime-Deadline-Ms").flatMap(Int64.init)
                ?? WallClock.nowMilliseconds() + 900_000,
            invokedFunctionARN: headers.header("Lambda-Runtime-Invoked-Function-Arn") ?? "",
            traceID: traceID,
            clientContext: headers.header("Lambda-Runtime-Client-Context"),
            cognitoIdentity: headers.header("Lambda-Runtime-Cognito-Identity"),
            tenantID: headers.header("Lambda-Runtime-Aws-Tenant-Id"),
            invocationID: headers.header("Lambda-Runtime-Invocation-Id"),
            logger: invocationLogger)

        let result: Result<Data, any Error>
        do {
            result = .success(try await handler.handle(invocation.event, context: context))
        } catch {
            result = .failure(error)
        }

        switch result {
        case .success(let body) where body.count > Self.maxResponseBytes:
            try await reportError(tooLarge(body.count), context)
        case .success(let body):
            switch try await api.respond(requestID: requestID, invocationID: context.invocationID, body: body) {
            case .accepted: break
            case .tooLarge: try await reportError(tooLarge(body.count), context)
            case let outcome: note(outcome, context)
            }
        case .failure(let error):
            let report = ErrorReport(error)
            invocationLogger.error(report.errorMessage, ["errorType": .string(report.errorType)])
            try await reportError(report, context)
        }
    }

    private func reportError(_ report: ErrorReport, _ context: LambdaContext) async throws(RuntimeAPIError) {
        let outcome = try await api.reportError(requestID: context.requestID, invocationID: context.invocationID, report: report)
        if outcome != .accepted { note(outcome, context) }
    }

    private func note(_ outcome: RuntimeAPIClient.Outcome, _ context: LambdaContext) {
        switch outcome {
        case .accepted: break
        case .stale:
            context.logger.warn("the Runtime API no longer accepts this invocation (410 Gone); continuing with the next")
        case .tooLarge:
            context.logger.error("the Runtime API rejected the error report as too large")
        case .rejected(let status, let body):
            context.logger.error("the Runtime API rejected the answer with \(status): \(body.prefix(300))")
        }
    }

    private func tooLarge(_ count: Int) -> ErrorReport {
        ErrorReport(
            errorType: "Function.ResponseSizeTooLarge",
            errorMessage: "the response is \(count) bytes, over Lambda's limit of \(Self.maxResponseBytes) bytes for a buffered response")
    }
}

/// X-Ray trace header for invocations that arrive without one (the local emulator sends none).
enum TraceID {
    static func generate() -> String {
        let seconds = String(UInt32(truncatingIfNeeded: WallClock.nowMilliseconds() / 1000), radix: 16)
        var random = SystemRandomNumberGenerator()
        let high = String(UInt64.random(in: 0...UInt64.max, using: &random) & 0xFFFF_FFFF_FFFF_FFFF, radix: 16)
        let low = String(UInt32.random(in: 0...UInt32.max, using: &random), radix: 16)
        let body = String(repeating: "0", count: 16 - high.count) + high + String(repeating: "0", count: 8 - low.count) + low
        return "Root=1-\(String(repeating: "0", count: 8 - seconds.count) + seconds)-\(body);Sampled=0"
    }
}
