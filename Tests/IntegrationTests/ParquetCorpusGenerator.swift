import Foundation
import Parquet
import TestSupport

/// Builds the reader-matrix corpus: designed cases for every type, codec and layout feature, and random
/// schemas and data from fixed seeds.
struct ParquetCorpusGenerator {
    static let multiByteStrings = ["Zürich", "東京都", "🎉 launch", "naïve café", "Ωμέγα", "a\u{0}b", "ﬁ", "𝄞 clef"]
    // fastparquet turns DATE into nanosecond datetimes and silently wraps outside 1677-09-22...2262-04-11,
    // so dates stay inside that range; timestamps keep their own unit there and go out to years 1 and 9999.
    static let dayMin: Int32 = -106_751  // 1677-09-22
    static let dayMax: Int32 = 106_750  // 2262-04-11
    static let millisecondMin: Int64 = -62_135_596_800_000  // 0001-01-01T00:00:00Z
    static let millisecondMax: Int64 = 253_402_300_799_999  // 9999-12-31T23:59:59.999Z

    var generator: SplitMix64

    init(seed: UInt64) {
        generator = SplitMix64(seed: seed)
    }

    /// Values of `type` with extremes, empty and multi-byte strings, and nulls in every position for optional
    /// columns (first, last, runs, and alone), at `nullRate`.
    mutating func values(for type: ParquetType, optional: Bool, count: Int, nullRate: Double, distinct: Int?) -> [ParquetValue?] {
        var result: [ParquetValue?] = []
        result.reserveCapacity(count)
        for index in 0..<count {
            if optional {
                let forced = index == 0 || index == count - 1 || (index / 9) % 5 == 3
                if (forced && nullRate > 0) || Double.random(in: 0..<1, using: &generator) < nullRate {
                    result.append(nil)
                    continue
                }
            }
            result.append(value(for: type, index: index, distinct: distinct))
        }
        return result
    }

    mutating func value(for type: ParquetType, index: Int, distinct: Int?) -> ParquetValue {
        // Extremes come first so even short columns carry them.
        let pick = distinct.map { Int.random(in: 0..<$0, using: &generator) }
        switch type {
        case .string:
            if let pick { return .string(pick == 0 ? "" : "value-\(pick)-\(Self.multiByteStrings[pick % Self.multiByteStrings.count])") }
            switch index % 6 {
            case 0: return .string("")
            case 1: return .string(Self.multiByteStrings[Int.random(in: 0..<Self.multiByteStrings.count, using: &generator)])
            case 2: return .string(String(repeating: "long-text-", count: Int.random(in: 1...40, using: &generator)))
            case 3: return .string(randomUnicode())
            default: return .string("id-\(UInt64.random(in: 0...UInt64.max, using: &generator))")
            }
        case .boolean:
            return .boolean(Bool.random(using: &generator))
        case .int32:
            if let pick { return .int32(Int32(pick) - 5) }
            let extremes: [Int32] = [.min, .max, 0, -1, 1]
            return .int32(index < extremes.count ? extremes[index] : Int32.random(in: .min ... .max, using: &generator))
        case .int64:
            if let pick { return .int64(Int64(pick) * 1_000_000_007) }
            let extremes: [Int64] = [.min, .max, 0, -1, 1]
            return .int64(index < extremes.count ? extremes[index] : Int64.random(in: .min ... .max, using: &generator))
        case .double:
            if let pick { return .double(Double(pick) / 4) }
            let extremes: [Double] = [-0.0, 0.0, .infinity, -.infinity, .greatestFiniteMagnitude, -.leastNonzeroMagnitude, .nan, .pi]
            return .double(index < extremes.count ? extremes[index] : Double.random(in: -1e12...1e12, using: &generator))
        case .date:
            if let pick { return .date(daysSinceEpoch: 20_000 + Int32(pick)) }
            let extremes: [Int32] = [Self.dayMin, Self.dayMax, 0, -1]
            return .date(daysSinceEpoch: index < extremes.count ? extremes[index]
                : Int32.random(in: Self.dayMin...Self.dayMax, using: &generator))
        case .timestamp(let unit):
            let scale: Int64 = unit == .milliseconds ? 1 : 1000
            if let pick { return .timestamp((1_735_689_600_000 + Int64(pick) * 1000) * scale) }
            let extremes: [Int64] = [Self.millisecondMin, Self.millisecondMax, 0, -1]
            if index < extremes.count { return .timestamp(extremes[index] * scale + (index == 1 ? scale - 1 : 0)) }
            return .timestamp(Int64.random(in: Self.millisecondMin...Self.millisecondMax, using: &generator) * scale
                + Int64.random(in: 0..<scale, using: &generator))
        case .decimal(let precision, _):
            var limit: Int128 = 1
            for _ in 0..<precision { limit *= 10 }
            limit -= 1
            if let pick { return .decimal(unscaled: Int128(pick) - 3) }
            let extremes: [Int128] = [limit, -limit, 0, -1]
            if index < extremes.count { return .decimal(unscaled: extremes[index]) }
            let high = Int128(Int64.random(in: .min ... .max, using: &generator)) << 64
            let random = (high | Int128(UInt64.random(in: 0...UInt64.max, using: &generator))) % (limit + 1)
            return .decimal(unscaled: random)
        }
    }

