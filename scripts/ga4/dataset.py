"""The generated GA4 dataset: deterministic facts per property and day, and reports computed from them the
way the Data API computes them (group by the requested dimensions, sum the counts, ratios of sums, filters,
ordering, `(other)` rows, thresholding, empty-row dropping, totals/maximums/minimums)."""

import datetime
import hashlib
import random
import re

from catalog import DIMENSIONS, METRICS, SUM_COLUMNS

SOURCES = [("google", "organic"), ("(direct)", "(none)"), ("bing", "organic"), ("newsletter", "email"),
           ("facebook.com", "referral"), ("google", "cpc"), ("t.co", "referral"), ("duckduckgo", "organic")]
CAMPAIGNS = ["(not set)", "(organic)", "spring_sale", "launch \"2025\""]
DEVICES = ["desktop", "mobile", "tablet"]
COUNTRIES = ["United States", "Germany", "Japan", "Brazil", "Côte d'Ivoire", "(not set)"]
HOSTS = ["www.example.com", "shop.example.com"]
# Paths that exercise JSON escaping and UTF-8 in the decoder.
SPECIAL_PATHS = ["/", "/search?q=\"shoes\"", "/café/crème", "/emoji/😀", "/back\\slash", "/tab\tpath", "(not set)"]


def page_path(index):
    if index < len(SPECIAL_PATHS):
        return SPECIAL_PATHS[index]
    return f"/products/item-{index:05d}" if index % 3 else f"/blog/{index:05d}-a-long-article-title-about-analytics"


class PropertyConfig:
    """How one test property behaves; set through the control endpoint."""

    def __init__(self, spec):
        self.facts_per_day = int(spec.get("factsPerDay", 200))
        self.path_pool = int(spec.get("pathPool", 50))
        self.other_row_after = spec.get("otherRowAfter")  # max groups before the rest fold into (other)
        self.thresholded = bool(spec.get("thresholded", False))
        self.threshold_users = int(spec.get("thresholdUsers", 2))
        self.sampled = bool(spec.get("sampled", False))
        self.time_zone = spec.get("timeZone", "America/Los_Angeles")
        self.currency_code = spec.get("currencyCode", "USD")
        self.allowed_emails = spec.get("allowedEmails")  # None: the server's own service account
        self.seed = str(spec.get("seed", "ga4"))


def facts(property_id, day, config):
    """The generated facts of one property and day: one dict per row, every dimension set."""
    rng = random.Random(hashlib.sha256(f"{config.seed}/{property_id}/{day.isoformat()}".encode()).digest())
    rows = []
    for _ in range(config.facts_per_day):
        source, medium = SOURCES[rng.randrange(len(SOURCES))]
        path = page_path(rng.randrange(config.path_pool))
        fact = {
            "date": day.strftime("%Y%m%d"),
            "hostName": HOSTS[rng.randrange(len(HOSTS))],
            "pagePath": path,
            "pageTitle": "Home" if path == "/" else f"Title of {path}",
            "sessionSource": source,
            "sessionMedium": medium,
            "sessionCampaignName": CAMPAIGNS[rng.randrange(len(CAMPAIGNS))],
            "deviceCategory": DEVICES[rng.randrange(len(DEVICES))],
            "country": COUNTRIES[rng.randrange(len(COUNTRIES))],
        }
        if rng.random() < 0.03:
            # Facts whose metrics are all zero: dropped unless keepEmptyRows.
            for name in SUM_COLUMNS:
                fact[name] = 0
        else:
            sessions = rng.randint(1, 20)
            active = rng.randint(1, sessions)
            views = rng.randint(sessions, sessions * 4)
            fact.update({
                "sessions": sessions,
                "engagedSessions": rng.randint(0, sessions),
                "activeUsers": active,
                "totalUsers": active + rng.randint(0, 2),
                "newUsers": rng.randint(0, active),
                "screenPageViews": views,
                "eventCount": views + rng.randint(sessions, sessions * 3),
                "keyEvents": rng.randint(0, 2),
                "userEngagementDuration": round(rng.uniform(1, 600) * sessions, 3),
                "purchaseRevenue": round(rng.uniform(0, 80), 2) if rng.random() < 0.2 else 0,
            })
        rows.append(fact)
    return rows


