import Parquet

/// One column of the GA4 BigQuery export as BigQuery declares it (Google's "[GA4] BigQuery Export schema"):
/// every column NULLABLE unless REPEATED; INTEGER is INT64, FLOAT is FLOAT64.
public struct GA4ExportField: Sendable, Equatable {
    public indirect enum Kind: Sendable, Equatable {
        case string, integer, float, boolean
        case record([GA4ExportField])
        /// A REPEATED RECORD: a list of structs.
        case repeatedRecord([GA4ExportField])
    }

    public let name: String
    public let kind: Kind

    init(_ name: String, _ kind: Kind) {
        self.name = name
        self.kind = kind
    }
}

/// The lake's table for the export: the export's own columns and nesting, in the export's order, then the
/// promoted columns. Every file holds every column, whatever the read session delivered, because Athena fails on
/// partitions whose struct layouts differ; a column the session lacks is NULL.
public enum GA4ExportSchema {
    private static func strings(_ names: String...) -> [GA4ExportField] { names.map { GA4ExportField($0, .string) } }

    private static func params(_ name: String, setTimestamp: Bool = false) -> GA4ExportField {
        var value = [
            GA4ExportField("string_value", .string), GA4ExportField("int_value", .integer),
            GA4ExportField("float_value", .float), GA4ExportField("double_value", .float),
        ]
        if setTimestamp { value.append(GA4ExportField("set_timestamp_micros", .integer)) }
        return GA4ExportField(name, .repeatedRecord([GA4ExportField("key", .string), GA4ExportField("value", .record(value))]))
    }

    static let items = GA4ExportField("items", .repeatedRecord(
        strings("item_id", "item_name", "item_brand", "item_variant", "item_category", "item_category2", "item_category3",
                "item_category4", "item_category5")
        + [GA4ExportField("price_in_usd", .float), GA4ExportField("price", .float), GA4ExportField("quantity", .integer),
           GA4ExportField("item_revenue_in_usd", .float), GA4ExportField("item_revenue", .float),
           GA4ExportField("item_refund_in_usd", .float), GA4ExportField("item_refund", .float)]
        + strings("coupon", "affiliation", "location_id", "item_list_id", "item_list_name", "item_list_index",
                  "promotion_id", "promotion_name", "creative_name", "creative_slot")
        + [params("item_params")]))

    static let sessionTrafficSourceLastClick = GA4ExportField("session_traffic_source_last_click", .record([
        GA4ExportField("manual_campaign", .record(strings(
            "campaign_id", "campaign_name", "source", "medium", "term", "content", "source_platform", "creative_format",
            "marketing_tactic"))),
        GA4ExportField("google_ads_campaign", .record(strings(
            "customer_id", "account_name", "campaign_id", "campaign_name", "ad_group_id", "ad_group_name"))),
        GA4ExportField("cross_channel_campaign", .record(strings(
            "campaign_id", "campaign_name", "source", "medium", "source_platform", "default_channel_group",
            "primary_channel_group"))),
        GA4ExportField("sa360_campaign", .record(strings(
            "campaign_id", "campaign_name", "source", "medium", "ad_group_id", "ad_group_name", "creative_format",
            "engine_account_name", "engine_account_type", "manager_account_name"))),
        GA4ExportField("cm360_campaign", .record(strings(
            "campaign_id", "campaign_name", "source", "medium", "account_id", "account_name", "advertiser_id",
            "advertiser_name", "creative_id", "creative_format", "creative_name", "creative_type", "creative_type_id",
            "creative_version", "placement_id", "placement_cost_structure", "placement_name", "rendering_id", "site_id",
            "site_name"))),
        GA4ExportField("dv360_campaign", .record(strings(
            "campaign_id", "campaign_name", "source", "medium", "partner_id", "partner_name", "advertiser_id",
            "advertiser_name", "insertion_order_id", "insertion_order_name", "line_item_id", "line_item_name",
            "creative_id", "creative_name", "creative_format", "exchange_id", "exchange_name"))),
    ]))

