import HTTP
import JSONText

/// A gRPC status code (https://grpc.github.io/grpc/core/md_doc_statuscodes.html). Codes outside the
/// table keep their number.
public struct GRPCStatusCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    public static let ok = GRPCStatusCode(rawValue: 0)
    public static let cancelled = GRPCStatusCode(rawValue: 1)
    public static let unknown = GRPCStatusCode(rawValue: 2)
    public static let invalidArgument = GRPCStatusCode(rawValue: 3)
    public static let deadlineExceeded = GRPCStatusCode(rawValue: 4)
    public static let notFound = GRPCStatusCode(rawValue: 5)
    public static let alreadyExists = GRPCStatusCode(rawValue: 6)
    public static let permissionDenied = GRPCStatusCode(rawValue: 7)
    public static let resourceExhausted = GRPCStatusCode(rawValue: 8)
    public static let failedPrecondition = GRPCStatusCode(rawValue: 9)
    public static let aborted = GRPCStatusCode(rawValue: 10)
    public static let outOfRange = GRPCStatusCode(rawValue: 11)
    public static let unimplemented = GRPCStatusCode(rawValue: 12)
    public static let `internal` = GRPCStatusCode(rawValue: 13)
    public static let unavailable = GRPCStatusCode(rawValue: 14)
    public static let dataLoss = GRPCStatusCode(rawValue: 15)
    public static let unauthenticated = GRPCStatusCode(rawValue: 16)

    private static let names = [
        "OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND", "ALREADY_EXISTS",
        "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED", "OUT_OF_RANGE", "UNIMPLEMENTED",
        "INTERNAL", "UNAVAILABLE", "DATA_LOSS", "UNAUTHENTICATED",
    ]

    /// The canonical name, e.g. `UNAVAILABLE`.
    public var description: String {
        Self.names.indices.contains(rawValue) ? Self.names[rawValue] : "CODE_\(rawValue)"
    }

    /// The code a gRPC client reports for an HTTP status other than 200 (gRPC's http-grpc-status-mapping.md).
    public static func forHTTPStatus(_ status: Int) -> GRPCStatusCode {
        switch status {
        case 400: .internal
        case 401: .unauthenticated
        case 403: .permissionDenied
        case 404: .unimplemented
        case 429, 502, 503, 504: .unavailable
        default: .unknown
        }
    }
}

/// The outcome of a gRPC call: `grpc-status` and the percent-decoded `grpc-message`.
public struct GRPCStatus: Sendable, Equatable, CustomStringConvertible {
    public var code: GRPCStatusCode
    public var message: String

    public init(code: GRPCStatusCode, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message.isEmpty ? code.description : "\(code): \(message)" }

    /// The status in a header block (trailers, or the headers of a trailers-only response); nil without
    /// `grpc-status`. A value that is not a number is reported as UNKNOWN, as gRPC clients do.
    public static func from(_ fields: HTTPHeaders) -> GRPCStatus? {
        guard let text = fields["grpc-status"] else { return nil }
        let message = percentDecoded(fields["grpc-message"] ?? "")
        guard let number = Int(text.trimmingASCIIWhitespace()), number >= 0 else {
            return GRPCStatus(code: .unknown, message: "grpc-status \"\(text)\" is not a number; grpc-message: \(message)")
        }
        return GRPCStatus(code: GRPCStatusCode(rawValue: number), message: message)
    }

    /// Undoes gRPC's percent-encoding of `grpc-message` (bytes outside 0x20…0x7E and `%` itself as `%XX`
    /// of UTF-8). A `%` not followed by two hex digits stays as it is; invalid UTF-8 is replaced.
    public static func percentDecoded(_ text: String) -> String {
        PercentDecoding.decode(text)
    }
}

extension String {
    func trimmingASCIIWhitespace() -> String {
        let bytes = Array(utf8)
        var start = 0
        var end = bytes.count
        while start < end, bytes[start] == 32 || bytes[start] == 9 { start += 1 }
        while end > start, bytes[end - 1] == 32 || bytes[end - 1] == 9 { end -= 1 }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }
}