class InvalidArgument(Exception):
    """A request the API would refuse with 400 INVALID_ARGUMENT; the message is the API's wording."""


def resolve_date(text, today):
    if text == "today":
        return today
    if text == "yesterday":
        return today - datetime.timedelta(days=1)
    match = re.fullmatch(r"(\d+)daysAgo", text)
    if match:
        return today - datetime.timedelta(days=int(match.group(1)))
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise InvalidArgument(f"Invalid date: {text}. Date must be in the format YYYY-MM-DD, NdaysAgo, yesterday, or today.")


def string_matches(value, spec):
    match_type = spec.get("matchType", "EXACT")
    expected = spec.get("value", "")
    if not spec.get("caseSensitive", False):
        value, expected = value.lower(), expected.lower()
    if match_type == "EXACT":
        return value == expected
    if match_type == "BEGINS_WITH":
        return value.startswith(expected)
    if match_type == "ENDS_WITH":
        return value.endswith(expected)
    if match_type == "CONTAINS":
        return expected in value
    if match_type == "FULL_REGEXP":
        return re.fullmatch(expected, value) is not None
    if match_type == "PARTIAL_REGEXP":
        return re.search(expected, value) is not None
    raise InvalidArgument(f"Unsupported matchType {match_type}")


def numeric_value(spec):
    if "int64Value" in spec:
        return int(spec["int64Value"])
    return float(spec.get("doubleValue", 0))


def evaluate(expression, row):
    """A FilterExpression (as JSON) against a row of field values."""
    if "andGroup" in expression:
        return all(evaluate(e, row) for e in expression["andGroup"].get("expressions", []))
    if "orGroup" in expression:
        return any(evaluate(e, row) for e in expression["orGroup"].get("expressions", []))
    if "notExpression" in expression:
        return not evaluate(expression["notExpression"], row)
    spec = expression.get("filter", {})
    value = row[spec["fieldName"]]
    if "stringFilter" in spec:
        return string_matches(str(value), spec["stringFilter"])
    if "inListFilter" in spec:
        values = spec["inListFilter"].get("values", [])
        if spec["inListFilter"].get("caseSensitive", False):
            return value in values
        return str(value).lower() in [v.lower() for v in values]
    if "emptyFilter" in spec:
        return value in ("", "(not set)")
    if "numericFilter" in spec:
        operation = spec["numericFilter"].get("operation")
        other = numeric_value(spec["numericFilter"].get("value", {}))
        return {"EQUAL": value == other, "LESS_THAN": value < other, "LESS_THAN_OR_EQUAL": value <= other,
                "GREATER_THAN": value > other, "GREATER_THAN_OR_EQUAL": value >= other}[operation]
    if "betweenFilter" in spec:
        return numeric_value(spec["betweenFilter"]["fromValue"]) <= value <= numeric_value(spec["betweenFilter"]["toValue"])
    raise InvalidArgument("A filter must set one of stringFilter, inListFilter, numericFilter, betweenFilter, emptyFilter.")


def field_names(expression):
    if "andGroup" in expression or "orGroup" in expression:
        group = expression.get("andGroup") or expression.get("orGroup")
        return [n for e in group.get("expressions", []) for n in field_names(e)]
    if "notExpression" in expression:
        return field_names(expression["notExpression"])
    return [expression.get("filter", {}).get("fieldName", "")]


def metric_value(name, sums):
    kind, definition = METRICS[name][3], METRICS[name][4]
    if kind == "sum":
        return sums[name]
    numerator, denominator = definition
    return sums[numerator] / sums[denominator] if sums[denominator] else 0.0


def format_metric(name, value):
    if METRICS[name][1] == "TYPE_INTEGER":
        return str(int(value))
    value = float(value)
    return str(int(value)) if value.is_integer() else repr(value)


