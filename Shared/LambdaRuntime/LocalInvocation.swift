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

/// `bootstrap --event event.json`: one invocation without any Runtime API, for a quick check on a laptop.
/// The response goes to stdout, logs to stderr; the exit status is 0 on success.
enum LocalInvocation {
    static func run(
        arguments: [String], logger: Logger, makeHandler: @Sendable () async throws -> any ByteLambdaHandler
    ) async -> Int32 {
        guard let flag = arguments.firstIndex(of: "--event"), flag + 1 < arguments.count else {
            logger.fatal("AWS_LAMBDA_RUNTIME_API is not set: run under Lambda or the Runtime Interface Emulator, or pass --event <file.json> for one local invocation")
            return 2
        }
        let path = arguments[flag + 1]
        guard let event = readFile(path) else {
            logger.fatal("cannot read the event file \(path)")
            return 2
        }
        let requestID = "local-\(WallClock.nowMilliseconds())"
        let traceID = TraceID.generate()
        let context = LambdaContext(
            requestID: requestID, deadlineMilliseconds: WallClock.nowMilliseconds() + 900_000,
            invokedFunctionARN: "arn:aws:lambda:\(ProcessInfo.processInfo.environment["AWS_REGION"] ?? "us-east-1"):000000000000:function:local",
            traceID: traceID, logger: logger.invocation(requestID: requestID, traceID: traceID))
        do {
            let handler = try await makeHandler()
            let output = try await handler.handle(event, context: context)
            var text = String(decoding: output, as: UTF8.self)
            text += "\n"
            StandardErrorWriter.standardOutput.write(text)
            return 0
        } catch {
            StandardErrorWriter.standardOutput.write(ErrorReport(error).json + "\n")
            return 1
        }
    }

    private static func readFile(_ path: String) -> Data? {
        guard let file = fopen(path, "rb") else { return nil }
        defer { fclose(file) }
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = fread(&buffer, 1, buffer.count, file)
            if count > 0 { data.append(contentsOf: buffer[0..<count]) }
            if count < buffer.count { break }
        }
        return ferror(file) == 0 ? data : nil
    }
}
