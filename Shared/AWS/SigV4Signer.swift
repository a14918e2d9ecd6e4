import Crypto
import HTTP

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// AWS Signature Version 4, for the `Authorization` header and for presigned URLs.
///
/// Pure: it reads no clock, environment or file; the caller passes the time and the request. Every
/// intermediate (canonical request, string to sign) is returned so tests can compare them with published
/// vectors byte for byte.
public struct SigV4Signer: Sendable {
    /// The path and payload rules, which differ between S3 and every other service.
    public struct Rules: Sendable, Equatable {
        /// Remove `.`/`..` segments and repeated slashes before signing.
        public var normalizePath: Bool
        /// Percent-encode the (already encoded) wire path once more.
        public var encodePathAgain: Bool
        /// Add and sign `x-amz-content-sha256` with the payload hash (header signing only).
        public var addContentSHA256Header: Bool
        /// Add the session token after signing instead of signing it (a few services need this).
        public var omitSessionToken: Bool

        public init(normalizePath: Bool, encodePathAgain: Bool, addContentSHA256Header: Bool, omitSessionToken: Bool = false) {
            self.normalizePath = normalizePath
            self.encodePathAgain = encodePathAgain
            self.addContentSHA256Header = addContentSHA256Header
            self.omitSessionToken = omitSessionToken
        }

        /// S3: the path is signed exactly as sent, and the payload hash is always a signed header.
        public static let s3 = Rules(normalizePath: false, encodePathAgain: false, addContentSHA256Header: true)
        /// Every other service: the path is normalized and encoded a second time.
        public static let standard = Rules(normalizePath: true, encodePathAgain: true, addContentSHA256Header: false)
    }

    /// The pieces of one signature.
    public struct Signature: Sendable, Equatable {
        public var canonicalRequest: String
        public var stringToSign: String
        public var signature: String
        public var signedHeaders: String
    }

    /// A request signed in its headers.
    public struct SignedHeaders: Sendable {
        /// The request's headers plus `X-Amz-Date`, `X-Amz-Security-Token`, `X-Amz-Content-SHA256` (when the rules
        /// ask for it) and `Authorization`.
        public var headers: HTTPHeaders
        public var signature: Signature
    }

    /// A request signed in its query string.
    public struct SignedQuery: Sendable {
        /// The complete wire query: the original items, the `X-Amz-*` items and `X-Amz-Signature` last.
        public var query: String
        public var signature: Signature
    }

    /// Literal payload hash for S3 requests whose body is not hashed (presigned URLs).
    public static let unsignedPayload = "UNSIGNED-PAYLOAD"
    /// Hex SHA-256 of the empty string.
    public static let emptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

    /// Headers never signed: hop-by-hop ones a proxy may change, and ones added by the HTTP layer (botocore's list).
    static let unsignableHeaders: Set<String> = [
        "authorization", "connection", "expect", "keep-alive", "proxy-authenticate", "proxy-authorization", "te",
        "trailer", "transfer-encoding", "upgrade", "user-agent", "x-amzn-trace-id",
    ]

    public var credentials: AWSCredentials
    public var region: String
    /// The signing name of the service (`s3`, `glue`, `rds-db`).
    public var service: String

    public init(credentials: AWSCredentials, region: String, service: String) {
        self.credentials = credentials
        self.region = region
        self.service = service
    }

    /// Signs a request in its headers.
    ///
    /// - Parameters:
    ///   - path: the path as it goes on the wire (percent-encoded), e.g. `/raw/a%20b.json`.
    ///   - query: the wire query without `?` ("" for none).
    ///   - headers: the headers to sign; must include `Host` (lower-cased host plus a non-default port).
    ///     Existing `Authorization`, `X-Amz-Date` and `X-Amz-Security-Token` fields are replaced.
    ///   - payloadHash: hex SHA-256 of the body, or `UNSIGNED-PAYLOAD` (S3).
    public func signHeaders(
        method: String, path: String, query: String, headers: HTTPHeaders, payloadHash: String, date: Date, rules: Rules
    ) -> SignedHeaders {
        let amzDate = AWSDateFormat.amzDate(date)
        var headers = headers
        for name in ["Authorization", "X-Amz-Date", "X-Amz-Security-Token"] { headers.remove(name) }
        headers.add("X-Amz-Date", amzDate)
        if let token = credentials.sessionToken, !rules.omitSessionToken { headers.add("X-Amz-Security-Token", token) }
        if rules.addContentSHA256Header { headers.set("X-Amz-Content-SHA256", payloadHash) }

        let (canonicalHeaders, signedHeaderNames) = Self.canonicalHeaders(headers)
        let canonicalRequest = [
            method.uppercased(), canonicalURI(path, rules: rules), SigV4Encoding.canonicalQuery(query),
            canonicalHeaders, signedHeaderNames, payloadHash,
        ].joined(separator: "\n")
        let signature = sign(canonicalRequest: canonicalRequest, amzDate: amzDate, signedHeaders: signedHeaderNames)

        headers.add(
            "Authorization",
            "AWS4-HMAC-SHA256 Credential=\(credentials.accessKeyID)/\(scope(amzDate)), SignedHeaders=\(signedHeaderNames), Signature=\(signature.signature)"
        )
        if let token = credentials.sessionToken, rules.omitSessionToken { headers.add("X-Amz-Security-Token", token) }
        return SignedHeaders(headers: headers, signature: signature)
    }

