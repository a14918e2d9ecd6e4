import GA4
import LambdaRuntime

/// A failure an operator can act on; `errorType` tells the kinds apart in the invoke response and logs.
typealias GA4IngestError = LambdaFailure<GA4IngestErrorKind>

/// The `errorType` of each kind of GA4Ingest failure.
enum GA4IngestErrorKind: String, Sendable {
    /// The credential secret is missing, unreadable, or not a usable Google credential.
    case credentials = "GA4Ingest.Credentials"
    /// Google refused the credentials (bad key, unknown key id, revoked account).
    case authentication = "GA4Ingest.Authentication"
    /// The account may not read the property.
    case propertyAccess = "GA4Ingest.PropertyAccess"
    /// A configured dimension or metric does not exist for the property, or the API refused the request.
    case reportDefinition = "GA4Ingest.ReportDefinition"
    /// The Data API failed after retries.
    case api = "GA4Ingest.API"
    /// Writing to or reading from S3 failed.
    case storage = "GA4Ingest.Storage"
    /// Reading a report's table or registering a partition in the Glue catalog failed.
    case catalog = "GA4Ingest.Catalog"
    /// The answer could not be turned into a table.
    case data = "GA4Ingest.Data"
    /// A run stopped at the deadline could not hand the rest to a new invocation.
    case continuation = "GA4Ingest.Continuation"
}

extension GA4IngestError {
    /// Sorts a GA4 failure by what the operator has to fix, with where it happened.
    init(_ error: GA4Error, context: String) {
        let message = "\(context): \(error.description)"
        switch error {
        case .invalidCredentials:
            self.init(.credentials, message)
        case .authentication:
            self.init(.authentication, message)
        case .api(_, _, let httpStatus, _) where httpStatus == 403:
            self.init(.propertyAccess, message + " (grant the service account Viewer access to the property in GA4 Admin)")
        case .api(_, _, let httpStatus, _) where httpStatus == 400:
            self.init(.reportDefinition, message)
        case .unknownName, .invalidConfiguration, .invalidRequest:
            self.init(.reportDefinition, message)
        case .api, .transport:
            self.init(.api, message)
        case .invalidResponse, .inconsistentPagination:
            self.init(.data, message)
        }
    }
}
