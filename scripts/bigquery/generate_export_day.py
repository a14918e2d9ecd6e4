"""Realistic GA4 BigQuery export days: the table schema, the Storage Read API's Avro schema, Avro row blocks and
the rows as JSON for the oracles.

    generate_export_day.py OUT_DIR --events 10000 --seed 7 [--rows-per-block 2000] [--nullable-repeated]
                           [--omit device.web_info,publisher] [--extra-field] [--no-rows-json]

writes OUT_DIR/table_schema.json (BigQuery TableSchema), avro_schema.json (as a read session hands it out),
blocks/block-NNNNN.avro (`serialized_binary_rows`: Avro binary rows back to back, no container header),
manifest.json ({"rows", "blocks": [{"file", "rows"}]}) and rows.jsonl (one event a line; NaN/Infinity spelled as
Python's json module spells them). The same seed gives the same bytes. The functions are reusable: the BigQuery
emulator tests load `generate_rows` output through insertAll.

The data covers what the export really holds and what breaks readers: nested params with every value kind,
duplicate param keys, several *_value set at once, items with item_params, empty vs NULL records, empty arrays,
NULLs at every level, INT64 extremes, NaN/±Inf, 4-byte UTF-8 and NUL in strings, very long page_location.
"""
import argparse
import io
import json
import math
import os
import random
import sys

import fastavro

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ga4_export_schema import TABLE_FIELDS, avro_schema, table_schema, without  # noqa: E402

INT64_MAX = 2**63 - 1
INT64_MIN = -(2**63)
DAY_START_MICROS = 1_704_067_200_000_000  # 2024-01-01T00:00:00Z
EVENT_DATE = "20240101"

PAGES = ["/", "/products", "/products/shoes", "/cart", "/checkout", "/blog/ünïcödé", "/search?q=%F0%9F%98%80",
         "/about"]
TITLES = ["Home", "Products", "Shoes 👟", "Cart", "Checkout", "Blog — ünïcödé", "Search 𝔘𝔫𝔦", "About\u0000us"]
SOURCES = [("google", "organic"), ("google", "cpc"), ("(direct)", "(none)"), ("newsletter", "email"),
           ("facebook.com", "referral"), ("bing", "organic")]
CONVERSIONS = ("purchase", "generate_lead", "sign_up")
EVENT_NAMES = ["page_view", "page_view", "page_view", "scroll", "user_engagement", "view_item", "add_to_cart",
               "begin_checkout", "purchase", "generate_lead", "sign_up", "click"]
STRANGE_STRINGS = ["", "\u0000", "a\u0000b", "😀🎉", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "日本語テキスト", "tab\there", "quote\"back\\slash",
                   "new\nline", "\u2028\u2029"]


def _maybe(rng, probability, value):
    return value if rng.random() < probability else None


def _param_value(rng, kind, with_set_timestamp=False):
    value = {"string_value": None, "int_value": None, "float_value": None, "double_value": None}
    if kind == "string":
        value["string_value"] = rng.choice(STRANGE_STRINGS + ["x" * rng.randint(1, 40)])
    elif kind == "int":
        value["int_value"] = rng.choice([0, 1, -1, INT64_MAX, INT64_MIN, rng.randint(-10**12, 10**12)])
    elif kind == "float":
        value["float_value"] = rng.choice([0.5, -0.0, math.inf, -math.inf, math.nan, rng.uniform(-1e6, 1e6)])
    elif kind == "double":
        value["double_value"] = rng.choice([1e308, 5e-324, math.nan, math.inf, rng.uniform(-1e9, 1e9)])
    elif kind == "several":
        value["string_value"] = "7"
        value["int_value"] = 7
        value["double_value"] = 7.0
    # kind "empty": every *_value NULL
    if with_set_timestamp:
        value["set_timestamp_micros"] = _maybe(rng, 0.8, DAY_START_MICROS + rng.randint(0, 86_400_000_000))
    return value


