import Crypto
import _CryptoExtras

/// The password transforms of MySQL's authentication plugins.
enum AuthScramble {
    /// mysql_native_password: SHA1(pw) XOR SHA1(nonce + SHA1(SHA1(pw))); empty for an empty password.
    static func nativePassword(_ password: [UInt8], nonce: [UInt8]) -> [UInt8] {
        guard !password.isEmpty else { return [] }
        let stage1 = Array(Insecure.SHA1.hash(data: password))
        let stage2 = Array(Insecure.SHA1.hash(data: stage1))
        let mix = Array(Insecure.SHA1.hash(data: nonce + stage2))
        return zip(stage1, mix).map { $0 ^ $1 }
    }

    /// caching_sha2_password: SHA256(pw) XOR SHA256(SHA256(SHA256(pw)) + nonce); empty for an empty password.
    static func cachingSHA2(_ password: [UInt8], nonce: [UInt8]) -> [UInt8] {
        guard !password.isEmpty else { return [] }
        let stage1 = Array(SHA256.hash(data: password))
        let stage2 = Array(SHA256.hash(data: stage1))
        let mix = Array(SHA256.hash(data: stage2 + nonce))
        return zip(stage1, mix).map { $0 ^ $1 }
    }

    /// (password + NUL) XOR the nonce repeated: what caching_sha2_password's RSA path encrypts.
    static func xorWithNonce(_ password: [UInt8], nonce: [UInt8]) -> [UInt8] {
        let plain = password + [0]
        guard !nonce.isEmpty else { return plain }
        return plain.enumerated().map { $0.element ^ nonce[$0.offset % nonce.count] }
    }

    /// RSA-OAEP (SHA-1) of `xorWithNonce` under the server's PEM public key (full auth without TLS).
    static func rsaEncryptedPassword(_ password: [UInt8], nonce: [UInt8], publicKeyPEM: String) throws(MySQLError) -> [UInt8] {
        do {
            let key = try _RSA.Encryption.PublicKey(pemRepresentation: publicKeyPEM)
            return Array(try key.encrypt(xorWithNonce(password, nonce: nonce), padding: .PKCS1_OAEP))
        } catch {
            throw .malformedPacket("caching_sha2_password: the server's RSA public key is unusable: \(error)")
        }
    }
}
