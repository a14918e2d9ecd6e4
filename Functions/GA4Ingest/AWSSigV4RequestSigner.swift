#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import AWS
import GA4
import HTTP

/// Signs the `GetCallerIdentity` request that workload identity federation hands to Google STS, with the
/// function's own credentials (the execution role's, from the environment).
struct AWSSigV4RequestSigner: AWSRequestSigning {
    let credentials: AWSCredentials

    struct InvalidURL: Error, CustomStringConvertible {
        let description: String
    }

    func sign(_ request: AWSRequestToSign) async throws -> HTTPHeaders {
        guard let schemeEnd = request.url.firstRange(of: "://") else {
            throw InvalidURL(description: "cannot sign \(request.url): not an absolute URL")
        }
        let afterScheme = request.url[schemeEnd.upperBound...]
        let authorityEnd = afterScheme.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? afterScheme.endIndex
        let authority = String(afterScheme[..<authorityEnd]).lowercased()
        let rest = afterScheme[authorityEnd...]
        let pathEnd = rest.firstIndex(of: "?") ?? rest.endIndex
        let path = rest[..<pathEnd].isEmpty ? "/" : String(rest[..<pathEnd])
        let query = pathEnd < rest.endIndex ? String(rest[rest.index(after: pathEnd)...]) : ""
        guard !authority.isEmpty else { throw InvalidURL(description: "cannot sign \(request.url): no host") }

        var headers = request.headers
        if headers["Host"] == nil { headers.add("Host", authority) }
        let signer = SigV4Signer(credentials: credentials, region: request.region, service: request.service)
        return signer.signHeaders(
            method: request.method, path: path, query: query, headers: headers,
            payloadHash: SigV4Signer.sha256Hex(request.body), date: Date(), rules: .standard
        ).headers
    }
}
