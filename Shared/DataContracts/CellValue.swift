/// Reading cell bytes as the contract's types, without allocating: numbers are parsed straight from bytes.
enum CellValue {
    /// An optional sign and digits that fit an Int64.
    static func integer(_ bytes: UnsafeBufferPointer<UInt8>) -> Int64? {
        guard !bytes.isEmpty else { return nil }
        var i = 0
        var negative = false
        if bytes[0] == UInt8(ascii: "-") || bytes[0] == UInt8(ascii: "+") { negative = bytes[0] == UInt8(ascii: "-"); i = 1 }
        guard i < bytes.count else { return nil }
        var value: Int64 = 0
        while i < bytes.count {
            let digit = bytes[i] &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            let (times, o1) = value.multipliedReportingOverflow(by: 10)
            let (sum, o2) = negative ? times.subtractingReportingOverflow(Int64(digit)) : times.addingReportingOverflow(Int64(digit))
            guard !o1, !o2 else { return nil }
            value = sum
            i += 1
        }
        return value
    }

    /// Significant digits of an integer (1 for 0), as `number` counts them for precision checks.
    static func significantDigits(_ value: Int64) -> Int {
        var magnitude = value.magnitude
        var digits = 1
        while magnitude >= 10 {
            magnitude /= 10
            digits += 1
        }
        return digits
    }

    /// A decimal number (`-12`, `3.5`, `.5`, `1e-3`); also reports digit counts for precision/scale checks.
    static func number(_ bytes: UnsafeBufferPointer<UInt8>) -> (value: Double, digits: Int, fractionDigits: Int)? {
        var i = 0
        let count = bytes.count
        guard count > 0 else { return nil }
        var negative = false
        if bytes[0] == UInt8(ascii: "-") || bytes[0] == UInt8(ascii: "+") { negative = bytes[0] == UInt8(ascii: "-"); i = 1 }
        // The digits are gathered as an integer (wrapping past 19 digits) and made a Double once: the same value
        // as accumulating in Double digit by digit whenever every step is exact, that is below 2^53; above, the
        // digits are read again the Double way, so the result never depends on which way was taken.
        let digitsStart = i
        var integer: UInt64 = 0
        var allDigits = 0
        var digits = 0, fractionDigits = 0, significant = 0
        while i < count, bytes[i] &- UInt8(ascii: "0") < 10 {
            let d = bytes[i] &- UInt8(ascii: "0")
            integer = integer &* 10 &+ UInt64(d)
            if significant > 0 || d != 0 { significant += 1 }
            i += 1
        }
        allDigits = i - digitsStart
        if i < count, bytes[i] == UInt8(ascii: ".") {
            i += 1
            let fractionStart = i
            while i < count, bytes[i] &- UInt8(ascii: "0") < 10 {
                integer = integer &* 10 &+ UInt64(bytes[i] &- UInt8(ascii: "0"))
                i += 1
            }
            fractionDigits = i - fractionStart
            significant += fractionDigits
            allDigits += fractionDigits
        }
        guard allDigits > 0 else { return nil }
        let mantissa: Double
        if allDigits <= 19 && integer < 1 << 53 {
            mantissa = Double(integer)
        } else {
            var accumulated: Double = 0
            for byte in UnsafeBufferPointer(rebasing: bytes[digitsStart..<i]) where byte != UInt8(ascii: ".") {
                accumulated = accumulated * 10 + Double(byte &- UInt8(ascii: "0"))
            }
            mantissa = accumulated
        }
        var exponent = -fractionDigits
        if i < count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            i += 1
            var expNegative = false
            if i < count, bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+") { expNegative = bytes[i] == UInt8(ascii: "-"); i += 1 }
            var e = 0
            var sawExp = false
            while i < count, bytes[i] &- UInt8(ascii: "0") < 10, e < 10_000 { e = e * 10 + Int(bytes[i] &- UInt8(ascii: "0")); i += 1; sawExp = true }
            guard sawExp else { return nil }
            exponent += expNegative ? -e : e
        }
        guard i == count else { return nil }
        digits = max(significant, 1)
        var value = mantissa
        if exponent != 0 { value = mantissa * (exponent < 0 ? negativePowerOfTen(exponent) : pow10(exponent)) }
        return (negative ? -value : value, digits, max(fractionDigits, 0))
    }

    /// `pow10(exponent)` for a negative exponent as a constant when it is -1 through -22: 10^n is exact in a
    /// Double up to n = 22, so `pow10`'s 1 / 10^n is the correctly rounded 10^-n, the value of the literal.
    @inline(__always)
    static func negativePowerOfTen(_ exponent: Int) -> Double {
        switch -exponent {
        case 1: 1e-1
        case 2: 1e-2
        case 3: 1e-3
        case 4: 1e-4
        case 5: 1e-5
        case 6: 1e-6
        case 7: 1e-7
        case 8: 1e-8
        case 9: 1e-9
        case 10: 1e-10
        case 11: 1e-11
        case 12: 1e-12
        case 13: 1e-13
        case 14: 1e-14
        case 15: 1e-15
        case 16: 1e-16
        case 17: 1e-17
        case 18: 1e-18
        case 19: 1e-19
        case 20: 1e-20
        case 21: 1e-21
        case 22: 1e-22
        default: pow10(exponent)
        }
    }

    static func pow10(_ exponent: Int) -> Double {
        var result = 1.0
        var base = 10.0
        var e = abs(exponent)
        while e > 0 {
            if e & 1 == 1 { result *= base }
            base *= base
            e >>= 1
        }
        return exponent < 0 ? 1 / result : result
    }

    static func boolean(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool? {
        switch bytes.count {
        case 4 where bytes[0] | 0x20 == UInt8(ascii: "t") && bytes[1] | 0x20 == UInt8(ascii: "r") && bytes[2] | 0x20 == UInt8(ascii: "u") && bytes[3] | 0x20 == UInt8(ascii: "e"):
            return true
        case 5 where bytes[0] | 0x20 == UInt8(ascii: "f") && bytes[1] | 0x20 == UInt8(ascii: "a") && bytes[2] | 0x20 == UInt8(ascii: "l") && bytes[3] | 0x20 == UInt8(ascii: "s") && bytes[4] | 0x20 == UInt8(ascii: "e"):
            return false
        default:
            return nil
        }
    }

    /// Length in characters (UTF-8 scalars), as ODCS minLength/maxLength mean.
    static func characterCount(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var count = 0
        for byte in bytes where byte & 0xC0 != 0x80 { count += 1 }
        return count
    }
}
