import Foundation
@testable import GA4
import Testing

@testable import GA4Ingest

@Suite("Raw landing documents")
struct RawExchangeDocumentTests {
    @Test func requestAndResponseAreEmbeddedVerbatim() throws {
        let request = Data(#"{"dateRanges":[{"endDate":"2025-05-01","startDate":"2025-05-01"}],"offset":"0"}"#.utf8)
        let response = Data(#"{"rowCount":2,"rows":[{"dimensionValues":[{"value":"/caf\u00e9"}]}]}"#.utf8)
        let page = ReportPage(offset: 0, requestBody: request, responseBody: response, response: RunReportResponse())
        let document = RawExchangeDocument.encode(
            report: "pages", property: try PropertyID("123"), date: CivilDate(year: 2025, month: 5, day: 1)!,
            fetchedAt: "2025-05-02T06:00:00.000Z", page: page, pageIndex: 0)
        let object = try #require(try JSONSerialization.jsonObject(with: document) as? [String: Any])
        let metadata = try #require(object["metadata"] as? [String: Any])
        #expect(metadata["report"] as? String == "pages")
        #expect(metadata["propertyId"] as? String == "123")
        #expect(metadata["date"] as? String == "2025-05-01")
        #expect((object["response"] as? [String: Any])?["rowCount"] as? Int == 2)
        #expect(document.range(of: response) != nil)
        #expect(document.range(of: request) != nil)
    }
}
