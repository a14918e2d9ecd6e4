import Crypto
import Foundation
import GA4
import HTTP

/// A Signature Version 4 signer for the workload identity tests, written from AWS's specification and checked
/// against AWS's published test vectors (GA4TestSigV4SignerTests). The function itself gets its signer from
/// the AWS module; the test server checks every signature with botocore.
struct GA4TestSigV4Signer: AWSRequestSigning {
    var accessKeyID: String
    var secretAccessKey: String
    var sessionToken: String?
    var date: @Sendable () -> Date = { Date() }

    func sign(_ request: AWSRequestToSign) async throws -> HTTPHeaders {
        signHeaders(request, at: date())
    }

    func signHeaders(_ request: AWSRequestToSign, at now: Date) -> HTTPHeaders {
        let amzDate = Self.timestamp(now)
        let day = String(amzDate.prefix(8))
        var headers = request.headers
        headers.add("x-amz-date", amzDate)
        if let sessionToken { headers.add("x-amz-security-token", sessionToken) }

        let (path, query) = Self.split(request.url)
        let canonicalHeaders = Dictionary(grouping: headers.fields, by: { $0.name.lowercased() })
            .mapValues { $0.map { Self.trim($0.value) }.joined(separator: ",") }
        let signedNames = canonicalHeaders.keys.sorted()
        let canonicalRequest = [
            request.method.uppercased(),
            path.isEmpty ? "/" : path,
            Self.canonicalQuery(query),
            signedNames.map { "\($0):\(canonicalHeaders[$0]!)\n" }.joined(),
            signedNames.joined(separator: ";"),
            Self.hex(SHA256.hash(data: request.body)),
        ].joined(separator: "\n")
        let scope = "\(day)/\(request.region)/\(request.service)/aws4_request"
        let stringToSign = ["AWS4-HMAC-SHA256", amzDate, scope, Self.hex(SHA256.hash(data: Data(canonicalRequest.utf8)))]
            .joined(separator: "\n")
        var key = SymmetricKey(data: Data("AWS4\(secretAccessKey)".utf8))
        for part in [day, request.region, request.service, "aws4_request"] {
            key = SymmetricKey(data: Data(HMAC<SHA256>.authenticationCode(for: Data(part.utf8), using: key)))
        }
        let signature = Self.hex(HMAC<SHA256>.authenticationCode(for: Data(stringToSign.utf8), using: key))
        headers.add("Authorization",
            "AWS4-HMAC-SHA256 Credential=\(accessKeyID)/\(scope), SignedHeaders=\(signedNames.joined(separator: ";")), Signature=\(signature)")
        return headers
    }

    static func timestamp(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(format: "%04d%02d%02dT%02d%02d%02dZ", c.year!, c.month!, c.day!, c.hour!, c.minute!, c.second!)
    }

    private static func split(_ url: String) -> (path: String, query: String) {
        let afterScheme = url.components(separatedBy: "://").last ?? url
        let pathAndQuery = afterScheme.drop { $0 != "/" && $0 != "?" }
        let parts = pathAndQuery.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        return (String(parts.first ?? ""), parts.count > 1 ? String(parts[1]) : "")
    }

    /// Query parameters sorted by name then value; the URL is already encoded as the spec requires.
    private static func canonicalQuery(_ query: String) -> String {
        guard !query.isEmpty else { return "" }
        let pairs: [(name: String, value: String)] = query.split(separator: "&").map { pair in
            let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (String(kv[0]), kv.count > 1 ? String(kv[1]) : "")
        }
        let sorted = pairs.sorted { lhs, rhs in lhs.name == rhs.name ? lhs.value < rhs.value : lhs.name < rhs.name }
        return sorted.map { "\($0.name)=\($0.value)" }.joined(separator: "&")
    }

    private static func trim(_ value: String) -> String {
        value.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
    }

    private static func hex<D: Sequence>(_ digest: D) -> String where D.Element == UInt8 {
        digest.map { String(format: "%02x", $0) }.joined()
    }
}
