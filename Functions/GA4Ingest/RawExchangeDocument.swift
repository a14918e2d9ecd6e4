import JSONText
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import GA4

/// The landing copy of one `runReport` page: the request and response exactly as they went over the wire,
/// wrapped with what they were for. Both bodies are JSON objects already, so they are embedded verbatim.
enum RawExchangeDocument {
    static func encode(report: String, property: PropertyID, date: CivilDate, fetchedAt: String, page: ReportPage, pageIndex: Int) -> Data {
        var document = Data()
        let string = JSONString.quoted
        let metadata = "{\"report\":\(string(report)),\"propertyId\":\(string(property.number)),\"date\":\(string(date.isoString)),"
            + "\"fetchedAt\":\(string(fetchedAt)),\"page\":\(pageIndex),\"offset\":\(page.offset),"
            + "\"method\":\"runReport\",\"resource\":\(string(property.resourceName))}"
        document.append(contentsOf: Array("{\"metadata\":\(metadata),\"request\":".utf8))
        document.append(page.requestBody)
        document.append(contentsOf: Array(",\"response\":".utf8))
        document.append(page.responseBody)
        document.append(contentsOf: Array("}\n".utf8))
        return document
    }
}
