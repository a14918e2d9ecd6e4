import Foundation
import Testing
import _CryptoExtras

@testable import GA4

@Suite struct JSONWebTokenTests {
    static func keyFile(_ privateKey: _RSA.Signing.PrivateKey, email: String = "sa@project.iam.gserviceaccount.com") -> Data {
        let object: [String: String] = [
            "type": "service_account", "project_id": "project", "private_key_id": "0123abcd",
            "private_key": privateKey.pemRepresentation, "client_email": email,
            "token_uri": "https://oauth2.googleapis.com/token",
        ]
        return try! JSONSerialization.data(withJSONObject: object)
    }

    private func decodePart(_ part: Substring) throws -> [String: Any] {
        var text = part.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while text.count % 4 != 0 { text += "=" }
        return try JSONSerialization.jsonObject(with: Data(base64Encoded: text)!) as! [String: Any]
    }

    @Test func signsAnRS256AssertionThatVerifiesWithThePublicKey() throws {
        let privateKey = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        let key = try ServiceAccountKey(json: Self.keyFile(privateKey), source: "test key")
        let issuedAt = Date(timeIntervalSince1970: 1_746_100_800)
        let jwt = try JSONWebToken.bearerGrantAssertion(
            key: key, scopes: [analyticsReadonlyScope], audience: "https://oauth2.googleapis.com/token", issuedAt: issuedAt)
        let parts = jwt.split(separator: ".")
        #expect(parts.count == 3)
        #expect(!jwt.contains("="))
        let header = try decodePart(parts[0])
        #expect(header["alg"] as? String == "RS256")
        #expect(header["typ"] as? String == "JWT")
        #expect(header["kid"] as? String == "0123abcd")
        let claims = try decodePart(parts[1])
        #expect(claims["iss"] as? String == "sa@project.iam.gserviceaccount.com")
        #expect(claims["scope"] as? String == analyticsReadonlyScope)
        #expect(claims["aud"] as? String == "https://oauth2.googleapis.com/token")
        #expect(claims["iat"] as? Int == 1_746_100_800)
        #expect(claims["exp"] as? Int == 1_746_104_400)

        var signatureText = String(parts[2]).replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while signatureText.count % 4 != 0 { signatureText += "=" }
        let signature = _RSA.Signing.RSASignature(rawRepresentation: Data(base64Encoded: signatureText)!)
        let signingInput = Data("\(parts[0]).\(parts[1])".utf8)
        #expect(privateKey.publicKey.isValidSignature(signature, for: signingInput, padding: .insecurePKCS1v1_5))
        #expect(!privateKey.publicKey.isValidSignature(signature, for: signingInput, padding: .PSS))
    }

    @Test func refusesUnusableKeyFilesWithoutQuotingThem() throws {
        let privateKey = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        var object = try JSONSerialization.jsonObject(with: Self.keyFile(privateKey)) as! [String: String]
        object["private_key"] = "-----BEGIN PRIVATE KEY-----\nAAAAsecretmaterial\n-----END PRIVATE KEY-----\n"
        let broken = try JSONSerialization.data(withJSONObject: object)
        #expect {
            try ServiceAccountKey(json: broken, source: "arn:aws:secretsmanager:eu-west-1:1:secret:ga4")
        } throws: { error in
            let text = "\(error)"
            return text.contains("arn:aws:secretsmanager") && text.contains("private_key") && !text.contains("secretmaterial")
        }
        object["type"] = "authorized_user"
        #expect(throws: GA4Error.invalidCredentials(
            source: "k", field: "type", reason: "expected \"service_account\", found \"authorized_user\"")) {
            try ServiceAccountKey(json: try JSONSerialization.data(withJSONObject: object), source: "k")
        }
    }

    @Test func base64URLHasNoPaddingOrUnsafeCharacters() {
        #expect(Base64URL.encode(Data([0xFB, 0xFF])) == "-_8")
        #expect(Base64URL.encode(Data("a".utf8)) == "YQ")
    }

    @Test func accessTokensNeverPrintTheirValue() {
        let token = AccessToken(value: "ya29.secret-value", expiresAt: Date(timeIntervalSince1970: 10))
        #expect(!"\(token)".contains("secret"))
        #expect(!String(reflecting: token).contains("secret"))
    }
}