    /// Signs a request in its query string (a presigned URL).
    ///
    /// - Parameters:
    ///   - headers: the headers the URL's user will send and that are signed; at least `Host`.
    ///   - payloadHash: `UNSIGNED-PAYLOAD` for S3; the hash of the (usually empty) body for other services.
    ///   - expires: validity in seconds (S3 allows up to 604800).
    public func presign(
        method: String, path: String, query: String, headers: HTTPHeaders, payloadHash: String, date: Date,
        expires: Int, rules: Rules
    ) -> SignedQuery {
        let amzDate = AWSDateFormat.amzDate(date)
        let (canonicalHeaders, signedHeaderNames) = Self.canonicalHeaders(headers)
        var items: [(String, String?)] = [
            ("X-Amz-Algorithm", "AWS4-HMAC-SHA256"),
            ("X-Amz-Credential", "\(credentials.accessKeyID)/\(scope(amzDate))"),
            ("X-Amz-Date", amzDate),
            ("X-Amz-Expires", String(expires)),
            ("X-Amz-SignedHeaders", signedHeaderNames),
        ]
        if let token = credentials.sessionToken, !rules.omitSessionToken { items.append(("X-Amz-Security-Token", token)) }
        let signedQuery = [query, SigV4Encoding.queryString(items)].filter { !$0.isEmpty }.joined(separator: "&")

        let canonicalRequest = [
            method.uppercased(), canonicalURI(path, rules: rules), SigV4Encoding.canonicalQuery(signedQuery),
            canonicalHeaders, signedHeaderNames, payloadHash,
        ].joined(separator: "\n")
        let signature = sign(canonicalRequest: canonicalRequest, amzDate: amzDate, signedHeaders: signedHeaderNames)

        var tail: [(String, String?)] = []
        if let token = credentials.sessionToken, rules.omitSessionToken { tail.append(("X-Amz-Security-Token", token)) }
        tail.append(("X-Amz-Signature", signature.signature))
        return SignedQuery(query: signedQuery + "&" + SigV4Encoding.queryString(tail), signature: signature)
    }

    /// The derived key: HMAC chain over date, region, service and `aws4_request`.
    public func signingKey(dateStamp: String) -> SymmetricKey {
        var key = SymmetricKey(data: Array("AWS4\(credentials.secretAccessKey)".utf8))
        for part in [dateStamp, region, service, "aws4_request"] {
            key = SymmetricKey(data: Array(HMAC<SHA256>.authenticationCode(for: Array(part.utf8), using: key)))
        }
        return key
    }

    /// Hex SHA-256, as payload hashes are written.
    public static func sha256Hex(_ data: some DataProtocol) -> String {
        hexString(SHA256.hash(data: data))
    }

    // MARK: - pieces

    private func scope(_ amzDate: String) -> String {
        "\(amzDate.prefix(8))/\(region)/\(service)/aws4_request"
    }

    private func sign(canonicalRequest: String, amzDate: String, signedHeaders: String) -> Signature {
        let stringToSign = [
            "AWS4-HMAC-SHA256", amzDate, scope(amzDate), Self.sha256Hex(Array(canonicalRequest.utf8)),
        ].joined(separator: "\n")
        let key = signingKey(dateStamp: String(amzDate.prefix(8)))
        let mac = HMAC<SHA256>.authenticationCode(for: Array(stringToSign.utf8), using: key)
        return Signature(
            canonicalRequest: canonicalRequest, stringToSign: stringToSign, signature: hexString(mac),
            signedHeaders: signedHeaders)
    }

    private func canonicalURI(_ path: String, rules: Rules) -> String {
        var uri = path.isEmpty ? "/" : path
        if rules.normalizePath { uri = SigV4Encoding.normalizePath(uri) }
        if rules.encodePathAgain { uri = SigV4Encoding.uriEncode(uri, keepingSlash: true) }
        return uri
    }

    /// Lower-cased names sorted, values trimmed with inner whitespace runs collapsed, repeated names joined by `,`.
    static func canonicalHeaders(_ headers: HTTPHeaders) -> (canonical: String, signedNames: String) {
        var values: [String: [String]] = [:]
        for field in headers {
            let name = field.name.lowercased()
            guard !unsignableHeaders.contains(name) else { continue }
            values[name, default: []].append(collapseWhitespace(field.value))
        }
        let names = values.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        let canonical = names.map { "\($0):\(values[$0]!.joined(separator: ","))\n" }.joined()
        return (canonical, names.joined(separator: ";"))
    }

    private static func collapseWhitespace(_ value: String) -> String {
        value.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" })
            .joined(separator: " ")
    }
}
