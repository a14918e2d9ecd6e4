import Testing
import TestSupport
@testable import DataContracts

/// Valid-value sets answer as a Swift `Set` does, for members and values short enough to be compared as packed
/// words (up to 15 bytes), longer ones, and lengths that differ by one byte around that limit.
@Suite struct ByteStringSetTests {
    @Test func membershipEqualsASwiftSet() {
        var random = SplitMix64(seed: 9)
        let alphabet: [UInt8] = Array("ab\u{0}z".utf8)
        func text(_ length: Int) -> [UInt8] { (0..<length).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] } }
        for _ in 0..<50 {
            let members = (0..<Int(random.next() % 12)).map { _ in text(Int(random.next() % 20)) }
            let set = ByteStringSet(members)
            let reference = Set(members)
            for probe in members + (0..<200).map({ _ in text(Int(random.next() % 20)) }) {
                let found = probe.withUnsafeBufferPointer { set.contains($0) }
                #expect(found == reference.contains(probe), "\(members) ∋ \(probe)")
            }
        }
    }
}
