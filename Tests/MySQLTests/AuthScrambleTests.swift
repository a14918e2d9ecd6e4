import Foundation
import Testing

@testable import MySQL

/// Vectors computed with PyMySQL's `_auth` and re-checked with hashlib: password "secret", nonce 0x01...0x14.
struct AuthScrambleTests {
    let nonce = Array(UInt8(1)...UInt8(20))
    let password = Array("secret".utf8)

    func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }

    @Test func nativePasswordMatchesVector() {
        #expect(hex(AuthScramble.nativePassword(password, nonce: nonce)) == "b32bb3a583e1340c0a1108d58b1be49781ad8c2f")
    }

    @Test func cachingSHA2MatchesVector() {
        #expect(
            hex(AuthScramble.cachingSHA2(password, nonce: nonce))
                == "746ebe205d56a0707acb3e796e834e0dd7b1d61743b26bd5202c7a623230c7c9")
    }

    @Test func rsaPathInputMatchesVector() {
        #expect(hex(AuthScramble.xorWithNonce(password, nonce: nonce)) == "72676076607207")
    }

    @Test func emptyPasswordSendsNothing() {
        #expect(AuthScramble.nativePassword([], nonce: nonce).isEmpty)
        #expect(AuthScramble.cachingSHA2([], nonce: nonce).isEmpty)
    }
}
