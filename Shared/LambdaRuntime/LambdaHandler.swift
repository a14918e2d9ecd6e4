#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import JSONText

/// A function's logic with typed input and output: the runtime decodes the event from JSON and encodes the
/// output as JSON. A handler is created once per execution environment and reused across invocations.
public protocol LambdaHandler: Sendable {
    associatedtype Event: Decodable
    associatedtype Output: Encodable

    func handle(_ event: Event, context: LambdaContext) async throws -> Output
}

/// A handler that takes and returns raw bytes, for events that are not JSON or need custom decoding.
public protocol ByteLambdaHandler: Sendable {
    func handle(_ event: Data, context: LambdaContext) async throws -> Data
}

/// What init code receives: configuration, a logger, and the HTTP client every AWS or Google call of the
/// function should share (one transfer thread, one connection cache).
public struct LambdaInitialization: Sendable {
    public let environment: LambdaEnvironment
    public let logger: Logger
    public let http: HTTPClientProvider

    public init(environment: LambdaEnvironment, logger: Logger, http: HTTPClientProvider) {
        self.environment = environment
        self.logger = logger
        self.http = http
    }
}

/// Output for functions that answer nothing; encodes as JSON `null`.
public struct NoOutput: Encodable, Sendable {
    public init() {}
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encodeNil()
    }
}

/// Runs a typed handler as a byte handler: JSON in, JSON out, decoding errors named by field. Event types
/// that read themselves from the bytes (`JSONBytesDecodable`) skip `JSONDecoder`.
struct CodableHandlerAdapter<Handler: LambdaHandler>: ByteLambdaHandler {
    let handler: Handler

    func handle(_ event: Data, context: LambdaContext) async throws -> Data {
        let decoded: Handler.Event
        if let readable = Handler.Event.self as? any JSONBytesDecodable.Type {
            let result = event.withUnsafeBytes { raw in
                Result { () throws(JSONFieldError) in try readable.init(jsonBytes: raw.bindMemory(to: UInt8.self)) }
            }
            switch result {
            case .success(let value): decoded = value as! Handler.Event
            case .failure(let error): throw InvalidEventError(error.description)
            }
        } else {
            do {
                decoded = try JSONDecoder().decode(Handler.Event.self, from: event)
            } catch let error as DecodingError {
                throw InvalidEventError(DecodingErrorDescription.describe(error, decoding: Handler.Event.self))
            }
        }
        let output = try await handler.handle(decoded, context: context)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return try encoder.encode(output)
    }
}
