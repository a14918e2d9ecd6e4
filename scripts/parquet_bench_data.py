#!/usr/bin/env python3
"""Writes the benchmark's clickstream table (deterministic, 1,000,000 rows by default) as plain column files,
so the Swift writer and the pyarrow baseline read exactly the same values.

    parquet_bench_data.py OUT_DIR [ROWS]

Columns and cardinalities follow the reference notes: unique UUID event ids, 100k sessions, 50k users,
12 event types (skewed), 2,000 URLs (zipf), one day of ascending millisecond timestamps, exponential
durations (int32 ms), 3 devices, 6 browsers. String columns are one value a line (`NAME.txt`), `ts.i64` and
`duration.i32` are little-endian arrays.
"""
import os
import sys
import uuid

import numpy as np

EVENT_TYPES = ["page_view", "session_start", "scroll", "click", "user_engagement", "first_visit", "view_item",
               "add_to_cart", "begin_checkout", "purchase", "form_submit", "video_start"]
EVENT_WEIGHTS = np.array([40, 10, 15, 12, 10, 3, 4, 2, 1, 0.5, 1.5, 1.0])
DEVICES, DEVICE_WEIGHTS = ["desktop", "mobile", "tablet"], [0.45, 0.5, 0.05]
BROWSERS = ["Chrome", "Safari", "Edge", "Firefox", "Samsung Internet", "Opera"]
BROWSER_WEIGHTS = [0.62, 0.22, 0.06, 0.05, 0.03, 0.02]
SECTIONS = ["shoes", "shirts", "jackets", "bags", "accessories", "sale", "new-in", "kids"]


def uuids(rng, count):
    raw = rng.bytes(16 * count)
    return [str(uuid.UUID(bytes=raw[i * 16:(i + 1) * 16], version=4)) for i in range(count)]


def main():
    out, rows = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000
    os.makedirs(out, exist_ok=True)
    rng = np.random.default_rng(20260)
    sessions = np.array(uuids(rng, 100_000), dtype=object)
    users = np.array([f"{rng.integers(10**9, 10**10)}.{rng.integers(10**9, 10**10)}" for _ in range(50_000)],
                     dtype=object)
    urls = np.array([f"https://www.example-shop.com/{SECTIONS[i % 8]}/" if i % 5 == 0 else
                     f"https://www.example-shop.com/{SECTIONS[i % 8]}/product-{i:05d}?utm_source=newsletter&utm_medium=email"
                     for i in range(2000)], dtype=object)
    session_index = rng.integers(0, len(sessions), rows)
    columns = {
        "event_id": uuids(rng, rows),
        "session_id": sessions[session_index],
        "user_id": users[session_index % len(users)],
        "event_type": np.array(EVENT_TYPES, dtype=object)[
            rng.choice(len(EVENT_TYPES), rows, p=EVENT_WEIGHTS / EVENT_WEIGHTS.sum())],
        "page_url": urls[np.minimum(rng.zipf(1.3, rows) - 1, len(urls) - 1)],
        "device": np.array(DEVICES, dtype=object)[rng.choice(3, rows, p=DEVICE_WEIGHTS)],
        "browser": np.array(BROWSERS, dtype=object)[rng.choice(6, rows, p=BROWSER_WEIGHTS)],
    }
    for name, values in columns.items():
        with open(os.path.join(out, f"{name}.txt"), "w", encoding="utf-8") as f:
            f.write("\n".join(values))
            f.write("\n")
    ts = np.sort(rng.integers(0, 86_400_000, rows)).astype("<i8") + 1_735_689_600_000
    ts.tofile(os.path.join(out, "ts.i64"))
    np.minimum(rng.exponential(15_000, rows), 1_800_000).astype("<i4").tofile(os.path.join(out, "duration.i32"))
    with open(os.path.join(out, "ROWS"), "w") as f:
        f.write(str(rows))


if __name__ == "__main__":
    main()
