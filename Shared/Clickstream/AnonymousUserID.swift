import Crypto

/// The `user_id` of an event that came without one: derived from the session, so every event of a session
/// gets the same id and a retried batch gives the same rows. `anon-` and the first 128 bits of
/// SHA-256("clickstream-anonymous-user:" + session id), in hex.
public enum AnonymousUserID {
    public static let prefix = "anon-"

    public static func forSession(_ sessionID: String) -> String {
        let digest = SHA256.hash(data: Array(("clickstream-anonymous-user:" + sessionID).utf8))
        let hexDigits = Array("0123456789abcdef".utf8)
        var text = Array(prefix.utf8)
        for byte in digest.prefix(16) {
            text.append(hexDigits[Int(byte >> 4)])
            text.append(hexDigits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
