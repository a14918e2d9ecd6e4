/// Where requests for one service go: scheme, host, port and an optional base path.
public struct AWSEndpoint: Sendable, Hashable {
    public var scheme: String
    /// Lower-case host name or IP address (IPv6 in brackets).
    public var host: String
    /// Nil for the scheme's default port.
    public var port: Int?
    /// A path prefix the endpoint URL carried, without a trailing slash ("" for none).
    public var basePath: String
    /// True when the endpoint came from configuration (`AWS_ENDPOINT_URL*`) rather than the AWS default;
    /// S3 then uses path-style addressing.
    public var isCustom: Bool

    public init(scheme: String, host: String, port: Int? = nil, basePath: String = "", isCustom: Bool) {
        self.scheme = scheme
        self.host = host.lowercased()
        self.port = port
        self.basePath = basePath
        self.isCustom = isCustom
    }

    /// Parses an endpoint URL such as `https://s3.eu-west-1.amazonaws.com` or `http://127.0.0.1:5000`.
    /// `source` names where the value came from, for the error message.
    public init(url: String, source: String) throws(AWSConfigurationError) {
        func invalid(_ reason: String) -> AWSConfigurationError { .invalidValue(variable: source, value: url, reason: reason) }
        guard let schemeEnd = url.firstRange(of: "://") else { throw invalid("not an absolute URL (expected scheme://host)") }
        let scheme = url[..<schemeEnd.lowerBound].lowercased()
        guard scheme == "https" || scheme == "http" else { throw invalid("scheme must be https or http") }
        let rest = url[schemeEnd.upperBound...]
        guard !rest.contains("?"), !rest.contains("#"), !rest.contains("@") else {
            throw invalid("must not carry a query, fragment or user info")
        }
        let authority = rest.prefix { $0 != "/" }
        var path = String(rest.dropFirst(authority.count))
        while path.hasSuffix("/") { path.removeLast() }
        var host = Substring(authority)
        var port: Int?
        if let colon = authority.lastIndex(of: ":"), !authority[colon...].contains("]") {
            guard let value = Int(authority[authority.index(after: colon)...]), (1...65535).contains(value) else {
                throw invalid("port is not a number between 1 and 65535")
            }
            host = authority[..<colon]
            port = value
        }
        guard !host.isEmpty,
            host.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-.[]:".contains($0)) })
        else { throw invalid("host is empty or has characters a host name cannot have") }
        if port == 443 && scheme == "https" || port == 80 && scheme == "http" { port = nil }
        self.init(scheme: scheme, host: String(host), port: port, basePath: path, isCustom: true)
    }

    /// The `Host` header value: the host, plus `:port` when it is not the scheme's default.
    public var hostHeader: String { port.map { "\(host):\($0)" } ?? host }

    /// `scheme://host[:port]` followed by the base path.
    public var baseURL: String { "\(scheme)://\(hostHeader)\(basePath)" }

    /// The default endpoint of a service in a region (`https://glue.eu-west-1.amazonaws.com`).
    public static func standard(for service: AWSService, region: String) -> AWSEndpoint {
        let domain = region.hasPrefix("cn-") ? "amazonaws.com.cn" : "amazonaws.com"
        // us-east-1 keeps S3's global host, as botocore does.
        let host = service == .s3 && region == "us-east-1"
            ? "s3.amazonaws.com" : "\(service.endpointPrefix).\(region).\(domain)"
        return AWSEndpoint(scheme: "https", host: host, isCustom: false)
    }
}
