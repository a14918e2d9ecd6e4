/// An access key pair and, for temporary credentials (Lambda, assumed roles), the session token.
public struct AWSCredentials: Sendable, Equatable {
    public var accessKeyID: String
    public var secretAccessKey: String
    public var sessionToken: String?

    public init(accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
    }
}

extension AWSCredentials: CustomStringConvertible {
    /// Names the key id only; the secret and the token never appear in logs.
    public var description: String {
        "AWSCredentials(accessKeyID: \(accessKeyID), secret: <redacted>\(sessionToken == nil ? "" : ", session token: <redacted>"))"
    }
}