    /// The export's columns, in the export's order.
    public static let exportFields: [GA4ExportField] = [
        GA4ExportField("event_date", .string),
        GA4ExportField("event_timestamp", .integer),
        GA4ExportField("event_name", .string),
        params("event_params"),
        GA4ExportField("event_previous_timestamp", .integer),
        GA4ExportField("event_value_in_usd", .float),
        GA4ExportField("event_bundle_sequence_id", .integer),
        GA4ExportField("event_server_timestamp_offset", .integer),
        GA4ExportField("user_id", .string),
        GA4ExportField("user_pseudo_id", .string),
        GA4ExportField("privacy_info", .record(strings("analytics_storage", "ads_storage", "uses_transient_token"))),
        params("user_properties", setTimestamp: true),
        GA4ExportField("user_first_touch_timestamp", .integer),
        GA4ExportField("user_ltv", .record([GA4ExportField("revenue", .float), GA4ExportField("currency", .string)])),
        GA4ExportField("device", .record(
            strings("category", "mobile_brand_name", "mobile_model_name", "mobile_marketing_name",
                    "mobile_os_hardware_model", "operating_system", "operating_system_version", "vendor_id",
                    "advertising_id", "language", "is_limited_ad_tracking")
            + [GA4ExportField("time_zone_offset_seconds", .integer)]
            + strings("browser", "browser_version")
            + [GA4ExportField("web_info", .record(strings("browser", "browser_version", "hostname")))])),
        GA4ExportField("geo", .record(strings("city", "country", "continent", "region", "sub_continent", "metro"))),
        GA4ExportField("app_info", .record(strings("id", "version", "install_store", "firebase_app_id", "install_source"))),
        GA4ExportField("traffic_source", .record(strings("name", "medium", "source"))),
        GA4ExportField("stream_id", .string),
        GA4ExportField("platform", .string),
        GA4ExportField("event_dimensions", .record(strings("hostname"))),
        GA4ExportField("ecommerce", .record([
            GA4ExportField("total_item_quantity", .integer), GA4ExportField("purchase_revenue_in_usd", .float),
            GA4ExportField("purchase_revenue", .float), GA4ExportField("refund_value_in_usd", .float),
            GA4ExportField("refund_value", .float), GA4ExportField("shipping_value_in_usd", .float),
            GA4ExportField("shipping_value", .float), GA4ExportField("tax_value_in_usd", .float),
            GA4ExportField("tax_value", .float), GA4ExportField("unique_items", .integer),
            GA4ExportField("transaction_id", .string),
        ])),
        items,
        GA4ExportField("collected_traffic_source", .record(strings(
            "manual_campaign_id", "manual_campaign_name", "manual_source", "manual_medium", "manual_term",
            "manual_content", "manual_source_platform", "manual_creative_format", "manual_marketing_tactic", "gclid",
            "dclid", "srsltid"))),
        GA4ExportField("is_active_user", .boolean),
        GA4ExportField("batch_event_index", .integer),
        GA4ExportField("batch_page_id", .integer),
        GA4ExportField("batch_ordering_id", .integer),
        sessionTrafficSourceLastClick,
        GA4ExportField("publisher", .record(
            [GA4ExportField("ad_revenue_in_usd", .float)] + strings("ad_format", "ad_source_name", "ad_unit_id"))),
    ]

    /// The Parquet schema of every file: the export's columns, then `PromotedColumn.allCases` in order.
    public static let parquetSchema: ParquetNestedSchema = {
        let fields = exportFields.map(parquetField) + PromotedColumn.allCases.map(\.parquetField)
        // The field list is fixed and valid; a failure here is a programming error caught by every test.
        return try! ParquetNestedSchema(fields)
    }()

    /// Lists of structs in the 3-level form with optional elements (pyarrow's default), records as optional groups.
    static func parquetField(_ field: GA4ExportField) -> ParquetField {
        switch field.kind {
        case .string: .primitive(field.name, .string)
        case .integer: .primitive(field.name, .int64, encoding: uniqueValued.contains(field.name) ? .plain : .dictionary)
        case .float: .primitive(field.name, .double)
        case .boolean: .primitive(field.name, .boolean)
        case .record(let children): .group(field.name, children.map(parquetField))
        case .repeatedRecord(let children): .list(field.name, of: .group("element", children.map(parquetField)))
        }
    }

    /// Columns whose values are nearly all distinct: a dictionary would only be thrown away.
    static let uniqueValued: Set<String> = ["event_timestamp", "event_previous_timestamp", "event_bundle_sequence_id"]
}