    mutating func randomUnicode() -> String {
        var scalars = String.UnicodeScalarView()
        for _ in 0..<Int.random(in: 0...12, using: &generator) {
            let ranges: [ClosedRange<UInt32>] = [0x20...0x7E, 0xA0...0x7FF, 0x800...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF]
            let range = ranges[Int.random(in: 0..<ranges.count, using: &generator)]
            scalars.append(Unicode.Scalar(UInt32.random(in: range, using: &generator))!)
        }
        return String(scalars)
    }

    static let allTypes: [ParquetType] = [
        .string, .boolean, .int32, .int64, .double, .date, .timestamp(.milliseconds), .timestamp(.microseconds),
        .decimal(precision: 9, scale: 2), .decimal(precision: 18, scale: 6), .decimal(precision: 38, scale: 10),
        .decimal(precision: 25, scale: 0),
    ]

    static func columnName(_ type: ParquetType, _ index: Int) -> String {
        let base: String
        switch type {
        case .string: base = "text"
        case .boolean: base = "flag"
        case .int32: base = "small"
        case .int64: base = "big"
        case .double: base = "real"
        case .date: base = "day"
        case .timestamp(.milliseconds): base = "ts_ms"
        case .timestamp(.microseconds): base = "ts_us"
        case .decimal(let precision, let scale): base = "dec_\(precision)_\(scale)"
        }
        return "\(base)_\(index)"
    }

    /// A random flat schema, options and data.
    mutating func randomCase(name: String) throws -> ParquetCorpusCase {
        let columnCount = Int.random(in: 1...10, using: &generator)
        var columns: [ParquetColumn] = []
        var data: [[ParquetValue?]] = []
        let rows = [0, 1, 7, 100, 999, 2500][Int.random(in: 0..<6, using: &generator)]
        for index in 0..<columnCount {
            let type = Self.allTypes[Int.random(in: 0..<Self.allTypes.count, using: &generator)]
            let optional = Bool.random(using: &generator)
            let encoding: ColumnEncoding = Bool.random(using: &generator) ? .dictionary : .plain
            columns.append(ParquetColumn(Self.columnName(type, index), type, optional: optional, encoding: encoding))
            let nullRate = [0.0, 0.1, 0.5, 0.95, 1.0][Int.random(in: 0..<5, using: &generator)]
            let distinct: Int? = Bool.random(using: &generator) ? Int.random(in: 1...300, using: &generator) : nil
            data.append(values(for: type, optional: optional, count: rows, nullRate: nullRate, distinct: distinct))
        }
        var options = ParquetWriterOptions(compression: [.uncompressed, .snappy, .gzip(), .zstd()][Int.random(in: 0..<4, using: &generator)])
        options.rowGroupRowLimit = [50, 333, 1000, 1 << 20][Int.random(in: 0..<4, using: &generator)]
        options.dataPageByteLimit = [64, 1000, 4096, 1 << 20][Int.random(in: 0..<4, using: &generator)]
        options.dictionaryPageByteLimit = [64, 512, 8 << 20][Int.random(in: 0..<3, using: &generator)]
        return ParquetCorpusCase(name: name, schema: try ParquetSchema(columns), options: options, columns: data)
    }
}

