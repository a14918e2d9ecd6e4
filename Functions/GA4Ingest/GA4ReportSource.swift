#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import AWS
import GA4
import LambdaRuntime

/// Where the report definitions come from: inline JSON (`GA4_REPORTS`), an S3 object (`GA4_REPORTS_S3_URI`),
/// or the standard set.
enum GA4ReportSource: Sendable, Equatable {
    case standard
    case inline(String)
    case s3(bucket: String, key: String)

    init(inline: String?, s3URI: String?) throws(ConfigurationError) {
        switch (inline, s3URI) {
        case (.some, .some):
            throw ConfigurationError(variable: "GA4_REPORTS", problem: "set either GA4_REPORTS or GA4_REPORTS_S3_URI, not both")
        case (.some(let json), nil):
            self = .inline(json)
        case (nil, .some(let uri)):
            guard uri.hasPrefix("s3://") else {
                throw ConfigurationError(variable: "GA4_REPORTS_S3_URI", problem: "\"\(uri)\" is not an s3://bucket/key URI")
            }
            let rest = uri.dropFirst("s3://".count)
            guard let slash = rest.firstIndex(of: "/"), rest.index(after: slash) < rest.endIndex else {
                throw ConfigurationError(variable: "GA4_REPORTS_S3_URI", problem: "\"\(uri)\" names no object key")
            }
            let bucket = String(rest[..<slash])
            try GA4IngestConfiguration.validateBucket(bucket, variable: "GA4_REPORTS_S3_URI")
            self = .s3(bucket: bucket, key: String(rest[rest.index(after: slash)...]))
        case (nil, nil):
            self = .standard
        }
    }

    /// The validated definitions; the error names the variable or object they came from.
    func load(s3: S3Client) async throws -> [ReportDefinition] {
        switch self {
        case .standard:
            return ReportDefinition.defaults
        case .inline(let json):
            do {
                return try ReportDefinition.decodeList(Data(json.utf8), source: "GA4_REPORTS")
            } catch {
                throw ConfigurationError(variable: "GA4_REPORTS", problem: error.description)
            }
        case .s3(let bucket, let key):
            let object: S3Object
            do {
                object = try await s3.getObject(bucket: bucket, key: key)
            } catch {
                throw ConfigurationError(variable: "GA4_REPORTS_S3_URI", problem: "cannot read s3://\(bucket)/\(key): \(error.description)")
            }
            do {
                return try ReportDefinition.decodeList(object.body, source: "s3://\(bucket)/\(key)")
            } catch {
                throw ConfigurationError(variable: "GA4_REPORTS_S3_URI", problem: error.description)
            }
        }
    }
}
