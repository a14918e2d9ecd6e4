import Testing
@testable import DelimitedText

@Suite struct StructuralByteScannerTests {
    static let stops: (UInt8, UInt8, UInt8, UInt8, UInt8) = (UInt8(ascii: ","), 0x0A, 0x0D, UInt8(ascii: "\""), UInt8(ascii: "\\"))

    /// The first stop at or after each position, the slow way.
    static func expected(_ bytes: [UInt8], from position: Int) -> Int {
        let set: Set<UInt8> = [stops.0, stops.1, stops.2, stops.3, stops.4]
        return bytes[position...].firstIndex(where: set.contains) ?? bytes.count
    }

    /// Every stop byte at every offset of the first, second and last (partial) words, found from every start
    /// position before it, in buffers of every length up to three words.
    @Test(arguments: [UInt8(ascii: ","), 0x0A, 0x0D, UInt8(ascii: "\""), UInt8(ascii: "\\")])
    func eachStopIsFoundAtEveryOffsetFromEveryStart(stop: UInt8) {
        for length in 1...24 {
            for at in 0..<length {
                var bytes = [UInt8](repeating: UInt8(ascii: "x"), count: length)
                bytes[at] = stop
                bytes.withUnsafeBufferPointer { buffer in
                    for start in 0...at {
                        var scanner = StructuralByteScanner(base: buffer.baseAddress!, count: length, stops: Self.stops, from: start)
                        #expect(scanner.next(from: start) == at, "length \(length), stop at \(at), from \(start)")
                    }
                }
            }
        }
    }

    @Test func bytesNextToStopsAreNotStops() {
        // Bytes one above and below each stop, and with the high bit set, must never match (no false positives
        // from borrows or carries between bytes).
        var near: [UInt8] = []
        for stop in [Self.stops.0, Self.stops.1, Self.stops.2, Self.stops.3, Self.stops.4] {
            near += [stop &- 1, stop &+ 1, stop | 0x80, stop ^ 0x01, stop ^ 0x10]
        }
        let bytes = near.filter { ![Self.stops.0, Self.stops.1, Self.stops.2, Self.stops.3, Self.stops.4].contains($0) } + [0x00, 0xFF, 0x80, 0x7F]
        bytes.withUnsafeBufferPointer { buffer in
            var scanner = StructuralByteScanner(base: buffer.baseAddress!, count: bytes.count, stops: Self.stops, from: 0)
            #expect(scanner.next(from: 0) == bytes.count)
        }
    }

    @Test func walkingForwardFindsEveryStopInOrder() {
        var generator = SplitMix(seed: 7)
        let alphabet: [UInt8] = Array("ab,\"\r\n\\é".utf8)
        for _ in 0..<300 {
            let bytes = (0..<Int(generator.next() % 70)).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }
            guard !bytes.isEmpty else { continue }
            bytes.withUnsafeBufferPointer { buffer in
                var scanner = StructuralByteScanner(base: buffer.baseAddress!, count: bytes.count, stops: Self.stops, from: 0)
                var position = 0
                while position < bytes.count {
                    let stop = scanner.next(from: position)
                    #expect(stop == Self.expected(bytes, from: position), "\(bytes) from \(position)")
                    // Step past the stop, sometimes jumping more than a word ahead, as the reader does.
                    position = stop + 1 + (generator.next() % 4 == 0 ? Int(generator.next() % 12) : 0)
                }
            }
        }
    }
}

/// A small deterministic generator for test inputs.
struct SplitMix {
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
