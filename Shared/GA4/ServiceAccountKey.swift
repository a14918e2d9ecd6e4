#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import _CryptoExtras

/// A Google service-account key file (`"type": "service_account"`), parsed and checked. The private key is
/// held only as a signing key; nothing here prints it.
public struct ServiceAccountKey: Sendable, CustomStringConvertible {
    public let clientEmail: String
    public let privateKeyID: String
    /// Where the JWT-bearer grant is sent; also the JWT's audience.
    public let tokenURI: String
    public let projectID: String?
    let signingKey: _RSA.Signing.PrivateKey

    public var description: String { "ServiceAccountKey(\(clientEmail), key id \(privateKeyID))" }

    /// Parses a key file. `source` names where it came from (a secret ARN, a file) for error messages.
    public init(json: Data, source: String) throws(GA4Error) {
        let wire: Wire
        do {
            wire = try JSONDecoder().decode(Wire.self, from: json)
        } catch {
            // The decoder's message could quote key material; say only what kind of problem it is.
            throw .invalidCredentials(source: source, field: "(document)", reason: "not a JSON object with string fields")
        }
        guard wire.type == "service_account" else {
            throw .invalidCredentials(
                source: source, field: "type", reason: "expected \"service_account\", found \"\(wire.type ?? "(missing)")\"")
        }
        guard let email = wire.client_email, email.contains("@"), !email.contains(where: \.isWhitespace) else {
            throw .invalidCredentials(source: source, field: "client_email", reason: "missing or not an email address")
        }
        guard let keyID = wire.private_key_id, !keyID.isEmpty else {
            throw .invalidCredentials(source: source, field: "private_key_id", reason: "missing")
        }
        guard let pem = wire.private_key, pem.contains("-----BEGIN") else {
            throw .invalidCredentials(source: source, field: "private_key", reason: "missing or not a PEM block")
        }
        let key: _RSA.Signing.PrivateKey
        do {
            key = try _RSA.Signing.PrivateKey(pemRepresentation: pem)
        } catch {
            throw .invalidCredentials(
                source: source, field: "private_key", reason: "not an RSA private key of at least 2048 bits in PEM form")
        }
        let tokenURI = wire.token_uri ?? "https://oauth2.googleapis.com/token"
        guard tokenURI.hasPrefix("https://") else {
            throw .invalidCredentials(source: source, field: "token_uri", reason: "must be an https URL")
        }
        clientEmail = email
        privateKeyID = keyID
        self.tokenURI = tokenURI
        projectID = wire.project_id
        signingKey = key
    }

    private struct Wire: Decodable {
        var type: String?
        var project_id: String?
        var private_key_id: String?
        var private_key: String?
        var client_email: String?
        var token_uri: String?
    }
}