def validate_names(request):
    dimensions = [d.get("name", "") for d in request.get("dimensions", [])]
    metrics = [m.get("name", "") for m in request.get("metrics", [])]
    for name in dimensions:
        if name not in DIMENSIONS:
            raise InvalidArgument(f"Field {name} is not a valid dimension. For a list of valid dimensions and metrics, "
                                  "see https://developers.google.com/analytics/devguides/reporting/data/v1/api-schema ")
    for name in metrics:
        if name not in METRICS:
            raise InvalidArgument(f"Field {name} is not a valid metric. For a list of valid dimensions and metrics, "
                                  "see https://developers.google.com/analytics/devguides/reporting/data/v1/api-schema ")
    if len(dimensions) > 9:
        raise InvalidArgument(f"Requests are limited to 9 dimensions within a single request. Please remove some dimensions.")
    if len(metrics) > 10:
        raise InvalidArgument(f"Requests are limited to 10 metrics within a single request. Please remove some metrics.")
    if not metrics and not dimensions:
        raise InvalidArgument("At least one dimension or metric must be requested.")
    for expression, allowed, kind in ((request.get("dimensionFilter"), dimensions, "dimension"),
                                      (request.get("metricFilter"), metrics, "metric")):
        for name in field_names(expression) if expression else []:
            if name not in (DIMENSIONS if kind == "dimension" else METRICS):
                raise InvalidArgument(f"Field {name} is not a valid {kind}. For a list of valid dimensions and metrics, "
                                      "see https://developers.google.com/analytics/devguides/reporting/data/v1/api-schema ")
    for order in request.get("orderBys", []):
        if "dimension" in order and order["dimension"].get("dimensionName") not in dimensions:
            raise InvalidArgument(f"Field {order['dimension'].get('dimensionName')} in orderBys must also be requested as a dimension.")
        if "metric" in order and order["metric"].get("metricName") not in metrics:
            raise InvalidArgument(f"Field {order['metric'].get('metricName')} in orderBys must also be requested as a metric.")
    return dimensions, metrics


def sort_key_for(order, dimensions, metrics):
    desc = order.get("desc", False)
    if "metric" in order:
        index = metrics.index(order["metric"]["metricName"])
        return lambda row: row[1][index], desc
    name = order["dimension"]["dimensionName"]
    index = dimensions.index(name)
    order_type = order["dimension"].get("orderType", "ALPHANUMERIC")
    if order_type == "NUMERIC":
        def numeric(row):
            try:
                return (0, float(row[0][index]))
            except ValueError:
                return (1, row[0][index])
        return numeric, desc
    if order_type == "CASE_INSENSITIVE_ALPHANUMERIC":
        return lambda row: row[0][index].lower(), desc
    return lambda row: row[0][index], desc


