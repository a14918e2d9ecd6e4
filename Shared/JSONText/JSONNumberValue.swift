/// Values of number tokens read by `JSONReader`, whose grammar it has already checked.
extension JSONReader {
    /// The number as a Double, correctly rounded. Decimal text with at most 15 significant digits and a small
    /// exponent (Kinesis arrival times, `1705333908.125`) takes the exact path: an integer mantissa ≤ 2^53
    /// divided or multiplied by a power of ten ≤ 10^22, both exact in binary, so the one rounding of that
    /// operation is the correct one. Everything else goes through the standard library's parser.
    public func double(_ range: Range<Int>) -> Double {
        var index = range.lowerBound
        let negative = bytes[index] == UInt8(ascii: "-")
        if negative { index += 1 }
        var mantissa: UInt64 = 0
        var digits = 0
        var scale = 0
        var simple = true
        while index < range.upperBound {
            let byte = bytes[index]
            if byte == UInt8(ascii: ".") {
                scale = range.upperBound - index - 1
            } else if byte &- UInt8(ascii: "0") < 10 {
                mantissa = mantissa &* 10 &+ UInt64(byte &- UInt8(ascii: "0"))
                digits += 1
            } else {
                simple = false  // an exponent
                break
            }
            index += 1
        }
        if simple, digits <= 15, scale <= 22 {
            let value = Double(mantissa) / Self.powersOfTen[scale]
            return negative ? -value : value
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
        return Double(text) ?? .nan
    }

    /// The number as an Int64 when it is an integer (no fraction or exponent) within range; nil otherwise.
    public func int64(_ range: Range<Int>) -> Int64? {
        var index = range.lowerBound
        let negative = bytes[index] == UInt8(ascii: "-")
        if negative { index += 1 }
        var magnitude: UInt64 = 0
        while index < range.upperBound {
            let digit = bytes[index] &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            let (times10, overflow1) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.addingReportingOverflow(UInt64(digit))
            guard !overflow1, !overflow2 else { return nil }
            magnitude = sum
            index += 1
        }
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { return nil }
            return magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude)
        }
        guard magnitude <= UInt64(Int64.max) else { return nil }
        return Int64(magnitude)
    }

    /// The number's source text.
    public func text(_ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }

    private static let powersOfTen: [Double] = (0...22).map { exponent in
        var value = 1.0
        for _ in 0..<exponent { value *= 10 }
        return value
    }
}
