import Foundation
import Testing

@testable import Clickstream

struct StrictBase64Tests {
    func decode(_ text: String) -> [UInt8]? {
        Array(text.utf8).withUnsafeBufferPointer { StrictBase64.decode($0) }
    }

    /// Every length from 0 to 300 bytes, random content: the same bytes Foundation's encoder put in.
    @Test func decodesWhatFoundationEncodes() {
        var generator = SeededGenerator(seed: 7)
        for length in 0...300 {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            #expect(decode(Data(bytes).base64EncodedString()) == bytes, "length \(length)")
        }
    }

    @Test(arguments: [
        "SGk", "SGk==", "SG=k", "====", "=", "SGk=SGk=", "S Gk=", "SGk=\n", "SGk-", "SGk_", "SGk\u{e9}", "A===",
    ])
    func refusesWhatIsNotBase64(text: String) {
        #expect(decode(text) == nil)
    }

    @Test func ignoresUnusedBitsOfTheLastGroup() {
        #expect(decode("SGl=") == [0x48, 0x69])
        #expect(decode("SB==") == [0x48])
        #expect(decode("") == [])
    }
}

/// A small deterministic generator (SplitMix64) so random tests repeat exactly.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
