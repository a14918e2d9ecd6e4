import Foundation
import Parquet

/// The GA4 BigQuery export schema (one record per event, every column NULLABLE unless REPEATED; REPEATED
/// RECORDs as lists of structs) and events in its shape.
enum GA4ExportFixture {
    static func parameterValue(setTimestamp: Bool) -> ParquetField {
        var fields: [ParquetField] = [
            .primitive("string_value", .string), .primitive("int_value", .int64),
            .primitive("float_value", .double), .primitive("double_value", .double),
        ]
        if setTimestamp { fields.append(.primitive("set_timestamp_micros", .int64)) }
        return .group("value", fields)
    }

    static func parameters(_ name: String, setTimestamp: Bool = false) -> ParquetField {
        .list(name, of: .group("element", [.primitive("key", .string), parameterValue(setTimestamp: setTimestamp)]))
    }

    static func strings(_ names: [String]) -> [ParquetField] { names.map { .primitive($0, .string) } }

    static func schema() throws -> ParquetNestedSchema {
        try ParquetNestedSchema([
            .primitive("event_date", .string), .primitive("event_timestamp", .int64), .primitive("event_name", .string),
            parameters("event_params"),
            .primitive("event_previous_timestamp", .int64), .primitive("event_value_in_usd", .double),
            .primitive("event_bundle_sequence_id", .int64), .primitive("event_server_timestamp_offset", .int64),
            .primitive("user_id", .string), .primitive("user_pseudo_id", .string),
            .group("privacy_info", strings(["analytics_storage", "ads_storage", "uses_transient_token"])),
            parameters("user_properties", setTimestamp: true),
            .primitive("user_first_touch_timestamp", .int64),
            .group("user_ltv", [.primitive("revenue", .double), .primitive("currency", .string)]),
            .group("device", strings([
                "category", "mobile_brand_name", "mobile_model_name", "mobile_marketing_name", "mobile_os_hardware_model",
                "operating_system", "operating_system_version", "vendor_id", "advertising_id", "language",
                "is_limited_ad_tracking",
            ]) + [.primitive("time_zone_offset_seconds", .int64)] + strings(["browser", "browser_version"])
                + [.group("web_info", strings(["browser", "browser_version", "hostname"]))]),
            .group("geo", strings(["city", "country", "continent", "region", "sub_continent", "metro"])),
            .group("app_info", strings(["id", "version", "install_store", "firebase_app_id", "install_source"])),
            .group("traffic_source", strings(["name", "medium", "source"])),
            .primitive("stream_id", .string), .primitive("platform", .string),
            .group("event_dimensions", strings(["hostname"])),
            .group("ecommerce", [
                .primitive("total_item_quantity", .int64), .primitive("purchase_revenue_in_usd", .double),
                .primitive("purchase_revenue", .double), .primitive("refund_value_in_usd", .double),
                .primitive("refund_value", .double), .primitive("shipping_value_in_usd", .double),
                .primitive("shipping_value", .double), .primitive("tax_value_in_usd", .double),
                .primitive("tax_value", .double), .primitive("unique_items", .int64),
                .primitive("transaction_id", .string),
            ]),
            .list("items", of: .group("element", strings([
                "item_id", "item_name", "item_brand", "item_variant", "item_category", "item_category2",
                "item_category3", "item_category4", "item_category5",
            ]) + [
                .primitive("price_in_usd", .double), .primitive("price", .double), .primitive("quantity", .int64),
                .primitive("item_revenue_in_usd", .double), .primitive("item_revenue", .double),
                .primitive("item_refund_in_usd", .double), .primitive("item_refund", .double),
            ] + strings([
                "coupon", "affiliation", "location_id", "item_list_id", "item_list_name", "item_list_index",
                "promotion_id", "promotion_name", "creative_name", "creative_slot",
            ]) + [parameters("item_params")])),
            .group("collected_traffic_source", strings([
                "manual_campaign_id", "manual_campaign_name", "manual_source", "manual_medium", "manual_term",
                "manual_content", "manual_source_platform", "manual_creative_format", "manual_marketing_tactic",
                "gclid", "dclid", "srsltid",
            ])),
            .primitive("is_active_user", .boolean),
            .primitive("batch_event_index", .int64), .primitive("batch_page_id", .int64),
            .primitive("batch_ordering_id", .int64),
        ])
    }

    static let eventNames = ["page_view", "session_start", "scroll", "user_engagement", "view_item", "add_to_cart", "purchase"]
    static let parameterKeys = ["ga_session_id", "ga_session_number", "page_location", "page_title", "page_referrer",
                                "engagement_time_msec", "session_engaged", "percent_scrolled", "source", "medium"]