def _custom_params(rng, with_set_timestamp=False, count=None):
    params = []
    for _ in range(rng.randint(0, 4) if count is None else count):
        kind = rng.choice(["string", "int", "float", "double", "several", "empty"])
        key = rng.choice(["custom_a", "custom_b", "ünï_key", "percent_scrolled", "", None, "link_url"])
        value = None if rng.random() < 0.05 else _param_value(rng, kind, with_set_timestamp)
        params.append({"key": key, "value": value})
    return params


def _sv(value):
    return {"string_value": value, "int_value": None, "float_value": None, "double_value": None}


def _iv(value):
    return {"string_value": None, "int_value": value, "float_value": None, "double_value": None}


def _record(rng, names, null_share=0.1, empty_share=0.05, filler=None):
    """A record: NULL, all fields NULL (empty), or filled (some fields NULL)."""
    roll = rng.random()
    if roll < null_share:
        return None
    if roll < null_share + empty_share:
        return {name: None for name in names}
    return {name: _maybe(rng, 0.85, filler(name) if filler else f"{name}-{rng.randint(0, 5)}") for name in names}


def _item(rng):
    item = {name: _maybe(rng, 0.8, f"{name}-{rng.randint(0, 30)}") for name in (
        "item_id", "item_name", "item_brand", "item_variant", "item_category", "item_category2", "item_category3",
        "item_category4", "item_category5", "coupon", "affiliation", "location_id", "item_list_id", "item_list_name",
        "item_list_index", "promotion_id", "promotion_name", "creative_name", "creative_slot")}
    for name in ("price_in_usd", "price", "item_revenue_in_usd", "item_revenue", "item_refund_in_usd", "item_refund"):
        item[name] = _maybe(rng, 0.7, rng.choice([round(rng.uniform(0, 500), 2), math.nan, math.inf, 0.0]))
    item["quantity"] = _maybe(rng, 0.9, rng.choice([1, 2, 3, INT64_MAX, INT64_MIN]))
    item["item_params"] = _custom_params(rng, count=rng.choice([0, 0, 1, 2, 3]))
    return item


class _User:
    def __init__(self, rng, index):
        self.pseudo_id = f"{rng.randint(10**8, 10**9 - 1)}.{1704067200 + index}"
        self.user_id = _maybe(rng, 0.3, f"crm-{index}")
        self.session_number = rng.randint(1, 20)
        self.session_id = None
        self.events_left = 0
        self.source = rng.choice(SOURCES)


def generate_rows(seed, count):
    """`count` export rows (dicts in BigQuery's row shape: RECORD → dict or None, REPEATED → list)."""
    return list(iter_rows(seed, count))


