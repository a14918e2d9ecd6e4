import Foundation
import Testing

@testable import Clickstream

struct StrictBase64Tests {
    func decode(_ text: String) -> [UInt8]? {
        Array(text.utf8).withUnsafeBufferPointer { StrictBase64.decode($0) }
    }

    /// Every length from 0 to 300 bytes, every byte value: the same bytes Foundation's encoder put in.
    @Test func decodesWhatFoundationEncodes() {
        for length in 0...300 {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 151 &+ length &* 7) }
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
