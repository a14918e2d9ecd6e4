/// Parses numbers written as decimal text straight from bytes, without making a `String` for the common
/// cases: JSON numbers read by `JSONReader`, and numbers sent as strings (the GA4 Data API sends every metric
/// value as one).
public enum DecimalText {
    /// An optionally signed run of decimal digits that fits in Int64; nil otherwise.
    public static func int64(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int64? {
        var index = range.lowerBound
        guard index < range.upperBound else { return nil }
        var negative = false
        if bytes[index] == UInt8(ascii: "-") {
            negative = true
            index += 1
        } else if bytes[index] == UInt8(ascii: "+") {
            index += 1
        }
        guard index < range.upperBound else { return nil }
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

    /// A decimal number (JSON syntax, or the `NaN`/`Infinity` spellings proto3 JSON allows), correctly rounded.
    public static func double(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Double? {
        if let fast = fastDouble(bytes, range) { return fast }
        // Rare: more than 15 significant digits or a large exponent. The standard library rounds correctly.
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
        let decimalSyntax = isDecimal(UnsafeBufferPointer(rebasing: bytes[range]))
        guard decimalSyntax || text == "NaN" || text == "Infinity" || text == "-Infinity" else { return nil }
        guard !text.isEmpty, let value = Double(text) else { return nil }
        if value.isNaN && text != "NaN" { return nil }
        if value.isInfinite && text != "Infinity" && text != "-Infinity" {
            // Double("1e999") is +inf; a finite decimal that overflows is not a value we can store.
            return nil
        }
        return value
    }

    /// `[+-]digits[.digits][(e|E)[+-]digits]`: what a decimal number may look like (leading zeros allowed).
    private static func isDecimal(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        func digits() -> Bool {
            let start = index
            while index < text.count, (48...57).contains(text[index]) { index += 1 }
            return index > start
        }
        if index < text.count, text[index] == UInt8(ascii: "-") || text[index] == UInt8(ascii: "+") { index += 1 }
        guard digits() else { return false }
        if index < text.count, text[index] == UInt8(ascii: ".") {
            index += 1
            guard digits() else { return false }
        }
        if index < text.count, text[index] == UInt8(ascii: "e") || text[index] == UInt8(ascii: "E") {
            index += 1
            if index < text.count, text[index] == UInt8(ascii: "-") || text[index] == UInt8(ascii: "+") { index += 1 }
            guard digits() else { return false }
        }
        return index == text.count
    }

    private static let powersOfTen: [Double] = (0...22).map { exponent in
        var value = 1.0
        for _ in 0..<exponent { value *= 10 }
        return value
    }

    /// Clinger's fast path: when the digits fit in 53 bits and the power of ten is exact (≤ 10^22), one
    /// multiplication or division of two exact doubles gives the correctly rounded result.
    @inline(__always)
    private static func fastDouble(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Double? {
        var index = range.lowerBound
        let end = range.upperBound
        guard index < end else { return nil }
        var negative = false
        if bytes[index] == UInt8(ascii: "-") {
            negative = true
            index += 1
        }
        var mantissa: UInt64 = 0
        var digits = 0
        var exponent = 0
        var sawDigit = false
        while index < end {
            let digit = bytes[index] &- UInt8(ascii: "0")
            guard digit < 10 else { break }
            sawDigit = true
            if mantissa != 0 || digit != 0 { digits += 1 }
            guard digits <= 15 else { return nil }
            mantissa = mantissa * 10 + UInt64(digit)
            index += 1
        }
        if index < end, bytes[index] == UInt8(ascii: ".") {
            index += 1
            var fractionDigits = false
            while index < end {
                let digit = bytes[index] &- UInt8(ascii: "0")
                guard digit < 10 else { break }
                fractionDigits = true
                sawDigit = true
                if mantissa != 0 || digit != 0 { digits += 1 }
                guard digits <= 15 else { return nil }
                mantissa = mantissa * 10 + UInt64(digit)
                exponent -= 1
                index += 1
            }
            guard fractionDigits else { return nil }
        }
        guard sawDigit else { return nil }
        if index < end, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            var exponentNegative = false
            if index < end, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
                exponentNegative = bytes[index] == UInt8(ascii: "-")
                index += 1
            }
            var written = 0
            var sawExponentDigit = false
            while index < end {
                let digit = bytes[index] &- UInt8(ascii: "0")
                guard digit < 10 else { return nil }
                sawExponentDigit = true
                written = written * 10 + Int(digit)
                guard written < 1000 else { return nil }
                index += 1
            }
            guard sawExponentDigit else { return nil }
            exponent += exponentNegative ? -written : written
        }
        guard index == end else { return nil }
        var value = Double(mantissa)
        if exponent < 0 {
            guard -exponent <= 22 else { return nil }
            value /= powersOfTen[-exponent]
        } else if exponent > 0 {
            guard exponent <= 22 else { return nil }
            value *= powersOfTen[exponent]
        }
        return negative ? -value : value
    }
}
