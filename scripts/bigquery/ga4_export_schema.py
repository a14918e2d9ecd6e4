"""The GA4 BigQuery export's table schema (events_YYYYMMDD), as BigQuery's TableSchema describes it, and the Avro
schema a Storage Read session hands out for it.

The column list follows Google's "[GA4] BigQuery Export schema" page: every column NULLABLE unless REPEATED,
INTEGER = INT64, FLOAT = FLOAT64. The Swift writer's Parquet schema (Shared/GA4Export) is checked against this list
by the tests, so the two cannot drift apart.
"""


def _f(name, type_, mode="NULLABLE", fields=None):
    field = {"name": name, "type": type_, "mode": mode}
    if fields is not None:
        field["fields"] = fields
    return field


def _strings(*names):
    return [_f(n, "STRING") for n in names]


def _param_value(with_set_timestamp=False):
    fields = [_f("string_value", "STRING"), _f("int_value", "INTEGER"), _f("float_value", "FLOAT"),
              _f("double_value", "FLOAT")]
    if with_set_timestamp:
        fields.append(_f("set_timestamp_micros", "INTEGER"))
    return _f("value", "RECORD", fields=fields)


def _params(name, with_set_timestamp=False):
    return _f(name, "RECORD", "REPEATED", [_f("key", "STRING"), _param_value(with_set_timestamp)])


ITEM_FIELDS = (
    _strings("item_id", "item_name", "item_brand", "item_variant", "item_category", "item_category2",
             "item_category3", "item_category4", "item_category5")
    + [_f("price_in_usd", "FLOAT"), _f("price", "FLOAT"), _f("quantity", "INTEGER"),
       _f("item_revenue_in_usd", "FLOAT"), _f("item_revenue", "FLOAT"), _f("item_refund_in_usd", "FLOAT"),
       _f("item_refund", "FLOAT")]
    + _strings("coupon", "affiliation", "location_id", "item_list_id", "item_list_name", "item_list_index",
               "promotion_id", "promotion_name", "creative_name", "creative_slot")
    + [_params("item_params")]
)

SESSION_TRAFFIC_SOURCE_LAST_CLICK = _f("session_traffic_source_last_click", "RECORD", fields=[
    _f("manual_campaign", "RECORD", fields=_strings(
        "campaign_id", "campaign_name", "source", "medium", "term", "content", "source_platform", "creative_format",
        "marketing_tactic")),
    _f("google_ads_campaign", "RECORD", fields=_strings(
        "customer_id", "account_name", "campaign_id", "campaign_name", "ad_group_id", "ad_group_name")),
    _f("cross_channel_campaign", "RECORD", fields=_strings(
        "campaign_id", "campaign_name", "source", "medium", "source_platform", "default_channel_group",
        "primary_channel_group")),
    _f("sa360_campaign", "RECORD", fields=_strings(
        "campaign_id", "campaign_name", "source", "medium", "ad_group_id", "ad_group_name", "creative_format",
        "engine_account_name", "engine_account_type", "manager_account_name")),
    _f("cm360_campaign", "RECORD", fields=_strings(
        "campaign_id", "campaign_name", "source", "medium", "account_id", "account_name", "advertiser_id",
        "advertiser_name", "creative_id", "creative_format", "creative_name", "creative_type", "creative_type_id",
        "creative_version", "placement_id", "placement_cost_structure", "placement_name", "rendering_id", "site_id",
        "site_name")),
    _f("dv360_campaign", "RECORD", fields=_strings(
        "campaign_id", "campaign_name", "source", "medium", "partner_id", "partner_name", "advertiser_id",
        "advertiser_name", "insertion_order_id", "insertion_order_name", "line_item_id", "line_item_name",
        "creative_id", "creative_name", "creative_format", "exchange_id", "exchange_name")),
])

