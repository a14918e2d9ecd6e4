import Testing
import TestSupport
@testable import DelimitedText

@Suite struct StructuralByteScannerTests {
    static let stops: (UInt8, UInt8, UInt8, UInt8, UInt8) = (UInt8(ascii: ","), 0x0A, 0x0D, UInt8(ascii: "\""), UInt8(ascii: "\\"))

    /// The first stop at or after each position, the slow way.
    static func expected(_ bytes: [UInt8], from position: Int) -> Int {
        let set: Set<UInt8> = [stops.0, stops.1, stops.2, stops.3, stops.4]
        return bytes[position...].firstIndex(where: set.contains) ?? bytes.count
    }

    /// Every stop byte at every offset of the first, second and last (partial) 64-byte blocks, found from
    /// starts just before it, a block before it and at the buffer's start, in buffers of every length up to
    /// two blocks and a bit.
    @Test(arguments: [UInt8(ascii: ","), 0x0A, 0x0D, UInt8(ascii: "\""), UInt8(ascii: "\\")])
    func eachStopIsFoundAtEveryOffsetFromEveryStart(stop: UInt8) {
        // Mismatches are collected and expected once: hundreds of thousands of cases.
        var failures: [String] = []
        for length in 1...140 {
            for at in 0..<length {
                var bytes = [UInt8](repeating: UInt8(ascii: "x"), count: length)
                bytes[at] = stop
                bytes.withUnsafeBufferPointer { buffer in
                    for start in Set([0, at, at - 1, at - 7, at - 8, at - 63, at - 64, at - 65].map { max($0, 0) }) {
                        var scanner = StructuralByteScanner(base: buffer.baseAddress!, count: length, stops: Self.stops, from: start)
                        if scanner.next(from: start) != at { failures.append("length \(length), stop at \(at), from \(start)") }
                    }
                    // Past the only stop, nothing is found.
                    var scanner = StructuralByteScanner(base: buffer.baseAddress!, count: length, stops: Self.stops, from: 0)
                    if scanner.next(from: at) != at || scanner.next(from: at + 1) != length { failures.append("length \(length), past \(at)") }
                }
            }
        }
        #expect(failures.isEmpty, "\(failures.count) mismatches, first \(failures.prefix(5))")
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
        var generator = SplitMix64(seed: 7)
        let alphabet: [UInt8] = Array("ab,\"\r\n\\é".utf8)
        var failures: [String] = []
        for _ in 0..<300 {
            let bytes = (0..<Int(generator.next() % 300)).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }
            guard !bytes.isEmpty else { continue }
            bytes.withUnsafeBufferPointer { buffer in
                var scanner = StructuralByteScanner(base: buffer.baseAddress!, count: bytes.count, stops: Self.stops, from: 0)
                var position = 0
                while position < bytes.count {
                    let stop = scanner.next(from: position)
                    if stop != Self.expected(bytes, from: position) { failures.append("\(bytes) from \(position)") }
                    // Step past the stop, sometimes jumping more than a block ahead, as the reader does.
                    position = stop + 1 + (generator.next() % 4 == 0 ? Int(generator.next() % 80) : 0)
                }
            }
        }
        #expect(failures.isEmpty, "\(failures.count) mismatches, first \(failures.prefix(3))")
    }
}
