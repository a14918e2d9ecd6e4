"""The lake's rows for a generated export day, computed here independently of the Swift writer: the export's columns
in the table's fixed shape (a column the session lacks is NULL, a column the table does not know is dropped) and the
promoted columns (first occurrence of a parameter key wins; `event_key` as Shared/GA4Export/EventKey.swift
specifies the hashed bytes)."""
import hashlib
import math
import struct

from ga4_export_schema import TABLE_FIELDS

INT_KEYS = ("ga_session_id", "ga_session_number", "engagement_time_msec")
STRING_KEYS = ("page_location", "page_referrer", "page_title", "source", "medium", "campaign")
PROMOTED = [("ga_session_id", "INTEGER"), ("ga_session_number", "INTEGER"), ("engagement_time_msec", "INTEGER"),
            ("page_location", "STRING"), ("page_referrer", "STRING"), ("page_title", "STRING"), ("source", "STRING"),
            ("medium", "STRING"), ("campaign", "STRING"), ("session_engaged", "INT32"), ("event_ts", "TIMESTAMP_MS"),
            ("event_key", "STRING")]


def lake_value(field, value):
    if value is None:
        return None
    if field["type"] != "RECORD":
        return value
    if field.get("mode") == "REPEATED":
        return [lake_record(field["fields"], element) for element in value]
    return lake_record(field["fields"], value)


def lake_record(fields, record):
    return {f["name"]: lake_value(f, record.get(f["name"])) for f in fields}


def first_params(row):
    found = {}
    for param in row.get("event_params") or []:
        key = param.get("key")
        if key not in found:
            found[key] = param
    return found


def _int(param):
    value = param.get("value") if param else None
    return None if value is None else value.get("int_value")


def _string(param):
    value = param.get("value") if param else None
    return None if value is None else value.get("string_value")


def _s(value):
    if value is None:
        return b"\x00"
    data = value.encode("utf-8")
    return b"\x01" + struct.pack("<I", len(data)) + data


def _i(value):
    return b"\x00" if value is None else b"\x01" + struct.pack("<q", value)


def _d(value):
    if value is None:
        return b"\x00"
    if math.isnan(value):
        return b"\x01" + struct.pack("<Q", 0x7FF8000000000000)
    return b"\x01" + struct.pack("<d", value)


def event_key(row, ga_session_id):
    head = (_s(row.get("event_date")) + _s(row.get("stream_id")) + _s(row.get("user_pseudo_id")) + _i(ga_session_id)
            + _s(row.get("event_name")) + _i(row.get("event_timestamp")))
    params = []
    for param in row.get("event_params") or []:
        value = param.get("value")
        encoded = _s(param.get("key"))
        if value is None:
            encoded += b"\x00"
        else:
            encoded += (b"\x01" + _s(value.get("string_value")) + _i(value.get("int_value"))
                        + _d(value.get("float_value")) + _d(value.get("double_value")))
        params.append(encoded)
    data = head + struct.pack("<I", len(params)) + b"".join(sorted(params))
    return hashlib.sha256(data).hexdigest()


def promoted(row):
    found = first_params(row)
    out = {key: _int(found.get(key)) for key in INT_KEYS}
    out.update({key: _string(found.get(key)) for key in STRING_KEYS})
    engaged = found.get("session_engaged")
    number = _int(engaged)
    if number is not None:
        out["session_engaged"] = number if -2**31 <= number < 2**31 else None
    else:
        text = _string(engaged)
        out["session_engaged"] = 1 if text == "1" else 0 if text == "0" else None
    timestamp = row.get("event_timestamp")
    out["event_ts"] = None if timestamp is None else timestamp // 1000
    out["event_key"] = event_key(row, out["ga_session_id"])
    return out


def lake_row(row):
    out = lake_record(TABLE_FIELDS, row)
    out.update(promoted(row))
    return out
