import Crypto

/// The secret key of HMAC-SHA-256 hashing, shared by the collaborators so a dictionary of common emails or phone
/// numbers hashed with plain SHA-256 cannot reverse the table. The caller reads it from Secrets Manager and hands
/// over its bytes; nothing in this module logs, prints or encodes it.
public struct HMACKey: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// RFC 2104 §3: keys shorter than the hash output (32 bytes for SHA-256) weaken the function.
    public static let minimumByteCount = 32

    let key: SymmetricKey

    public init(bytes: some Sequence<UInt8>) throws(IdentifierHashingError) {
        let bytes = Array(bytes)
        guard bytes.count >= Self.minimumByteCount else {
            throw .hmacKey(reason: "the key has \(bytes.count) bytes; HMAC-SHA-256 needs at least \(Self.minimumByteCount)")
        }
        key = SymmetricKey(data: bytes)
    }

    public var description: String { "HMACKey(<redacted>)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["key": "<redacted>"]) }
}
