import HTTP

/// Every failure of the GA4 module, worded so that a user can act on it. No case ever carries an access
/// token, a private key, a JWT assertion or an AWS signature.
public enum GA4Error: Error, Sendable, Equatable, CustomStringConvertible {
    /// A service-account key or external-account configuration is unusable; `field` names the JSON field.
    case invalidCredentials(source: String, field: String, reason: String)
    /// A token endpoint (OAuth, STS, IAM credentials) refused or failed; `error`/`detail` come from its body.
    case authentication(endpoint: String, status: Int, error: String, detail: String)
    /// The Data API answered with a `google.rpc.Status` error.
    case api(method: String, resource: String, httpStatus: Int, status: GoogleRPCStatus)
    /// A request built from configuration breaks a documented limit (names the field and the limit).
    case invalidRequest(String)
    /// A report definition or property list is invalid; names the definition and the field.
    case invalidConfiguration(String)
    /// A configured dimension or metric name is unknown to the property.
    case unknownName(kind: String, name: String, report: String, property: String)
    /// A response could not be decoded; names the document, the byte offset and what was wrong.
    case invalidResponse(source: String, detail: String)
    /// Pagination did not add up (row count changed between pages, a page came back empty early).
    case inconsistentPagination(property: String, detail: String)
    /// The network exchange failed.
    case transport(HTTPError)

    public var description: String {
        switch self {
        case .invalidCredentials(let source, let field, let reason):
            return "invalid Google credentials in \(source): field \(field): \(reason)"
        case .authentication(let endpoint, let status, let error, let detail):
            return "authentication at \(endpoint) failed with HTTP \(status): \(error)\(detail.isEmpty ? "" : ": \(detail)")"
        case .api(let method, let resource, let httpStatus, let status):
            return "\(method) for \(resource) failed with HTTP \(httpStatus) \(status)"
        case .invalidRequest(let detail):
            return "invalid GA4 request: \(detail)"
        case .invalidConfiguration(let detail):
            return "invalid GA4 report configuration: \(detail)"
        case .unknownName(let kind, let name, let report, let property):
            return "report \(report): \(kind) \"\(name)\" is not available for \(property) (checked against getMetadata)"
        case .invalidResponse(let source, let detail):
            return "cannot decode \(source): \(detail)"
        case .inconsistentPagination(let property, let detail):
            return "pagination of a report for \(property) is inconsistent: \(detail)"
        case .transport(let error):
            return error.description
        }
    }

    /// The `google.rpc.Status` of an API error, if this is one.
    public var rpcStatus: GoogleRPCStatus? {
        if case .api(_, _, _, let status) = self { return status }
        return nil
    }
}
