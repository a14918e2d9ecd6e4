import Foundation
import LambdaEvents
import Testing

@Suite struct RFC3339TimestampTests {
    @Test(arguments: [
        ("1970-01-01T00:00:00.000Z", 0.0),
        ("1970-01-01T00:00:00Z", 0.0),
        ("2024-01-15T13:05:09Z", 1_705_323_909.0),
        ("2024-01-15T13:05:09.120Z", 1_705_323_909.12),
        ("2024-02-29T23:59:59.999Z", 1_709_251_199.999),
        ("2024-03-01T00:00:01.5+01:00", 1_709_247_601.5),
        ("2017-12-22T18:43:48-08:00", 1_513_997_028.0),
        ("2024-01-15t13:05:09z", 1_705_323_909.0),
        ("1969-12-31T23:59:59Z", -1.0),
        ("2000-02-29T12:00:00Z", 951_825_600.0),
        ("2400-02-29T00:00:00Z", 13_574_563_200.0),
    ])
    func parses(text: String, epochSeconds: Double) throws {
        let date = try #require(RFC3339Timestamp.parse(text))
        #expect(abs(date.timeIntervalSince1970 - epochSeconds) < 0.000_5)
    }

    @Test(arguments: [
        "2024-13-01T00:00:00Z", "2023-02-29T00:00:00Z", "2100-02-29T00:00:00Z", "2024-04-31T00:00:00Z",
        "2024-01-15T24:00:00Z", "2024-01-15T13:60:00Z", "2024-01-15T13:05:60Z", "2024-01-15T13:05:09",
        "2024-01-15 13:05:09Z", "2024-01-15T13:05:09.Z", "2024-01-15T13:05:09Zjunk", "2024-1-15T13:05:09Z",
        "2024-01-15T13:05:09+0100", "", "yesterday",
    ])
    func rejects(text: String) {
        #expect(RFC3339Timestamp.parse(text) == nil)
    }

    @Test func formats() {
        #expect(RFC3339Timestamp.format(Date(timeIntervalSince1970: 0), milliseconds: true) == "1970-01-01T00:00:00.000Z")
        #expect(RFC3339Timestamp.format(Date(timeIntervalSince1970: 1_705_323_909)) == "2024-01-15T13:05:09Z")
        #expect(RFC3339Timestamp.format(Date(timeIntervalSince1970: 1_705_323_909.12)) == "2024-01-15T13:05:09.120Z")
        #expect(RFC3339Timestamp.format(Date(timeIntervalSince1970: -1)) == "1969-12-31T23:59:59Z")
    }

    /// Foundation's ISO 8601 formatter is the oracle for dates across four centuries.
    @Test func agreesWithFoundationFormatter() throws {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        formatter.timeZone = TimeZone(identifier: "UTC")
        var generator = SplitMix64(seed: 20240115)
        for _ in 0..<2_000 {
            let seconds = Double(Int64.random(in: -2_208_988_800...7_258_118_400, using: &generator))
            let date = Date(timeIntervalSince1970: seconds)
            let text = formatter.string(from: date)
            #expect(RFC3339Timestamp.format(date) == text)
            #expect(RFC3339Timestamp.parse(text) == date, "parsing \(text)")
        }
    }
}

/// A small seeded generator so the sampled dates are the same on every run.
private struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }
}
