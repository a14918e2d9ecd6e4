/// The fixed-width physical types: INT32 (also DATE and small DECIMAL), INT64 (also TIMESTAMP and DECIMAL)
/// and DOUBLE. PLAIN stores each as its little-endian bytes.
protocol FixedWidthValue {
    static var byteWidth: Int { get }
    /// The value's bits, zero-extended: the dictionary key and the PLAIN bytes.
    var bitPattern64: UInt64 { get }
    init(bitPattern64: UInt64)
    /// Whether the value takes part in min/max (NaN does not).
    var isOrdered: Bool { get }
    /// Type-defined order: signed for integers, numeric for doubles.
    static func isOrderedBefore(_ a: Self, _ b: Self) -> Bool
    /// Min/max as written: for doubles, a zero minimum is -0.0 and a zero maximum +0.0, as the spec asks.
    static func statisticsMinimum(_ value: Self) -> Self
    static func statisticsMaximum(_ value: Self) -> Self
}

extension FixedWidthValue {
    @inline(__always)
    func appendPlain(to buffer: ByteBuffer) {
        if Self.byteWidth == 4 {
            buffer.appendLittleEndian(UInt32(truncatingIfNeeded: bitPattern64))
        } else {
            buffer.appendLittleEndian(bitPattern64)
        }
    }

    var plainBytes: [UInt8] {
        let buffer = ByteBuffer(capacity: 8)
        appendPlain(to: buffer)
        return buffer.array
    }

    static func statisticsMinimum(_ value: Self) -> Self { value }
    static func statisticsMaximum(_ value: Self) -> Self { value }
}

extension Int32: FixedWidthValue {
    static var byteWidth: Int { 4 }
    var bitPattern64: UInt64 { UInt64(UInt32(bitPattern: self)) }
    init(bitPattern64: UInt64) { self.init(bitPattern: UInt32(truncatingIfNeeded: bitPattern64)) }
    var isOrdered: Bool { true }
    static func isOrderedBefore(_ a: Int32, _ b: Int32) -> Bool { a < b }
}

extension Int64: FixedWidthValue {
    static var byteWidth: Int { 8 }
    var bitPattern64: UInt64 { UInt64(bitPattern: self) }
    init(bitPattern64: UInt64) { self.init(bitPattern: bitPattern64) }
    var isOrdered: Bool { true }
    static func isOrderedBefore(_ a: Int64, _ b: Int64) -> Bool { a < b }
}

extension Double: FixedWidthValue {
    static var byteWidth: Int { 8 }
    var bitPattern64: UInt64 { bitPattern }
    init(bitPattern64: UInt64) { self.init(bitPattern: bitPattern64) }
    var isOrdered: Bool { !isNaN }
    static func isOrderedBefore(_ a: Double, _ b: Double) -> Bool {
        // -0.0 sorts before +0.0 so both signs of zero are seen; the written bounds are fixed up below.
        a < b || (a == 0 && b == 0 && a.sign == .minus && b.sign == .plus)
    }
    static func statisticsMinimum(_ value: Double) -> Double { value == 0 ? -0.0 : value }
    static func statisticsMaximum(_ value: Double) -> Double { value == 0 ? 0.0 : value }
}
