import AWS
import Foundation

/// Hands an event to a function synchronously and tells whether it succeeded: no function error, and for
/// stream handlers no partial batch failure in the response.
struct FunctionInvoker: Sendable {
    let lambda: LambdaClient
    let function: String

    struct Outcome: Sendable {
        var succeeded: Bool
        /// The function's error type and message, or the sequence numbers it asked to be re-delivered.
        var problem: String?
        var payload: Data
    }

    func invoke(_ event: Data) async throws(AWSError) -> Outcome {
        let result = try await lambda.invoke(function: function, payload: event)
        if let functionError = result.functionError {
            return Outcome(succeeded: false, problem: "\(functionError): \(Self.errorSummary(result.payload))", payload: result.payload)
        }
        if let failures = Self.batchItemFailures(result.payload), !failures.isEmpty {
            return Outcome(
                succeeded: false, problem: "the function asked for re-delivery from \(failures.joined(separator: ", "))",
                payload: result.payload)
        }
        return Outcome(succeeded: true, problem: nil, payload: result.payload)
    }

    /// `errorType: errorMessage` of a Lambda error document, or the payload's start.
    static func errorSummary(_ payload: Data) -> String {
        struct ErrorDocument: Decodable { var errorType: String?; var errorMessage: String? }
        if let document = try? JSONDecoder().decode(ErrorDocument.self, from: payload), document.errorType != nil || document.errorMessage != nil {
            return [document.errorType, document.errorMessage].compactMap { $0 }.joined(separator: ": ")
        }
        return String(decoding: payload.prefix(300), as: UTF8.self)
    }

    /// The item identifiers of a `{"batchItemFailures": [...]}` response; nil for any other response.
    static func batchItemFailures(_ payload: Data) -> [String]? {
        struct Response: Decodable {
            struct Item: Decodable { var itemIdentifier: String? }
            var batchItemFailures: [Item]?
        }
        guard let response = try? JSONDecoder().decode(Response.self, from: payload), let items = response.batchItemFailures else { return nil }
        return items.map { $0.itemIdentifier ?? "(no identifier)" }
    }
}
