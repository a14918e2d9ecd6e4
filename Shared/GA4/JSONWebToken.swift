import JSONText
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import _CryptoExtras

/// The RS256 JWT a service account signs for the JWT-bearer grant (RFC 7523), built as Google's own auth
/// libraries build it: header `alg`, `typ`, `kid`; claims `iss`, `scope`, `aud`, `iat`, `exp`.
enum JSONWebToken {
    /// The longest lifetime Google accepts for the assertion.
    static let lifetime: TimeInterval = 3600

    static func bearerGrantAssertion(key: ServiceAccountKey, scopes: [String], audience: String, issuedAt: Date) throws(GA4Error)
        -> String
    {
        let iat = Int64(issuedAt.timeIntervalSince1970.rounded(.down))
        let header = "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\(JSONString.quoted(key.privateKeyID))}"
        let claims = "{\"iss\":\(JSONString.quoted(key.clientEmail)),\"scope\":\(JSONString.quoted(scopes.joined(separator: " "))),"
            + "\"aud\":\(JSONString.quoted(audience)),\"iat\":\(iat),\"exp\":\(iat + Int64(lifetime))}"
        let signingInput = Base64URL.encode(Data(header.utf8)) + "." + Base64URL.encode(Data(claims.utf8))
        let signature: _RSA.Signing.RSASignature
        do {
            // RS256 is RSASSA-PKCS1-v1_5 with SHA-256; the library's default padding (PSS) would make PS256.
            signature = try key.signingKey.signature(for: Data(signingInput.utf8), padding: .insecurePKCS1v1_5)
        } catch {
            throw .invalidCredentials(source: key.clientEmail, field: "private_key", reason: "signing failed")
        }
        return signingInput + "." + Base64URL.encode(signature.rawRepresentation)
    }
}