TABLE_FIELDS = [
    _f("event_date", "STRING"),
    _f("event_timestamp", "INTEGER"),
    _f("event_name", "STRING"),
    _params("event_params"),
    _f("event_previous_timestamp", "INTEGER"),
    _f("event_value_in_usd", "FLOAT"),
    _f("event_bundle_sequence_id", "INTEGER"),
    _f("event_server_timestamp_offset", "INTEGER"),
    _f("user_id", "STRING"),
    _f("user_pseudo_id", "STRING"),
    _f("privacy_info", "RECORD", fields=_strings("analytics_storage", "ads_storage", "uses_transient_token")),
    _params("user_properties", with_set_timestamp=True),
    _f("user_first_touch_timestamp", "INTEGER"),
    _f("user_ltv", "RECORD", fields=[_f("revenue", "FLOAT"), _f("currency", "STRING")]),
    _f("device", "RECORD", fields=_strings(
        "category", "mobile_brand_name", "mobile_model_name", "mobile_marketing_name", "mobile_os_hardware_model",
        "operating_system", "operating_system_version", "vendor_id", "advertising_id", "language",
        "is_limited_ad_tracking")
        + [_f("time_zone_offset_seconds", "INTEGER")]
        + _strings("browser", "browser_version")
        + [_f("web_info", "RECORD", fields=_strings("browser", "browser_version", "hostname"))]),
    _f("geo", "RECORD", fields=_strings("city", "country", "continent", "region", "sub_continent", "metro")),
    _f("app_info", "RECORD", fields=_strings("id", "version", "install_store", "firebase_app_id", "install_source")),
    _f("traffic_source", "RECORD", fields=_strings("name", "medium", "source")),
    _f("stream_id", "STRING"),
    _f("platform", "STRING"),
    _f("event_dimensions", "RECORD", fields=_strings("hostname")),
    _f("ecommerce", "RECORD", fields=[
        _f("total_item_quantity", "INTEGER"), _f("purchase_revenue_in_usd", "FLOAT"), _f("purchase_revenue", "FLOAT"),
        _f("refund_value_in_usd", "FLOAT"), _f("refund_value", "FLOAT"), _f("shipping_value_in_usd", "FLOAT"),
        _f("shipping_value", "FLOAT"), _f("tax_value_in_usd", "FLOAT"), _f("tax_value", "FLOAT"),
        _f("unique_items", "INTEGER"), _f("transaction_id", "STRING")]),
    _f("items", "RECORD", "REPEATED", ITEM_FIELDS),
    _f("collected_traffic_source", "RECORD", fields=_strings(
        "manual_campaign_id", "manual_campaign_name", "manual_source", "manual_medium", "manual_term",
        "manual_content", "manual_source_platform", "manual_creative_format", "manual_marketing_tactic", "gclid",
        "dclid", "srsltid")),
    _f("is_active_user", "BOOLEAN"),
    _f("batch_event_index", "INTEGER"),
    _f("batch_page_id", "INTEGER"),
    _f("batch_ordering_id", "INTEGER"),
    SESSION_TRAFFIC_SOURCE_LAST_CLICK,
    _f("publisher", "RECORD", fields=[_f("ad_revenue_in_usd", "FLOAT")] + _strings("ad_format", "ad_source_name",
                                                                                 "ad_unit_id")),
]

AVRO_PRIMITIVES = {"STRING": "string", "INTEGER": "long", "INT64": "long", "FLOAT": "double", "FLOAT64": "double",
                   "BOOLEAN": "boolean", "BOOL": "boolean"}


def table_schema(fields=TABLE_FIELDS):
    """BigQuery's TableSchema JSON object."""
    return {"fields": fields}


def avro_schema(fields=TABLE_FIELDS, nullable_repeated=False):
    """The Avro schema of a Storage Read session over `fields`: NULLABLE → ["null", T], REPEATED → array (wrapped in
    ["null", array] when `nullable_repeated`, as bqemulator does), RECORD → a record named after its field in the
    namespace of its path."""

    def field_type(field, namespace):
        if field["type"] in ("RECORD", "STRUCT"):
            inner = {"type": "record", "name": field["name"], "namespace": namespace,
                     "fields": [avro_field(child, f"{namespace}.{field['name']}") for child in field["fields"]]}
        else:
            inner = AVRO_PRIMITIVES[field["type"]]
        if field.get("mode") == "REPEATED":
            array = {"type": "array", "items": inner}
            return ["null", array] if nullable_repeated else array
        if field.get("mode") == "REQUIRED":
            return inner
        return ["null", inner]

    def avro_field(field, namespace):
        return {"name": field["name"], "type": field_type(field, namespace)}

    return {"type": "record", "name": "__root__", "fields": [avro_field(f, "__root__") for f in fields]}


def without(fields, paths):
    """`fields` minus the dotted `paths` (an older export that lacks some columns)."""
    out = []
    for field in fields:
        if field["name"] in paths:
            continue
        if "fields" in field:
            prefix = field["name"] + "."
            nested = {p[len(prefix):] for p in paths if p.startswith(prefix)}
            field = dict(field, fields=without(field["fields"], nested))
        out.append(field)
    return out
