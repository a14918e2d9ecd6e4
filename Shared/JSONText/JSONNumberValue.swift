/// Values of number tokens read by `JSONReader`, whose grammar it has already checked.
extension JSONReader {
    /// The number as a Double, correctly rounded (`DecimalText`).
    public func double(_ range: Range<Int>) -> Double {
        DecimalText.double(bytes, range) ?? .nan
    }

    /// The number as an Int64 when it is an integer (no fraction or exponent) within range; nil otherwise.
    public func int64(_ range: Range<Int>) -> Int64? {
        DecimalText.int64(bytes, range)
    }

    /// The number's source text.
    public func text(_ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }
}
