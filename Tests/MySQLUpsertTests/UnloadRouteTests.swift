import Testing

@testable import MySQLUpsert

@Suite struct UnloadRouteTests {
    @Test func theLongestPrefixWins() throws {
        let table = try UnloadRouteTable.parse(Array("""
            {"routes":[{"prefix":"unload/","table":"all_rows","columns":["id"]},
                       {"prefix":"unload/orders/","table":"orders","format":"csv","header":true},
                       {"prefix":"unload/orders/eu/","table":"orders_eu","format":"parquet","trigger":"manifest"}]}
            """.utf8), source: "UPSERT_ROUTES")
        #expect(table.route(for: "unload/orders/eu/0000_part_00.parquet")?.table == "orders_eu")
        #expect(table.route(for: "unload/orders/0001_part_00.gz")?.table == "orders")
        #expect(table.route(for: "unload/x/0000_part_00")?.table == "all_rows")
        #expect(table.route(for: "elsewhere/0000_part_00") == nil)
        #expect(table.route(for: "unload/orders/eu/manifest")?.trigger == .manifest)
    }

    @Test func textDefaultsAreUnloadDefaults() throws {
        let route = try route(#"{"prefix":"u/","table":"t","columns":["a","b"]}"#)
        guard case .delimited(let layout) = route.format else { Issue.record("not delimited"); return }
        #expect(layout.dialect.delimiter == UInt8(ascii: "|"))
        #expect(layout.dialect.escape == nil && layout.dialect.quote == nil && !layout.dialect.header)
        #expect(layout.nullMarker.isEmpty && !layout.markerIsEscaped)
        #expect(route.trigger == .parts)
    }

    @Test func escapedNullMarkerIsKnownUnescaped() throws {
        let route = try route(#"{"prefix":"u/","table":"t","columns":["a"],"escape":true,"nullAs":"\\N","addQuotes":true}"#)
        guard case .delimited(let layout) = route.format else { Issue.record("not delimited"); return }
        #expect(layout.markerIsEscaped && layout.unescapedMarker == Array("N".utf8))
        #expect(layout.dialect.quote == UInt8(ascii: "\"") && !layout.dialect.doubleQuote)
    }

    @Test(arguments: [
        (#"{"table":"t","columns":["a"]}"#, "\"prefix\" is required"),
        (#"{"prefix":"u/","columns":["a"]}"#, "\"table\" is required"),
        (#"{"prefix":"../u/","table":"t","columns":["a"]}"#, "must not start with / or contain . or .. segments"),
        (#"{"prefix":"u/","table":"t"}"#, "the files have no header: set \"columns\""),
        (#"{"prefix":"u/","table":"t","columns":["a"],"format":"json"}"#, "\"format\" must be text, csv, fixedwidth or parquet"),
        (#"{"prefix":"u/","table":"t","columns":["a"],"delimiter":"||"}"#, "\"delimiter\" must be one ASCII character"),
        (#"{"prefix":"u/","table":"t","columns":["a"],"delimiter":"\""}"#, "\"delimiter\" must be one ASCII character"),
        (#"{"prefix":"u/","table":"t","format":"csv","escape":true,"header":true}"#, "\"escape\" does not apply to format csv"),
        (#"{"prefix":"u/","table":"t","format":"parquet","nullAs":"x"}"#, "\"nullAs\" does not apply to format parquet"),
        (#"{"prefix":"u/","table":"t","format":"fixedwidth"}"#, "format fixedwidth needs \"fixedWidth\""),
        (#"{"prefix":"u/","table":"t","format":"fixedwidth","fixedWidth":"a:0"}"#, "is not name:width"),
        (#"{"prefix":"u/","table":"t","columns":["a","A"]}"#, "column \"a\" is listed twice"),
        (#"{"prefix":"u/","table":"t\u0000x","columns":["a"]}"#, "is not a MySQL identifier"),
        (#"{"prefix":"u/","table":"t","columns":["a"],"trigger":"always"}"#, "\"trigger\" must be parts or manifest"),
    ])
    func badRoutesAreRefusedWithTheirPlace(entry: String, expected: String) {
        do {
            _ = try UnloadRouteTable.parse(Array("{\"routes\":[\(entry)]}".utf8), source: "UPSERT_ROUTES")
            Issue.record("accepted \(entry)")
        } catch {
            #expect(error.description.contains(expected), "\(error)")
            #expect(error.description.hasPrefix("routes[0]") || expected.contains("prefix"), "\(error)")
        }
    }

    @Test func duplicatePrefixesAndBrokenJSONAreRefused() {
        #expect(throws: RouteConfigurationError.self) {
            try UnloadRouteTable.parse(Array(#"{"routes":[{"prefix":"u/","table":"t","columns":["a"]},{"prefix":"u/","table":"s","columns":["a"]}]}"#.utf8), source: "x")
        }
        do {
            _ = try UnloadRouteTable.parse(Array(#"{"routes":[{"prefix":"u/","table":5}]}"#.utf8), source: "x")
            Issue.record("accepted a number as the table")
        } catch {
            #expect(error.description.contains(".routes[0].table"), "\(error)")
        }
    }

    @Test func fixedWidthNamesTheColumns() throws {
        let route = try route(#"{"prefix":"u/","table":"t","format":"fixedwidth","fixedWidth":"id:4,name:10"}"#)
        #expect(route.columns == ["id", "name"])
        guard case .fixedWidth(let layout) = route.format else { Issue.record("not fixed width"); return }
        #expect(layout.widths == [4, 10])
    }
}
