#!/usr/bin/env python3
"""GA4 export rows with nested event_params and items for the nested Parquet writer benchmark.

    parquet_nested_bench_data.py DATA_DIR ROWS

Builds the table with a fixed seed (numpy, vectorized) and writes it twice, from the same Arrow arrays:
`ga4.arrow` (Arrow IPC, what the pyarrow baseline writes) and the arrays' own buffers for the Swift writer's
columnar input: `layout.json` describes the field tree, and for each array `NAME.valid` (one byte a slot,
absent when nothing is null), `NAME.offsets` (int32, lists and strings), `NAME.values` (int64/double little
endian, or the UTF-8 bytes of a string array).
"""
import json
import os
import sys

import numpy as np
import pyarrow as pa

EVENT_NAMES = ["page_view", "session_start", "scroll", "user_engagement", "view_item", "add_to_cart", "purchase",
               "first_visit", "click", "form_start"]
PARAM_KEYS = ["ga_session_id", "ga_session_number", "page_location", "page_title", "page_referrer",
              "engagement_time_msec", "session_engaged", "percent_scrolled", "source", "medium", "campaign",
              "entrances", "ignore_referrer", "batch_page_id"]


def strings(values, mask=None):
    return pa.array(values, pa.string(), mask=mask)


def offsets_for(counts):
    return np.concatenate([[0], np.cumsum(counts)]).astype(np.int32)


def parameters(rng, count_per_row, url_pool, title_pool):
    """A list<struct<key, value<string_value, int_value, float_value, double_value>>> column."""
    total = int(count_per_row.sum())
    keys = np.array(PARAM_KEYS, dtype=object)[rng.integers(0, len(PARAM_KEYS), total)]
    kind = rng.integers(0, 3, total)  # 0 string, 1 int, 2 double, as GA4 fills one of them
    string_values = np.where(rng.integers(0, 2, total) == 0, url_pool[rng.integers(0, len(url_pool), total)],
                             title_pool[rng.integers(0, len(title_pool), total)])
    value = pa.StructArray.from_arrays([
        strings(string_values, mask=kind != 0),
        pa.array(rng.integers(0, 2_000_000_000, total), pa.int64(), mask=kind != 1),
        pa.array(np.zeros(total), pa.float64(), mask=np.ones(total, dtype=bool)),
        pa.array(rng.integers(0, 100_000, total) / 8.0, pa.float64(), mask=kind != 2),
    ], names=["string_value", "int_value", "float_value", "double_value"])
    element = pa.StructArray.from_arrays([strings(keys), value], names=["key", "value"])
    return pa.ListArray.from_arrays(pa.array(offsets_for(count_per_row), pa.int32()), element)


