#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The error model of Google APIs (`google.rpc.Status`), as REST wraps it: `{"error": {code, message, status,
/// details}}`. Of `details` the module keeps what explains a request error to a person: field violations
/// (`google.rpc.BadRequest`), error reasons (`google.rpc.ErrorInfo`) and help links.
public struct GoogleRPCStatus: Sendable, Equatable, CustomStringConvertible {
    /// The HTTP-mapped code (403) or, from client libraries, the gRPC code (7).
    public var code: Int
    public var message: String
    /// The canonical code name: `PERMISSION_DENIED`, `INVALID_ARGUMENT`, `RESOURCE_EXHAUSTED`…
    public var status: String
    public var fieldViolations: [FieldViolation]
    public var reasons: [String]

    public struct FieldViolation: Sendable, Equatable {
        public var field: String
        public var description: String
    }

    public init(code: Int, message: String, status: String, fieldViolations: [FieldViolation] = [], reasons: [String] = []) {
        self.code = code
        self.message = message
        self.status = status
        self.fieldViolations = fieldViolations
        self.reasons = reasons
    }

    public var description: String {
        var text = status.isEmpty ? message : "\(status): \(message)"
        for violation in fieldViolations where !message.contains(violation.description) {
            text += violation.field.isEmpty ? " (\(violation.description))" : " (\(violation.field): \(violation.description))"
        }
        return text
    }

    /// Decodes an error body. Accepts the REST shape (`{"error":{…}}`) and a bare status; for a body that is
    /// not JSON (a proxy's HTML page), returns a status carrying the start of the text.
    public static func decode(body: Data, httpStatus: Int) -> GoogleRPCStatus {
        let decoder = JSONDecoder()
        if let wrapped = try? decoder.decode(Envelope.self, from: body), let error = wrapped.error {
            return error.model
        }
        if let bare = try? decoder.decode(Wire.self, from: body), bare.message != nil || bare.status != nil {
            return bare.model
        }
        let text = String(decoding: body.prefix(300), as: UTF8.self)
        return GoogleRPCStatus(code: httpStatus, message: text.isEmpty ? "(empty body)" : text, status: "")
    }

    private struct Envelope: Decodable {
        var error: Wire?
    }

    private struct Wire: Decodable {
        var code: Int?
        var message: String?
        var status: String?
        var details: [Detail]?

        var model: GoogleRPCStatus {
            let violations = (details ?? []).flatMap { $0.fieldViolations ?? [] }.map {
                FieldViolation(field: $0.field ?? "", description: $0.description ?? "")
            }
            let reasons = (details ?? []).compactMap(\.reason)
            return GoogleRPCStatus(
                code: code ?? 0, message: message ?? "", status: status ?? "", fieldViolations: violations, reasons: reasons)
        }
    }

    private struct Detail: Decodable {
        var fieldViolations: [WireViolation]?
        var reason: String?
    }

    private struct WireViolation: Decodable {
        var field: String?
        var description: String?
    }
}
