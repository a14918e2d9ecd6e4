import HTTP

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Reads the error code, message and request id out of an error response, for each wire protocol.
public enum AWSErrorDecoder {
    public struct Decoded: Sendable, Equatable {
        public var code: String
        public var message: String
        public var requestID: String?
    }

    public static func decode(_ response: HTTPResponse, wireProtocol: AWSService.WireProtocol) -> Decoded {
        let requestID = response.headers["x-amzn-RequestId"] ?? response.headers["x-amz-request-id"]
            ?? response.headers["x-amzn-requestid"]
        var decoded: Decoded?
        switch wireProtocol {
        case .restXML, .query:
            decoded = decodeXML(response.body)
        case .json, .restJSON:
            decoded = decodeJSON(response.body, headers: response.headers, preferHeader: wireProtocol == .restJSON)
        }
        var result = decoded ?? Decoded(code: fallbackCode(status: response.status), message: excerpt(response.body))
        if result.requestID == nil { result.requestID = requestID }
        if let queryError = response.headers["x-amzn-query-error"], let code = queryError.split(separator: ";").first {
            result.code = String(code)
        }
        return result
    }

    /// `<Error><Code>…` (S3) or `<ErrorResponse><Error><Code>…` (Query); nil if the body is no such document.
    public static func decodeXML(_ body: Data) -> Decoded? {
        guard !body.isEmpty, let root = try? XMLElement.parse(body) else { return nil }
        let error = root.localName == "Error" ? root : root.child("Error") ?? root.child("Errors")?.child("Error")
        guard let error, let code = error.text(of: "Code") else { return nil }
        let requestID = error.text(of: "RequestId") ?? root.text(of: "RequestId") ?? root.text(of: "RequestID")
        return Decoded(code: code, message: error.text(of: "Message") ?? "", requestID: requestID)
    }

    /// `{"__type": "...#Code:extra", "message": "..."}` with `X-Amzn-ErrorType` as the other source.
    public static func decodeJSON(_ body: Data, headers: HTTPHeaders, preferHeader: Bool) -> Decoded? {
        let object = (try? JSONSerializationLite.object(body)) ?? [:]
        let header = headers["X-Amzn-ErrorType"].map(cleanCode)
        let bodyCode = (object["__type"] ?? object["code"] ?? object["Code"]).map(cleanCode)
        guard let code = preferHeader ? (header ?? bodyCode) : (bodyCode ?? header), !code.isEmpty else { return nil }
        let message = object["message"] ?? object["Message"] ?? object["errorMessage"] ?? ""
        return Decoded(code: code, message: message, requestID: nil)
    }

    /// Strips a namespace (`com.amazonaws.glue#`) and anything after `:` (`:http://internal.amazon.com/...`).
    static func cleanCode(_ raw: String) -> String {
        var code = Substring(raw)
        if let hash = code.lastIndex(of: "#") { code = code[code.index(after: hash)...] }
        if let colon = code.firstIndex(of: ":") { code = code[..<colon] }
        return code.trimmedWhitespace()
    }

    /// A code for responses without a body (HEAD) or with an unreadable one.
    static func fallbackCode(status: Int) -> String {
        switch status {
        case 301: return "PermanentRedirect"
        case 304: return "NotModified"
        case 400: return "BadRequest"
        case 403: return "Forbidden"
        case 404: return "NotFound"
        case 412: return "PreconditionFailed"
        case 429: return "TooManyRequests"
        case 500: return "InternalError"
        case 502: return "BadGateway"
        case 503: return "ServiceUnavailable"
        case 504: return "GatewayTimeout"
        default: return "HTTP\(status)"
        }
    }

    static func excerpt(_ body: Data) -> String {
        let text = String(decoding: body.prefix(300), as: UTF8.self)
        return body.count > 300 ? text + "…" : text
    }
}

/// Reads the top-level string members of a JSON object (enough for error bodies) with the Codable decoder.
enum JSONSerializationLite {
    private struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    private struct StringMembers: Decodable {
        var values: [String: String] = [:]
        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: AnyKey.self)
            for key in container.allKeys {
                if let value = try? container.decode(String.self, forKey: key) { values[key.stringValue] = value }
            }
        }
    }

    static func object(_ data: Data) throws -> [String: String] {
        try JSONDecoder().decode(StringMembers.self, from: data).values
    }
}
