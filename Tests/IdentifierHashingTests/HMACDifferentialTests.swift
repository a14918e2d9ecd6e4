import Foundation
import IdentifierHashing
import TestSupport
import Testing

/// HMAC-SHA-256 in hex and Base64 against Python's `hmac` (scripts/identifier_hashing/hmac_vectors.py), over keys
/// shorter and longer than the SHA-256 block and UTF-8 messages. Messages are hashed as user ids (trim only).
struct HMACDifferentialTests {
    @Test func equalsPythonHMAC() throws {
        let output = try PythonScript.run("scripts/identifier_hashing/hmac_vectors.py", ["200"])
        var checked = 0
        for line in output.split(separator: UInt8(ascii: "\n")) {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any])
            let keyHex = Array(try #require(object["key_hex"] as? String).utf8)
            let key = try HMACKey(bytes: stride(from: 0, to: keyHex.count, by: 2).map { UInt8(hexPair: keyHex[$0], keyHex[$0 + 1]) })
            let message = try #require(object["message"] as? String)
            for (encoding, expected) in [(HashEncoding.hex, object["hex"] as? String), (.base64, object["base64"] as? String)] {
                let configuration = try IdentifierHashingConfiguration(
                    ruleSet: .standard, hashEncoding: encoding, usesHMAC: true,
                    fields: [IdentifierField(column: "user_id_hmac", kind: .userID, source: .userID)])
                let hasher = try IdentifierHasher(configuration: configuration, hmacKey: key)
                #expect(hasher.hash(message, as: .userID) == .hashed(try #require(expected)))
                checked += 1
            }
        }
        #expect(checked == 400)
    }
}

extension UInt8 {
    fileprivate init(hexPair high: UInt8, _ low: UInt8) {
        func value(_ digit: UInt8) -> UInt8 { digit <= UInt8(ascii: "9") ? digit - UInt8(ascii: "0") : digit - UInt8(ascii: "a") + 10 }
        self = value(high) << 4 | value(low)
    }
}