def iter_rows(seed, count):
    """The rows of `generate_rows`, one at a time (a large day never sits in memory)."""
    rng = random.Random(seed)
    users = [_User(rng, index) for index in range(max(1, count // 12))]
    for index in range(count):
        user = rng.choice(users)
        starts_session = user.events_left <= 0
        if starts_session:
            user.session_id = 1704067200 + rng.randint(0, 86_399) + index
            user.session_number += 1
            user.events_left = rng.randint(1, 15)
            user.source = rng.choice(SOURCES)
        user.events_left -= 1
        name = "session_start" if starts_session else rng.choice(EVENT_NAMES)
        timestamp = DAY_START_MICROS + rng.randint(0, 86_399_999_999)
        page = rng.choice(PAGES)
        location = "https://shop.example.com" + page
        if rng.random() < 0.01:
            location += "?q=" + "ü" * rng.randint(5000, 20000)  # very long page_location
        params = [{"key": "ga_session_id", "value": _iv(user.session_id)},
                  {"key": "ga_session_number", "value": _iv(user.session_number)},
                  {"key": "page_location", "value": _sv(location)},
                  {"key": "page_title", "value": _sv(rng.choice(TITLES))}]
        if rng.random() < 0.5:
            params.append({"key": "page_referrer", "value": _sv(rng.choice(["https://google.com/", "", "https://ü.example/"]))})
        engaged = rng.random()
        if engaged < 0.4:
            params.append({"key": "session_engaged", "value": _iv(1)})
        elif engaged < 0.6:
            params.append({"key": "session_engaged", "value": _sv(rng.choice(["1", "0"]))})
        if rng.random() < 0.5:
            params.append({"key": "engagement_time_msec", "value": _iv(rng.randint(0, 600_000))})
        if starts_session:
            params.append({"key": "source", "value": _sv(user.source[0])})
            params.append({"key": "medium", "value": _sv(user.source[1])})
            params.append({"key": "campaign", "value": _sv(rng.choice(["(organic)", "spring_sale", None]))})
        if rng.random() < 0.05:  # a duplicate key: the first occurrence counts for the promoted columns
            params.append({"key": "page_title", "value": _sv("duplicate title")})
        params.extend(_custom_params(rng))
        rng.shuffle(params) if rng.random() < 0.1 else None
        if rng.random() < 0.02:
            params = []

        items = []
        if name in ("view_item", "add_to_cart", "begin_checkout", "purchase"):
            items = [_item(rng) for _ in range(rng.randint(0, 4))]
        ecommerce = None
        if name == "purchase":
            revenue = round(rng.uniform(5, 900), 2)
            ecommerce = {"total_item_quantity": len(items), "purchase_revenue_in_usd": revenue,
                         "purchase_revenue": revenue, "refund_value_in_usd": None, "refund_value": None,
                         "shipping_value_in_usd": _maybe(rng, 0.5, 4.99), "shipping_value": _maybe(rng, 0.5, 4.99),
                         "tax_value_in_usd": None, "tax_value": None, "unique_items": len(items),
                         "transaction_id": f"T-{index}"}
        elif rng.random() < 0.05:
            ecommerce = {k: None for k in ("total_item_quantity", "purchase_revenue_in_usd", "purchase_revenue",
                                           "refund_value_in_usd", "refund_value", "shipping_value_in_usd",
                                           "shipping_value", "tax_value_in_usd", "tax_value", "unique_items",
                                           "transaction_id")}

        device = _record(rng, ["category", "mobile_brand_name", "mobile_model_name", "mobile_marketing_name",
                               "mobile_os_hardware_model", "operating_system", "operating_system_version",
                               "vendor_id", "advertising_id", "language", "is_limited_ad_tracking", "browser",
                               "browser_version"], null_share=0.02)
        if device is not None:
            device["time_zone_offset_seconds"] = _maybe(rng, 0.7, rng.choice([3600, -18000, 0, INT64_MIN]))
            device["web_info"] = _record(rng, ["browser", "browser_version", "hostname"])

        def campaign(names):
            return _record(rng, names, null_share=0.3,
                           filler=lambda n: user.source[0] if n == "source" else user.source[1] if n == "medium" else f"{n}-1")

        last_click = None if rng.random() < 0.05 else {
            "manual_campaign": campaign(["campaign_id", "campaign_name", "source", "medium", "term", "content",
                                         "source_platform", "creative_format", "marketing_tactic"]),
            "google_ads_campaign": _record(rng, ["customer_id", "account_name", "campaign_id", "campaign_name",
                                                 "ad_group_id", "ad_group_name"], null_share=0.7),
            "cross_channel_campaign": campaign(["campaign_id", "campaign_name", "source", "medium", "source_platform",
                                                "default_channel_group", "primary_channel_group"]),
            "sa360_campaign": _record(rng, ["campaign_id", "campaign_name", "source", "medium", "ad_group_id",
                                            "ad_group_name", "creative_format", "engine_account_name",
                                            "engine_account_type", "manager_account_name"], null_share=0.9),
            "cm360_campaign": _record(rng, ["campaign_id", "campaign_name", "source", "medium", "account_id",
                                            "account_name", "advertiser_id", "advertiser_name", "creative_id",
                                            "creative_format", "creative_name", "creative_type", "creative_type_id",
                                            "creative_version", "placement_id", "placement_cost_structure",
                                            "placement_name", "rendering_id", "site_id", "site_name"], null_share=0.9),
            "dv360_campaign": _record(rng, ["campaign_id", "campaign_name", "source", "medium", "partner_id",
                                            "partner_name", "advertiser_id", "advertiser_name", "insertion_order_id",
                                            "insertion_order_name", "line_item_id", "line_item_name", "creative_id",
                                            "creative_name", "creative_format", "exchange_id", "exchange_name"],
                                      null_share=0.9),
        }
        yield {
            "event_date": EVENT_DATE,
            "event_timestamp": timestamp,
            "event_name": name if rng.random() > 0.001 else rng.choice(STRANGE_STRINGS),
            "event_params": params,
            "event_previous_timestamp": _maybe(rng, 0.3, timestamp - rng.randint(1, 10**9)),
            "event_value_in_usd": _maybe(rng, 0.1, rng.choice([1.5, math.nan, -math.inf, 0.0])),
            "event_bundle_sequence_id": _maybe(rng, 0.9, rng.randint(0, INT64_MAX)),
            "event_server_timestamp_offset": _maybe(rng, 0.5, rng.randint(-10**6, 10**6)),
            "user_id": user.user_id,
            "user_pseudo_id": user.pseudo_id,
            "privacy_info": _record(rng, ["analytics_storage", "ads_storage", "uses_transient_token"],
                                    filler=lambda n: rng.choice(["Yes", "No"])),
            "user_properties": _custom_params(rng, with_set_timestamp=True, count=rng.choice([0, 0, 1, 2])),
            "user_first_touch_timestamp": _maybe(rng, 0.9, DAY_START_MICROS - rng.randint(0, 10**12)),
            "user_ltv": _record(rng, ["revenue", "currency"],
                                filler=lambda n: "USD" if n == "currency" else round(rng.uniform(0, 1000), 2)),
            "device": device,
            "geo": _record(rng, ["city", "country", "continent", "region", "sub_continent", "metro"],
                           filler=lambda n: rng.choice(["Zürich", "São Paulo", "東京", "(not set)", "Berlin"])),
            "app_info": _record(rng, ["id", "version", "install_store", "firebase_app_id", "install_source"],
                                null_share=0.9),
            "traffic_source": _record(rng, ["name", "medium", "source"]),
            "stream_id": rng.choice(["1234567890", "2345678901"]),
            "platform": rng.choice(["WEB", "ANDROID", "IOS"]),
            "event_dimensions": _record(rng, ["hostname"], null_share=0.5),
            "ecommerce": ecommerce,
            "items": items,
            "collected_traffic_source": _record(rng, [
                "manual_campaign_id", "manual_campaign_name", "manual_source", "manual_medium", "manual_term",
                "manual_content", "manual_source_platform", "manual_creative_format", "manual_marketing_tactic",
                "gclid", "dclid", "srsltid"], null_share=0.5),
            "is_active_user": _maybe(rng, 0.9, rng.random() < 0.8),
            "batch_event_index": _maybe(rng, 0.8, rng.randint(0, 50)),
            "batch_page_id": _maybe(rng, 0.8, rng.randint(0, 10**13)),
            "batch_ordering_id": _maybe(rng, 0.8, rng.randint(0, 10**4)),
            "session_traffic_source_last_click": last_click,
            "publisher": _record(rng, ["ad_revenue_in_usd", "ad_format", "ad_source_name", "ad_unit_id"],
                                 null_share=0.95,
                                 filler=lambda n: 0.01 if n == "ad_revenue_in_usd" else f"{n}-x"),
        }


def fit_rows(rows, fields):
    """The rows restricted to `fields` (a schema with columns removed); extra fields get deterministic values."""
    def fit(value, field):
        if value is None:
            return None
        if field["type"] != "RECORD":
            return value
        if field.get("mode") == "REPEATED":
            return [fit_record(element, field["fields"]) for element in value]
        return fit_record(value, field["fields"])

    def extra(field):
        if field["type"] == "RECORD":
            record = {child["name"]: extra(child) for child in field["fields"]}
            return [record, record] if field.get("mode") == "REPEATED" else record
        return {"STRING": f"extra-{field['name']}", "INTEGER": 42, "FLOAT": 4.2, "BOOLEAN": True}[field["type"]]

    def fit_record(record, children):
        return {child["name"]: fit(record[child["name"]], child) if child["name"] in record else extra(child)
                for child in children}

    return (fit_record(row, fields) for row in rows)


def avro_blocks(schema, rows, rows_per_block):
    """`rows` (any iterable) as Avro row blocks (schemaless binary rows back to back), yielded as (bytes, row count)."""
    parsed = fastavro.parse_schema(schema)
    buffer = io.BytesIO()
    count = 0
    for row in rows:
        fastavro.schemaless_writer(buffer, parsed, row)
        count += 1
        if count == rows_per_block:
            yield buffer.getvalue(), count
            buffer = io.BytesIO()
            count = 0
    if count:
        yield buffer.getvalue(), count


EXTRA_FIELDS = [{"name": "future_column", "type": "STRING", "mode": "NULLABLE"},
                {"name": "future_record", "type": "RECORD", "mode": "REPEATED",
                 "fields": [{"name": "a", "type": "INTEGER", "mode": "NULLABLE"},
                            {"name": "b", "type": "STRING", "mode": "NULLABLE"}]}]


def session_fields(omit=(), extra=False):
    """The column set a session delivers: the full schema minus `omit`, plus unknown columns when `extra`."""
    fields = without(TABLE_FIELDS, set(omit))
    if extra:
        fields = fields[:5] + [EXTRA_FIELDS[0]] + fields[5:] + [EXTRA_FIELDS[1]]
    return fields


def write_day(out_dir, events, seed, rows_per_block=2000, nullable_repeated=False, omit=(), extra=False,
              rows_json=True):
    fields = session_fields(omit, extra)
    schema = avro_schema(fields, nullable_repeated=nullable_repeated)
    os.makedirs(os.path.join(out_dir, "blocks"), exist_ok=True)
    with open(os.path.join(out_dir, "table_schema.json"), "w") as handle:
        json.dump(table_schema(fields), handle, indent=1)
    with open(os.path.join(out_dir, "avro_schema.json"), "w") as handle:
        json.dump(schema, handle)
    manifest = {"rows": 0, "blocks": []}
    rows_file = open(os.path.join(out_dir, "rows.jsonl"), "w") if rows_json else None

    def rows():
        for row in fit_rows(iter_rows(seed, events), fields):
            if rows_file:
                rows_file.write(json.dumps(row, ensure_ascii=False) + "\n")
            yield row

    try:
        for index, (data, count) in enumerate(avro_blocks(schema, rows(), rows_per_block)):
            name = f"blocks/block-{index:05d}.avro"
            with open(os.path.join(out_dir, name), "wb") as handle:
                handle.write(data)
            manifest["blocks"].append({"file": name, "rows": count})
            manifest["rows"] += count
    finally:
        if rows_file:
            rows_file.close()
    with open(os.path.join(out_dir, "manifest.json"), "w") as handle:
        json.dump(manifest, handle, indent=1)
    return manifest


def read_rows(out_dir):
    with open(os.path.join(out_dir, "rows.jsonl")) as handle:
        return [json.loads(line) for line in handle]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out_dir")
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--rows-per-block", type=int, default=2000)
    parser.add_argument("--nullable-repeated", action="store_true", help="REPEATED as [\"null\", array] (bqemulator)")
    parser.add_argument("--omit", default="", help="dotted columns the session lacks, comma-separated")
    parser.add_argument("--extra-field", action="store_true", help="add columns the writer does not know")
    parser.add_argument("--no-rows-json", action="store_true")
    args = parser.parse_args()
    omit = [p for p in args.omit.split(",") if p]
    manifest = write_day(args.out_dir, args.events, args.seed, args.rows_per_block, args.nullable_repeated, omit,
                         args.extra_field, not args.no_rows_json)
    print(json.dumps({"rows": manifest["rows"], "blocks": len(manifest["blocks"])}))


if __name__ == "__main__":
    main()