def build(rows, seed=20250101):
    rng = np.random.default_rng(seed)
    urls = np.array([f"https://shop.example.com/category-{i % 40}/product-{i}?utm_source=news" for i in range(3000)], dtype=object)
    titles = np.array([f"Product {i} – Example Shop" for i in range(800)], dtype=object)
    timestamps = 1_735_689_600_000_000 + np.sort(rng.integers(0, 86_400_000_000, rows))
    names = np.array(EVENT_NAMES, dtype=object)[rng.integers(0, len(EVENT_NAMES), rows)]
    users = rng.integers(0, 200_000, rows)
    pseudo = np.array([f"{1_000_000_000 + u}.{1_700_000_000 + u % 9973}" for u in range(200_000)], dtype=object)[users]
    user_id = strings(np.array([f"user-{u}" for u in range(200_000)], dtype=object)[users], mask=users % 4 != 0)
    event_params = parameters(rng, rng.integers(1, 10, rows), urls, titles)

    # items: only on ecommerce events; each item has item_params (repetition level 2)
    is_commerce = np.isin(names, ["view_item", "add_to_cart", "purchase"])
    item_counts = np.where(is_commerce, rng.integers(1, 4, rows), 0)
    total_items = int(item_counts.sum())
    item_ids = rng.integers(0, 5000, total_items)
    item = pa.StructArray.from_arrays([
        strings(np.array([f"SKU_{i}" for i in range(5000)], dtype=object)[item_ids]),
        strings(np.array([f"Item {i}" for i in range(5000)], dtype=object)[item_ids]),
        strings(np.array(["Brand A", "Brand B", "Brand C"], dtype=object)[item_ids % 3]),
        pa.array((item_ids % 200) * 0.25 + 1.0, pa.float64()),
        pa.array(rng.integers(1, 5, total_items), pa.int64()),
        parameters(rng, rng.integers(0, 3, total_items), urls, titles),
    ], names=["item_id", "item_name", "item_brand", "price", "quantity", "item_params"])
    items = pa.ListArray.from_arrays(pa.array(offsets_for(item_counts), pa.int32()), item)

    categories = np.array(["desktop", "mobile", "tablet"], dtype=object)[users % 3]
    web_info = pa.StructArray.from_arrays([
        strings(np.array(["Chrome", "Safari", "Firefox", "Edge"], dtype=object)[users % 4]),
        strings(np.array(["www.example.com", "shop.example.com"], dtype=object)[users % 2]),
    ], names=["browser", "hostname"])
    device = pa.StructArray.from_arrays([
        strings(categories),
        strings(np.array(["Windows", "iOS", "Android", "Macintosh"], dtype=object)[users % 4]),
        strings(np.array(["en-us", "de-de", "fr-fr", "ja-jp"], dtype=object)[users % 4]),
        web_info,
    ], names=["category", "operating_system", "language", "web_info"])
    countries = np.array(["United States", "Germany", "France", "Japan", "Switzerland"], dtype=object)
    geo = pa.StructArray.from_arrays([
        strings(countries[users % 5]),
        strings(np.array([f"City {i}" for i in range(400)], dtype=object)[users % 400]),
    ], names=["country", "city"])
    return pa.table({
        "event_date": strings(np.full(rows, "20250101", dtype=object)),
        "event_timestamp": pa.array(timestamps, pa.int64()),
        "event_name": strings(names),
        "event_params": event_params,
        "user_id": user_id,
        "user_pseudo_id": strings(pseudo),
        "device": device,
        "geo": geo,
        "items": items,
    })


def dump(array, name, directory, field):
    """Writes one array's buffers and returns its layout entry."""
    node = {"name": field.name, "optional": field.nullable}
    if array.null_count:
        np.array(array.is_valid(), dtype=np.uint8).tofile(os.path.join(directory, f"{name}.valid"))
        node["valid"] = f"{name}.valid"
    kind = field.type
    if pa.types.is_list(kind):
        node["kind"] = "list"
        np.asarray(array.offsets).astype("<i4").tofile(os.path.join(directory, f"{name}.offsets"))
        node["offsets"] = f"{name}.offsets"
        node["element"] = dump(array.values, f"{name}.element", directory, kind.value_field)
    elif pa.types.is_struct(kind):
        node["kind"] = "group"
        node["fields"] = [dump(array.field(i), f"{name}.{kind.field(i).name}", directory, kind.field(i))
                          for i in range(kind.num_fields)]
    elif pa.types.is_string(kind):
        node.update(kind="primitive", type="string")
        _, offsets, data = array.buffers()
        np.frombuffer(offsets, dtype="<i4", count=len(array) + 1, offset=array.offset * 4).tofile(
            os.path.join(directory, f"{name}.offsets"))
        with open(os.path.join(directory, f"{name}.values"), "wb") as f:
            f.write(data.to_pybytes() if data is not None else b"")
        node["offsets"] = f"{name}.offsets"
        node["values"] = f"{name}.values"
    else:
        node.update(kind="primitive", type="int64" if pa.types.is_int64(kind) else "double")
        filled = array.fill_null(0).to_numpy(zero_copy_only=False)
        filled.astype("<i8" if node["type"] == "int64" else "<f8").tofile(os.path.join(directory, f"{name}.values"))
        node["values"] = f"{name}.values"
    return node


def main():
    directory, rows = sys.argv[1], int(sys.argv[2])
    os.makedirs(directory, exist_ok=True)
    table = build(rows).combine_chunks()
    with pa.OSFile(os.path.join(directory, "ga4.arrow"), "wb") as sink:
        with pa.ipc.new_file(sink, table.schema) as writer:
            writer.write_table(table)
    layout = {"rows": rows, "fields": [dump(table.column(i).chunk(0), table.schema.field(i).name, directory,
                                            table.schema.field(i)) for i in range(table.num_columns)]}
    with open(os.path.join(directory, "layout.json"), "w") as f:
        json.dump(layout, f, indent=1)
    with open(os.path.join(directory, "ROWS"), "w") as f:
        f.write(str(rows))


if __name__ == "__main__":
    main()
