import Crypto

/// The hash applied to a normalized value: SHA-256, or HMAC-SHA-256 under a shared key; then `HashEncoding`.
/// Both over the normalized value's UTF-8 bytes, nothing appended (no salt, no separator).
struct IdentifierDigest: Sendable {
    let encoding: HashEncoding
    /// An HMAC already keyed (inner and outer pads computed once), copied for each value.
    private let keyedHMAC: HMAC<SHA256>?

    init(encoding: HashEncoding, hmacKey: HMACKey?) {
        self.encoding = encoding
        keyedHMAC = hmacKey.map { HMAC<SHA256>(key: $0.key) }
    }

    func encodedDigest(of bytes: UnsafeRawBufferPointer) -> String {
        if var mac = keyedHMAC {
            mac.update(data: bytes)
            let code = mac.finalize()
            return code.withUnsafeBytes { encoding.encode($0) }
        }
        var hasher = SHA256()
        hasher.update(bufferPointer: bytes)
        return hasher.finalize().withUnsafeBytes { encoding.encode($0) }
    }
}
