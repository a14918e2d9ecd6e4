import Foundation
import Testing

@testable import GA4

@Suite struct RFC3339TimestampTests {
    @Test func parsesUTCAndOffsets() {
        #expect(RFC3339Timestamp.parse("1970-01-01T00:00:00Z") == Date(timeIntervalSince1970: 0))
        #expect(RFC3339Timestamp.parse("2025-05-01T12:00:00.5Z") == Date(timeIntervalSince1970: 1_746_100_800.5))
        #expect(RFC3339Timestamp.parse("2025-05-01T14:00:00+02:00") == Date(timeIntervalSince1970: 1_746_100_800))
        #expect(RFC3339Timestamp.parse("2025-05-01 12:00:00Z") == nil)
        #expect(RFC3339Timestamp.parse("2025-05-01T12:00:00") == nil)
    }
}