def run_report(property_id, request, config, today):
    """The complete result of a RunReportRequest (as a dict in the API's JSON names): every row, in order,
    before offset/limit. Returns (rows, aggregates, metadata) where rows are (dimension values, metric values)."""
    dimensions, metrics = validate_names(request)
    ranges = request.get("dateRanges", [])
    if not ranges:
        raise InvalidArgument("A date range must be specified.")
    if len(ranges) > 4:
        raise InvalidArgument("Requests are limited to 4 date ranges.")
    keep_empty = request.get("keepEmptyRows", False)
    groups = {}
    order_of_groups = []
    for range_index, date_range in enumerate(ranges):
        start = resolve_date(date_range.get("startDate", ""), today)
        end = resolve_date(date_range.get("endDate", ""), today)
        if start > end:
            raise InvalidArgument(f"The dateRange startDate {start} must not be after endDate {end}.")
        if (end - start).days > 366 * 5:
            raise InvalidArgument("Date ranges are limited to 5 years.")
        range_name = date_range.get("name") or f"date_range_{range_index}"
        day = start
        while day <= end:
            for fact in facts(property_id, day, config):
                row_fields = dict(fact)
                row_fields["dateRange"] = range_name
                if request.get("dimensionFilter") and not evaluate(request["dimensionFilter"], row_fields):
                    continue
                key = tuple(row_fields[d] for d in dimensions) + ((range_name,) if len(ranges) > 1 else ())
                if key not in groups:
                    groups[key] = {name: 0 for name in SUM_COLUMNS}
                    order_of_groups.append(key)
                for name in SUM_COLUMNS:
                    groups[key][name] += fact[name]
            day += datetime.timedelta(days=1)

    rows = []
    for key in order_of_groups:
        sums = groups[key]
        values = [metric_value(name, sums) for name in metrics]
        if not keep_empty and all(sums[name] == 0 for name in SUM_COLUMNS):
            continue
        if request.get("metricFilter") and not evaluate(request["metricFilter"], dict(zip(metrics, values))):
            continue
        rows.append((list(key), values, sums))

    metadata = {"currencyCode": config.currency_code, "timeZone": config.time_zone}
    if config.thresholded:
        metadata["subjectToThresholding"] = True
        rows = [row for row in rows if row[2]["activeUsers"] == 0 or row[2]["activeUsers"] >= config.threshold_users]
    if config.other_row_after is not None and len(rows) > int(config.other_row_after):
        keep = int(config.other_row_after) - 1
        ranked = sorted(rows, key=lambda row: (-row[2]["sessions"], row[0]))
        kept, folded = ranked[:keep], ranked[keep:]
        other_sums = {name: sum(row[2][name] for row in folded) for name in SUM_COLUMNS}
        other_key = ["(other)"] * len(rows[0][0])
        rows = kept + [(other_key, [metric_value(name, other_sums) for name in metrics], other_sums)]
        metadata["dataLossFromOtherRow"] = True
    if config.sampled:
        metadata["samplingMetadatas"] = [
            {"samplesReadCount": str(config.facts_per_day * 37), "samplingSpaceSize": str(config.facts_per_day * 100)}
            for _ in ranges
        ]

    orders = request.get("orderBys") or [{"dimension": {"dimensionName": d}} for d in dimensions]
    for order in reversed(orders):
        key, desc = sort_key_for(order, dimensions, metrics)
        rows.sort(key=key, reverse=desc)

    aggregates = {}
    requested = request.get("metricAggregations", [])
    width = len(dimensions) + (1 if len(ranges) > 1 else 0)
    if rows and "TOTAL" in requested:
        total_sums = {name: sum(row[2][name] for row in rows) for name in SUM_COLUMNS}
        aggregates["totals"] = [(["RESERVED_TOTAL"] * width, [metric_value(name, total_sums) for name in metrics])]
    if rows and "MAXIMUM" in requested:
        aggregates["maximums"] = [(["RESERVED_MAX"] * width, [max(row[1][i] for row in rows) for i in range(len(metrics))])]
    if rows and "MINIMUM" in requested:
        aggregates["minimums"] = [(["RESERVED_MIN"] * width, [min(row[1][i] for row in rows) for i in range(len(metrics))])]
    headers = dimensions + (["dateRange"] if len(ranges) > 1 else [])
    return headers, metrics, [(row[0], row[1]) for row in rows], aggregates, metadata


def row_json(dimension_values, metric_names, metric_values):
    return {
        "dimensionValues": [{"value": value} for value in dimension_values],
        "metricValues": [{"value": format_metric(name, value)} for name, value in zip(metric_names, metric_values)],
    }


def response_json(headers, metrics, page_rows, row_count, aggregates, metadata, quota):
    """A RunReportResponse in proto3 JSON: default values (false, 0, empty lists) are left out, as the API does."""
    body = {
        "dimensionHeaders": [{"name": name} for name in headers],
        "metricHeaders": [{"name": name, "type": METRICS[name][1]} for name in metrics],
    }
    if page_rows:
        body["rows"] = [row_json(d, metrics, m) for d, m in page_rows]
    for name in ("totals", "maximums", "minimums"):
        if name in aggregates:
            body[name] = [row_json(d, metrics, m) for d, m in aggregates[name]]
    if row_count:
        body["rowCount"] = row_count
    body["metadata"] = metadata
    if quota is not None:
        body["propertyQuota"] = quota
    body["kind"] = "analyticsData#runReport"
    return body