    static func text(_ value: String?) -> ParquetNestedValue { value.map { .value(.string($0)) } ?? .null }
    static func int(_ value: Int64?) -> ParquetNestedValue { value.map { .value(.int64($0)) } ?? .null }
    static func double(_ value: Double?) -> ParquetNestedValue { value.map { .value(.double($0)) } ?? .null }

    static func parameterList(count: Int, setTimestamp: Bool, using generator: inout NestedValueGenerator) -> ParquetNestedValue {
        .list((0..<count).map { index in
            let key = parameterKeys[(index + Int.random(in: 0..<3, using: &generator.random)) % parameterKeys.count]
            let kind = Int.random(in: 0..<4, using: &generator.random)
            var value: [ParquetNestedValue] = [
                kind == 0 ? text("https://shop.example.com/p/\(Int.random(in: 0..<500, using: &generator.random))?q=ü") : .null,
                kind == 1 ? int(Int64.random(in: 0..<2_000_000_000, using: &generator.random)) : .null,
                .null,
                kind == 2 ? double(Double(Int.random(in: 0..<10_000, using: &generator.random)) / 8) : .null,
            ]
            if setTimestamp { value.append(int(1_735_689_600_000_000 + Int64(index))) }
            return .group([text(key), .group(value)])
        })
    }

    static func event(row: Int, using generator: inout NestedValueGenerator) -> [ParquetNestedValue] {
        let timestamp = 1_735_689_600_000_000 + Int64(row) * 1_234_567
        let name = eventNames[Int.random(in: 0..<eventNames.count, using: &generator.random)]
        let isPurchase = name == "purchase" || name == "add_to_cart" || name == "view_item"
        let itemCount = isPurchase ? Int.random(in: 0...3, using: &generator.random) : 0
        let items: ParquetNestedValue = .list((0..<itemCount).map { index in
            var fields: [ParquetNestedValue] = [text("SKU_\(row)_\(index)"), text("Item \(index) ✓"), text("Brand"), .null,
                                                text("Apparel"), .null, .null, .null, .null]
            fields += [double(12.5), double(12.5), int(Int64(index + 1)), double(12.5), double(12.5), .null, .null]
            fields += [.null, .null, .null, text("list_1"), text("Related"), text(String(index)), .null, .null, .null, .null]
            fields.append(parameterList(count: Int.random(in: 0...2, using: &generator.random), setTimestamp: false, using: &generator))
            return .group(fields)
        })
        let deviceCategory = ["desktop", "mobile", "tablet"][row % 3]
        return [
            text("20250101"), int(timestamp), text(name),
            parameterList(count: Int.random(in: 0...6, using: &generator.random), setTimestamp: false, using: &generator),
            row % 4 == 0 ? .null : int(timestamp - 1_000_000), row % 9 == 0 ? double(3.5) : .null,
            int(Int64(row)), int(Int64(row % 17)),
            row % 5 == 0 ? text("user-\(row % 40)") : .null, text("\(1_000_000 + row % 90).\(1_700_000_000 + row % 90)"),
            .group([text("Yes"), text(row % 2 == 0 ? "No" : "Yes"), .null]),
            row % 3 == 0 ? parameterList(count: 1, setTimestamp: true, using: &generator) : .list([]),
            int(1_735_000_000_000_000 + Int64(row % 90)),
            row % 6 == 0 ? .group([double(49.99), text("USD")]) : .null,
            .group([text(deviceCategory), .null, .null, .null, .null, text("Web"), text("Windows 11"), .null, .null,
                    text("en-us"), text("No"), .null, text("Chrome"), text("131.0"),
                    .group([text("Chrome"), text("131.0"), row % 7 == 0 ? .null : text("shop.example.com")])]),
            .group([text("Zürich"), text("Switzerland"), text("Europe"), text("Zurich"), text("Western Europe"), text("(not set)")]),
            .null,
            .group([text("(direct)"), text("(none)"), text("(direct)")]),
            text("1234567890"), text("WEB"),
            .null,
            isPurchase ? .group([int(Int64(itemCount)), double(25), double(25), .null, .null, double(0), double(0), .null, .null,
                                 int(Int64(itemCount)), text("T-\(row)")]) : .null,
            items,
            row % 2 == 0 ? .group([.null, text("spring_sale"), text("google"), text("cpc"), .null, .null, .null, .null, .null,
                                   text("gclid-\(row)"), .null, .null]) : .null,
            .value(.boolean(row % 8 != 0)),
            int(Int64(row % 5)), .null, .null,
        ]
    }
}
