import Foundation
import Testing

@testable import GA4

@Suite struct RunReportResponseDecoderTests {
    @Test func decodesTypedColumnsOfAPaginatedPage() throws {
        let response = try RunReportResponseDecoder.decode(Data(SampleResponses.airbytePage.utf8))
        #expect(response.dimensionHeaders.map(\.name) == ["date", "deviceCategory", "operatingSystem", "browser"])
        #expect(response.metricHeaders.map(\.type) == [.integer, .integer, .integer, .float, .seconds, .integer, .float, .float])
        #expect(response.rowCount == 54)
        #expect(response.rows.count == 2)
        #expect(response.rows.dimensions[2] == ["Macintosh", "Windows"])
        #expect(response.rows.metrics[0] == .integer([344, 322]))
        #expect(response.rows.metrics[4] == .double([194.76313766428572, 249.21595714211884]))
        // 17 significant digits take the slow path and must still round exactly as the text says.
        #expect(response.rows.metrics[7] == .double([0.47857142857142859, 0.42377260981912146]))
        #expect(response.metadata.timeZone == "America/Los_Angeles")
        #expect(response.metadata.currencyCode == "USD")
        #expect(response.kind == "analyticsData#runReport")
        #expect(response.propertyQuota == nil)
    }

    @Test func decodesAggregateRowsAndNullMetadataMembers() throws {
        let response = try RunReportResponseDecoder.decode(Data(SampleResponses.siteKitPageTitles.utf8))
        #expect(response.rows.dimensions == [["/", "/one/", "/two/"], ["HOME", "ONE", "TWO"]])
        #expect(response.totals.metrics == [.integer([222])])
        #expect(response.maximums.dimensions == [["RESERVED_MAX"], ["RESERVED_MAX"]])
        #expect(response.minimums.metrics == [.integer([1])])
        #expect(response.metadata.dataLossFromOtherRow == false)
        #expect(response.metadata.emptyReason == nil)
    }

    @Test func readsRowsThatComeBeforeTheHeaders() throws {
        let body = """
            {"rows":[{"metricValues":[{"value":"7"}],"dimensionValues":[{"value":"a"}]}],"rowCount":"1",
             "metricHeaders":[{"name":"sessions","type":"TYPE_INTEGER"}],"dimensionHeaders":[{"name":"pagePath"}],
             "unknownFutureField":{"nested":[1,2,{"x":null}]}}
            """
        let response = try RunReportResponseDecoder.decode(Data(body.utf8))
        #expect(response.rows == ReportRows(dimensions: [["a"]], metrics: [.integer([7])], count: 1))
        #expect(response.rowCount == 1)
    }

