import JSONText
import Testing

@Suite struct DecimalTextTests {
    private func double(_ text: String) -> Double? {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { DecimalText.double($0, 0..<bytes.count) }
    }

    private func int64(_ text: String) -> Int64? {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { DecimalText.int64($0, 0..<bytes.count) }
    }

    @Test func parsesIntegersAtTheLimits() {
        #expect(int64("0") == 0)
        #expect(int64("-42") == -42)
        #expect(int64("9223372036854775807") == Int64.max)
        #expect(int64("-9223372036854775808") == Int64.min)
        #expect(int64("9223372036854775808") == nil)
        #expect(int64("12a") == nil)
        #expect(int64("") == nil)
        #expect(int64("-") == nil)
    }

    @Test func roundsLikeTheStandardLibrary() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            let value = Double(bitPattern: UInt64.random(in: 0...0x7FEF_FFFF_FFFF_FFFF, using: &generator))
            let short = "\(Int.random(in: 0..<1_000_000_000, using: &generator)).\(Int.random(in: 0..<1_000_000, using: &generator))"
            for text in [value.description, short, "-\(short)e-5"] {
                #expect(double(text) == Double(text), "\(text)")
            }
        }
        for text in ["0", "0.0", "-0.5", "1e3", "1E-3", "123456789012345", "0.1", "0.47857142857142859", "1.7976931348623157e308"] {
            #expect(double(text) == Double(text), "\(text)")
        }
    }

    @Test func refusesWhatIsNotADecimalNumber() {
        for text in ["", "-", ".", "1.", "abc", "0x1p3", "1e", "1e+", "--1", "nan", "inf", "1e999"] {
            #expect(double(text) == nil, "\(text)")
        }
        #expect(double("NaN")?.isNaN == true)
        #expect(double("-Infinity") == -.infinity)
    }
}
