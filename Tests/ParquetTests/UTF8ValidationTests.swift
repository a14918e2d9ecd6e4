import Testing
@testable import Parquet

@Suite struct UTF8ValidationTests {
    private func check(_ bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBytes { UTF8Validation.firstInvalidOffset($0) }
    }

    @Test func wellFormedTextPasses() {
        #expect(check([]) == nil)
        #expect(check(Array("plain ascii text longer than eight bytes".utf8)) == nil)
        #expect(check(Array("Zürich, 東京, 🎉, ümlaut".utf8)) == nil)
        #expect(check([0xF4, 0x8F, 0xBF, 0xBF]) == nil)  // U+10FFFF
        #expect(check([0xED, 0x9F, 0xBF]) == nil)  // U+D7FF, just below the surrogates
    }

    @Test func illFormedSequencesReportTheirOffset() {
        #expect(check([0x61, 0x62, 0xFF]) == 2)
        #expect(check([0x61, 0xC0, 0x80]) == 1)  // overlong NUL
        #expect(check([0xE0, 0x80, 0x80]) == 0)  // overlong
        #expect(check([0xED, 0xA0, 0x80]) == 0)  // surrogate U+D800
        #expect(check([0xF4, 0x90, 0x80, 0x80]) == 0)  // past U+10FFFF
        #expect(check(Array("0123456789".utf8) + [0xE2, 0x82]) == 10)  // truncated at the end
        #expect(check([0xC3, 0x41]) == 0)  // continuation missing
        #expect(check([0x80]) == 0)  // lone continuation
    }
}
