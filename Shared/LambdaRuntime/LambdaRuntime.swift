import HTTP

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

/// Entry point of every function: `await LambdaRuntime.run { init in try MyHandler(init) }` in main.swift.
///
/// On Lambda (or under the Runtime Interface Emulator) it serves invocations from `AWS_LAMBDA_RUNTIME_API`
/// until the environment ends. Without that variable, `bootstrap --event file.json` runs one invocation
/// locally and prints the response.
public enum LambdaRuntime {
    public static func run<Handler: LambdaHandler>(
        _ makeHandler: @escaping @Sendable (LambdaInitialization) async throws -> Handler
    ) async -> Never {
        await runBytes { initialization in CodableHandlerAdapter(handler: try await makeHandler(initialization)) }
    }

    public static func run<Handler: ByteLambdaHandler>(
        bytes makeHandler: @escaping @Sendable (LambdaInitialization) async throws -> Handler
    ) async -> Never {
        await runBytes(makeHandler)
    }

    private static func runBytes(
        _ makeHandler: @escaping @Sendable (LambdaInitialization) async throws -> any ByteLambdaHandler
    ) async -> Never {
        HeapRetention.keepFreedMemory()
        let environment = ProcessInfo.processInfo.environment
        let logger = Logger(environment: environment)
        // libcurl is for the function's own calls; it loads in the background while init runs and the
        // runtime waits for the first event on its own plain-socket Runtime API connection.
        HTTPClient.prewarm()
        let http = HTTPClient()
        let initialization = LambdaInitialization(
            environment: LambdaEnvironment(environment), logger: logger, http: HTTPClientProvider(client: http))

        guard let endpoint = environment["AWS_LAMBDA_RUNTIME_API"], !endpoint.isEmpty else {
            exit(await LocalInvocation.run(arguments: CommandLine.arguments, logger: logger) {
                try await makeHandler(initialization)
            })
        }
        let api: RuntimeAPIClient
        do {
            api = try RuntimeAPIClient(endpoint: endpoint)
        } catch {
            logger.fatal("\(error)")
            exit(1)
        }
        let loop = RuntimeLoop(api: api, logger: logger)
        switch await loop.run(makeHandler: { try await makeHandler(initialization) }) {
        case .initFailed, .runtimeAPIFailed:
            exit(1)
        }
    }
}
