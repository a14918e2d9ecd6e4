import Testing
import TestSupport
@testable import DataContracts

/// `CellValue.number` gathers digits as an integer and converts once; its values must be bit for bit those of
/// accumulating in Double digit by digit (the way it always read numbers), so no count of a bound or business
/// rule moves at a boundary.
@Suite struct CellValueTests {
    /// Digit-by-digit Double accumulation, then the power of ten, as `number` computed values before.
    static func reference(_ text: String) -> Double? {
        var bytes = Array(text.utf8)[...]
        var negative = false
        if let sign = bytes.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") { negative = sign == UInt8(ascii: "-"); bytes = bytes.dropFirst() }
        var mantissa = 0.0, fraction = 0, sawDigit = false, inFraction = false
        while let byte = bytes.first, byte == UInt8(ascii: ".") || (byte >= 48 && byte <= 57) {
            bytes = bytes.dropFirst()
            if byte == UInt8(ascii: ".") {
                if inFraction { return nil }
                inFraction = true
                continue
            }
            mantissa = mantissa * 10 + Double(byte - 48)
            sawDigit = true
            if inFraction { fraction += 1 }
        }
        guard sawDigit else { return nil }
        var exponent = -fraction
        if let e = bytes.first, e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
            bytes = bytes.dropFirst()
            var expNegative = false
            if let sign = bytes.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") { expNegative = sign == UInt8(ascii: "-"); bytes = bytes.dropFirst() }
            guard !bytes.isEmpty, bytes.allSatisfy({ $0 >= 48 && $0 <= 57 }), let value = Int(String(decoding: bytes, as: UTF8.self)) else { return nil }
            exponent += expNegative ? -value : value
            bytes = bytes[bytes.endIndex...]
        }
        guard bytes.isEmpty else { return nil }
        let value = exponent == 0 ? mantissa : mantissa * CellValue.pow10(exponent)
        return negative ? -value : value
    }

    @Test func numbersEqualDigitByDigitAccumulation() {
        var random = SplitMix64(seed: 3)
        func digits(_ count: Int) -> String { String((0..<count).map { _ in Character(String(random.next() % 10)) }) }
        for _ in 0..<20_000 {
            var text = ["", "-", "+"][Int(random.next() % 3)] + digits(Int(random.next() % 21))
            if random.next() % 2 == 0 { text += "." + digits(Int(random.next() % 12)) }
            if random.next() % 5 == 0 { text += "e" + ["", "-", "+"][Int(random.next() % 3)] + digits(1 + Int(random.next() % 2)) }
            let parsed = text.utf8.withContiguousStorageIfAvailable { CellValue.number($0)?.value } ?? nil
            let expected = Self.reference(text)
            #expect(parsed?.bitPattern == expected?.bitPattern, "\(text)")
        }
    }
}

extension CellValueTests {
    @Test func negativePowersOfTenAreTheComputedOnes() {
        for exponent in -40 ... -1 { #expect(CellValue.negativePowerOfTen(exponent).bitPattern == CellValue.pow10(exponent).bitPattern, "\(exponent)") }
    }
}
