import Foundation
import Testing

@testable import PipelineOps

struct GA4BackfillTests {
    @Test func theRequestIsWhatGA4IngestReads() throws {
        let request = try GA4Backfill.request(properties: ["123456789"], from: "2025-01-01", to: "2025-01-31", reports: ["pages"])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        #expect(String(decoding: try encoder.encode(request), as: UTF8.self)
            == #"{"endDate":"2025-01-31","properties":["123456789"],"reports":["pages"],"startDate":"2025-01-01"}"#)
        let all = try GA4Backfill.request(properties: ["1", "2"], from: "2025-01-01", to: "2025-01-01", reports: [])
        #expect(all.reports == nil)
    }

    @Test(arguments: [
        ([String](), "2025-01-01", "2025-01-02", [String]()),
        (["12a"], "2025-01-01", "2025-01-02", []),
        (["١٢٣"], "2025-01-01", "2025-01-02", []),
        (["1"], "2025-01-03", "2025-01-02", []),
        (["1"], "2025-01-01", "2025-01-02", ["pages; drop"]),
    ])
    func badRequestsAreRefusedBeforeAnyInvocation(_ input: ([String], String, String, [String])) {
        #expect(throws: OperationError.self) {
            try GA4Backfill.request(properties: input.0, from: input.1, to: input.2, reports: input.3)
        }
    }
}
