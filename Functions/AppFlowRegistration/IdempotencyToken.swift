import Crypto

/// Client tokens derived from what a call does, so a retried or re-delivered call sends the same token and AWS
/// treats it as the same request: `create-<sha256(flow, definition)>`, `start-<sha256(event id, flow, definition)>`.
enum IdempotencyToken {
    static func make(_ purpose: String, _ parts: [String]) -> String {
        let digest = SHA256.hash(data: Array(parts.joined(separator: "\u{1F}").utf8))
        return purpose + "-" + digest.map { byte in
            let hex = Array("0123456789abcdef".utf8)
            return String(decoding: [hex[Int(byte >> 4)], hex[Int(byte & 15)]], as: UTF8.self)
        }.joined().prefix(48)
    }
}
