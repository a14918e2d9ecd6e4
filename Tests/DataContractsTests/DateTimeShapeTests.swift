import Testing
@testable import DataContracts

/// The direct checks of ISO dates and clock times must say what the general format walk says of every value:
/// every month and day around the limits (leap years included), every hour, minute and second around theirs,
/// and the same strings with one byte changed or the length off by one.
@Suite struct DateTimeShapeTests {
    static func variants(_ text: String) -> [[UInt8]] {
        let bytes = Array(text.utf8)
        var result = [bytes, Array(bytes.dropLast()), bytes + [UInt8(ascii: "0")]]
        for index in bytes.indices {
            for replacement in [UInt8(ascii: "0"), UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: ":"), UInt8(ascii: "/"), UInt8(ascii: "a")] {
                var changed = bytes
                changed[index] = replacement
                result.append(changed)
            }
        }
        return result
    }

    @Test func isoDatesAreJudgedAsTheFormatJudgesThem() {
        var checked = 0
        var failures: [String] = []
        for year in ["0000", "1900", "2000", "2023", "2024", "2100", "9999"] {
            for month in 0...13 {
                for day in [0, 1, 28, 29, 30, 31, 32] {
                    let text = "\(year)-\(month < 10 ? "0" : "")\(month)-\(day < 10 ? "0" : "")\(day)"
                    for value in Self.variants(text) {
                        value.withUnsafeBufferPointer { cell in
                            if DateTimeFormat.isISODate(cell) != DateTimeFormat.isoDate.matches(cell) { failures.append(String(decoding: value, as: UTF8.self)) }
                        }
                        checked += 1
                    }
                }
            }
        }
        #expect(checked > 10_000)
        #expect(failures.isEmpty, "\(failures.prefix(5))")
        #expect(Array("2024-02-29".utf8).withUnsafeBufferPointer { DateTimeFormat.isISODate($0) })
        #expect(!Array("2023-02-29".utf8).withUnsafeBufferPointer { DateTimeFormat.isISODate($0) })
    }

    @Test func clockTimesAreJudgedAsTheFormatJudgesThem() {
        var failures: [String] = []
        for hour in [0, 9, 23, 24, 99] {
            for minute in [0, 59, 60] {
                for second in [0, 59, 60, 61] {
                    let text = [hour, minute, second].map { ($0 < 10 ? "0" : "") + String($0) }.joined(separator: ":")
                    for value in Self.variants(text) {
                        value.withUnsafeBufferPointer { cell in
                            if DateTimeFormat.isClock(cell) != DateTimeFormat.clock.matches(cell) { failures.append(String(decoding: value, as: UTF8.self)) }
                        }
                    }
                }
            }
        }
        #expect(failures.isEmpty, "\(failures.prefix(5))")
    }

    @Test func timestampsWithAndWithoutOffsets() {
        let valid = ["2026-10-01T23:59:60Z", "2026-10-01 00:00:00", "2026-10-01t12:00:00.123456789+02:00", "2024-02-29T01:02:03-0130"]
        let invalid = ["2026-10-01T24:00:00Z", "2026-10-01T12:00:00ZZ", "2026-10-01T12:00:00.Z", "2026-13-01T00:00:00", "2026-10-01T12:00:00+24:00"]
        for text in valid { #expect(Array(text.utf8).withUnsafeBufferPointer { DateTimeFormat.isTimestamp($0) }, "\(text)") }
        for text in invalid { #expect(!Array(text.utf8).withUnsafeBufferPointer { DateTimeFormat.isTimestamp($0) }, "\(text)") }
    }
}