    @Test func decodesEscapesAndUnicodeInDimensionValues() throws {
        let body = #"""
            {"dimensionHeaders":[{"name":"pagePath"}],"metricHeaders":[{"name":"sessions","type":"TYPE_INTEGER"}],
             "rows":[
              {"dimensionValues":[{"value":"/search?q=\"shoes\"\\n\/x"}],"metricValues":[{"value":"1"}]},
              {"dimensionValues":[{"value":"/caf\u00e9 \ud83d\ude00 crème"}],"metricValues":[{"value":"2"}]},
              {"dimensionValues":[{"value":"/caf\u00e9 \ud83d\ude00 crème"}],"metricValues":[{"value":"3"}]},
              {"dimensionValues":[{}],"metricValues":[{"value":"4"}]}]}
            """#
        let response = try RunReportResponseDecoder.decode(Data(body.utf8))
        #expect(response.rows.dimensions[0] == ["/search?q=\"shoes\"\\n/x", "/café 😀 crème", "/café 😀 crème", ""])
        #expect(response.rows.metrics[0] == .integer([1, 2, 3, 4]))
    }

    @Test func decodesQuotaAndCaveats() throws {
        let body = """
            {"dimensionHeaders":[],"metricHeaders":[{"name":"sessions","type":"TYPE_INTEGER"}],
             "metadata":{"dataLossFromOtherRow":true,"subjectToThresholding":true,"emptyReason":"NO_DATA",
               "samplingMetadatas":[{"samplesReadCount":"1850","samplingSpaceSize":"5000"}],
               "schemaRestrictionResponse":{"activeMetricRestrictions":[{"metricName":"purchaseRevenue","restrictedMetricTypes":["REVENUE_DATA"]}]}},
             "propertyQuota":{"tokensPerDay":{"consumed":1,"remaining":199848},"concurrentRequests":{"remaining":10},"newBucket":{"consumed":1}}}
            """
        let response = try RunReportResponseDecoder.decode(Data(body.utf8))
        #expect(response.metadata.dataLossFromOtherRow)
        #expect(response.metadata.subjectToThresholding)
        #expect(response.metadata.emptyReason == "NO_DATA")
        #expect(response.metadata.samplingMetadatas == [SamplingMetadata(samplesReadCount: 1850, samplingSpaceSize: 5000)])
        #expect(response.metadata.restrictedMetrics == ["purchaseRevenue"])
        #expect(response.propertyQuota?[.tokensPerDay] == QuotaStatus(consumed: 1, remaining: 199_848))
        #expect(response.propertyQuota?[.concurrentRequests] == QuotaStatus(consumed: 0, remaining: 10))
        #expect(response.rows.count == 0)
    }

    @Test func acceptsIntegerMetricsWrittenAsWholeDecimals() throws {
        let body = """
            {"dimensionHeaders":[],"metricHeaders":[{"name":"keyEvents","type":"TYPE_INTEGER"}],
             "rows":[{"metricValues":[{"value":"12.0"}]},{"metricValues":[{"value":"-3"}]}]}
            """
        let response = try RunReportResponseDecoder.decode(Data(body.utf8))
        #expect(response.rows.metrics == [.integer([12, -3])])
    }

    @Test func rejectsAFractionalIntegerMetricNamingRowAndColumn() {
        let body = """
            {"dimensionHeaders":[{"name":"date"}],"metricHeaders":[{"name":"sessions","type":"TYPE_INTEGER"}],
             "rows":[{"dimensionValues":[{"value":"20250101"}],"metricValues":[{"value":"1"}]},
                     {"dimensionValues":[{"value":"20250102"}],"metricValues":[{"value":"2.5"}]}]}
            """
        #expect {
            try RunReportResponseDecoder.decode(Data(body.utf8), source: "page 1")
        } throws: { error in
            let text = "\(error)"
            return text.contains("page 1") && text.contains("rows[1].metricValues[0] (sessions)") && text.contains("2.5")
        }
    }

    @Test func rejectsRowsWhoseValueCountsDoNotMatchTheHeaders() {
        let body = """
            {"dimensionHeaders":[{"name":"date"},{"name":"pagePath"}],"metricHeaders":[{"name":"sessions","type":"TYPE_INTEGER"}],
             "rows":[{"dimensionValues":[{"value":"20250101"}],"metricValues":[{"value":"1"}]}]}
            """
        #expect {
            try RunReportResponseDecoder.decode(Data(body.utf8))
        } throws: { error in
            "\(error)".contains("rows[0] has 1 dimension and 1 metric values; the headers name 2 and 1")
        }
    }

    @Test(arguments: [
        ("", "at byte 0: expected an object"),
        ("  \n  ", "at byte 5: expected an object"),
        ("{\"rowCount\": 1", "at byte 14: unterminated object"),
        ("{\"rowCount\": 1} x", "at byte 16: unexpected text after the document"),
        ("{\"kind\": \"abc}", "at byte 9: unterminated string"),
        ("{\"rowCount\": tru}", "at byte 13: rowCount: expected an integer"),
        ("{\"rowCount\": \"12x\"}", "at byte 13: rowCount: expected an integer in quotes"),
        ("{\"rowCount\": 1.5}", "at byte 13: rowCount: expected an integer"),
        ("{\"rowCount\": -1}", "at byte 13: rowCount -1 is out of range"),
        ("[1]", "at byte 0: expected an object"),
        ("{\"metadata\": {\"timeZone\": \"\\x\"}}", "at byte 27: invalid escape"),
        ("{\"metadata\": {\"timeZone\": 3}}", "at byte 26: metadata.timeZone: expected a string"),
        ("{\"metadata\": {\"subjectToThresholding\": \"yes\"}}", "at byte 39: metadata.subjectToThresholding: expected true or false"),
        ("{\"kind\": \"a\u{01}\"}", "at byte 11: control character in a string"),
        ("{\"metricHeaders\": [{\"name\": \"x\", \"type\": \"TYPE_NEW\"}]}", "at byte 41: unknown metric type TYPE_NEW"),
        ("{\"dimensionHeaders\": [{\"type\": \"x\"}]}", "at byte 22: an entry of dimensionHeaders has no name"),
        ("{\"propertyQuota\": {\"tokensPerDay\": {\"consumed\": \"many\"}}}",
         "at byte 48: propertyQuota.tokensPerDay.consumed: expected an integer in quotes"),
    ])
    func reportsMalformedJSONWithAnOffset(body: String, detail: String) {
        #expect(throws: GA4Error.invalidResponse(source: "runReport response", detail: detail)) {
            try RunReportResponseDecoder.decode(Data(body.utf8))
        }
    }

    @Test func refusesNestingDeeperThanTheReaderAllowsInUnknownMembers() {
        let deep = "{\"future\": " + String(repeating: "[", count: 200) + String(repeating: "]", count: 200) + "}"
        #expect {
            try RunReportResponseDecoder.decode(Data(deep.utf8))
        } throws: { error in
            "\(error)".contains("nesting deeper than 64 levels")
        }
    }

    @Test func rejectsInvalidUTF8() {
        var body = Data("{\"kind\":\"".utf8)
        body.append(contentsOf: [0xC3, 0x28])
        body.append(contentsOf: Array("\"}".utf8))
        #expect(throws: GA4Error.invalidResponse(source: "runReport response", detail: "at byte 8: string is not valid UTF-8")) {
            try RunReportResponseDecoder.decode(body)
        }
    }

    @Test func rejectsInvalidUTF8InDimensionValuesWithAndWithoutEscapes() {
        for escape in ["", "\\n"] {
            var body = Data(#"{"dimensionHeaders":[{"name":"p"}],"metricHeaders":[],"rows":[{"dimensionValues":[{"value":""#.utf8)
            let offset = body.count - 1
            body.append(contentsOf: Array(escape.utf8) + [0xFF])
            body.append(contentsOf: Array(#""}]}]}"#.utf8))
            #expect(throws: GA4Error.invalidResponse(source: "runReport response", detail: "at byte \(offset): string is not valid UTF-8")) {
                try RunReportResponseDecoder.decode(body)
            }
        }
    }

    @Test func decodesABatchInRequestOrder() throws {
        let body = "{\"reports\":[\(SampleResponses.siteKitPageTitles),\(SampleResponses.airbytePage)],\"kind\":\"analyticsData#batchRunReports\"}"
        let reports = try RunReportResponseDecoder.decodeBatch(Data(body.utf8))
        #expect(reports.map(\.rowCount) == [3, 54])
    }

    @Test func agreesWithJSONSerializationOnGeneratedPages() throws {
        // Random pages written by Foundation's serializer, read back by the purpose-built decoder.
        var generator = SystemRandomNumberGenerator()
        var rows: [[String: Any]] = []
        var expectedPaths: [String] = []
        var expectedViews: [Int64] = []
        var expectedRates: [Double] = []
        for index in 0..<500 {
            let path = "/p/\(index % 37)/\(["é", "\"", "\\", "😀", "\t", "x"][index % 6])"
            let views = Int64.random(in: 0...Int64(Int32.max), using: &generator)
            let rate = Double.random(in: 0...1000, using: &generator)
            expectedPaths.append(path)
            expectedViews.append(views)
            expectedRates.append(rate)
            rows.append([
                "dimensionValues": [["value": path]],
                "metricValues": [["value": String(views)], ["value": "\(rate)"]],
            ])
        }
        let document: [String: Any] = [
            "dimensionHeaders": [["name": "pagePath"]],
            "metricHeaders": [["name": "screenPageViews", "type": "TYPE_INTEGER"], ["name": "userEngagementDuration", "type": "TYPE_SECONDS"]],
            "rows": rows, "rowCount": 500,
        ]
        let body = try JSONSerialization.data(withJSONObject: document, options: [.prettyPrinted])
        let response = try RunReportResponseDecoder.decode(body)
        #expect(response.rows.dimensions[0] == expectedPaths)
        #expect(response.rows.metrics[0] == .integer(expectedViews))
        #expect(response.rows.metrics[1] == .double(expectedRates))
    }
}
