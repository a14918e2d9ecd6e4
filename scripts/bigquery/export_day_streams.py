"""A generated GA4 export day served as a read session's streams, for the BigQuery fake's `export` tables.

A day of N events is `generate_export_day.write_day(<days dir>/<N>, N, seed=2024, …)`: made on first use and kept,
so a benchmark can point the fake at a day it generated beforehand (BIGQUERY_FAKE_EXPORT_DAYS) and tests can
regenerate the same rows with the same command:

    generate_export_day.py OUT --events N --seed 2024 --rows-per-block rows_per_block(N)

A day of more than BASE_EVENTS events (a benchmark's million) is the BASE_EVENTS day's blocks served over and over
until the count is reached (a multiple of its block size): generating a million nested events in Python takes
the better part of an hour, and the readers' cost does not depend on the rows being distinct.

A session of `count` streams deals the day's blocks out in turn: stream s has blocks s, s+count, s+2·count, …, so
the streams are disjoint and their union is the day. A ReadRows offset (rows of the stream already read) skips
whole blocks and, inside a block, the Avro rows before it (decoded only to find where the rest starts).
"""
import io
import json
import os
import sys
import threading

import fastavro

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import generate_export_day  # noqa: E402

SEED = 2024
BASE_EVENTS = 100_000
_lock = threading.Lock()
_days = {}


def rows_per_block(events):
    """Small days still come in several blocks, so streams and offsets have something to divide."""
    return min(2000, max(25, events // 20))


class ExportDay:
    def __init__(self, directory, events=None):
        """The day in `directory`; with `events`, its blocks repeated until there are that many rows."""
        self.directory = directory
        with open(os.path.join(directory, "manifest.json")) as handle:
            manifest = json.load(handle)
        self.blocks = [(block["file"], block["rows"]) for block in manifest["blocks"]]
        if events is not None and events != manifest["rows"]:
            base, self.blocks = self.blocks, []
            while sum(rows for _, rows in self.blocks) < events:
                self.blocks.append(base[len(self.blocks) % len(base)])
            if sum(rows for _, rows in self.blocks) != events:
                raise ValueError(f"{events} events is not a multiple of the {directory} day's blocks")
        self.rows = sum(rows for _, rows in self.blocks)
        with open(os.path.join(directory, "avro_schema.json")) as handle:
            self.avro_schema_json = handle.read()
        self.parsed_schema = fastavro.parse_schema(json.loads(self.avro_schema_json))
        with open(os.path.join(directory, "table_schema.json")) as handle:
            self.table_schema = json.load(handle)
        self.bytes = sum(os.path.getsize(os.path.join(directory, name)) for name, _ in self.blocks)

    def stream_count(self, requested):
        """What a session asking for `requested` streams (0: the service chooses) gets."""
        return max(1, min(requested or 4, len(self.blocks)))

    def stream_blocks(self, stream, count):
        return self.blocks[stream::count]

    def stream_rows(self, stream, count):
        return sum(rows for _, rows in self.stream_blocks(stream, count))

    def read(self, stream, count, offset):
        """(Avro bytes, row count) of the stream's blocks from row `offset` on."""
        skipped = 0
        for name, rows in self.stream_blocks(stream, count):
            if skipped + rows <= offset:
                skipped += rows
                continue
            with open(os.path.join(self.directory, name), "rb") as handle:
                data = handle.read()
            inside = offset - skipped if offset > skipped else 0
            if inside:
                buffer = io.BytesIO(data)
                for _ in range(inside):
                    fastavro.schemaless_reader(buffer, self.parsed_schema, None)
                data = data[buffer.tell():]
            skipped += rows
            yield data, rows - inside


def day(days_dir, events):
    """The day of `events` events under `days_dir`, generated the first time it is asked for."""
    generated = min(events, BASE_EVENTS)
    directory = os.path.join(days_dir, str(generated))
    with _lock:
        if (directory, events) not in _days:
            if not os.path.exists(os.path.join(directory, "manifest.json")):
                generate_export_day.write_day(directory, generated, SEED, rows_per_block(generated))
            _days[(directory, events)] = ExportDay(directory, events)
        return _days[(directory, events)]
