"""Prints the template.yaml section of the GA4 BigQuery export: the Glue table (nested types written out in Hive
syntax, from ga4_export_schema.py and the promoted columns) and the named queries (from sql/ga4_export_*.sql).
Regenerate the section with it after changing the schema or a query; check_export_parquet.py and
check_ga4_export_queries.py fail when the template and the files differ."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ga4_export_expected import PROMOTED  # noqa: E402
from ga4_export_schema import TABLE_FIELDS  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
HIVE = {"STRING": "string", "INTEGER": "bigint", "FLOAT": "double", "BOOLEAN": "boolean", "INT32": "int",
        "TIMESTAMP_MS": "timestamp"}

# Resource name, query name, SQL file, description.
QUERIES = [
    ("GA4ExportDailySessionsQuery", "ga4-export-daily-sessions", "sql/ga4_export_daily_sessions.sql",
     "Sessions, engaged sessions, engagement rate and users per property and day (GA4 BigQuery export)."),
    ("GA4ExportDailyPageViewsQuery", "ga4-export-daily-page-views", "sql/ga4_export_daily_page_views.sql",
     "Page views and users per page, property and day (GA4 BigQuery export)."),
    ("GA4ExportConversionsBySourceMediumQuery", "ga4-export-conversions-by-source-medium",
     "sql/ga4_export_conversions_by_source_medium.sql",
     "Conversions, converting users and purchase revenue by session source and medium per day (GA4 BigQuery export)."),
]


def hive_type(field):
    if field["type"] == "RECORD":
        inner = "struct<" + ",".join(f"{c['name']}:{hive_type(c)}" for c in field["fields"]) + ">"
        return f"array<{inner}>" if field.get("mode") == "REPEATED" else inner
    return HIVE[field["type"]]


def section():
    lines = [
        "  # ---- GA4 BigQuery export: the events table in the export's own nested shape, and its named queries ----",
        "",
        "  GA4ExportEventsTable:",
        "    Type: AWS::Glue::Table",
        "    Condition: ShouldDeployGA4Ingest",
        "    Properties:",
        "      CatalogId: !Ref AWS::AccountId",
        "      DatabaseName: !Ref GA4Database",
        "      TableInput:",
        "        Name: export_events",
        "        Description: GA4 BigQuery export events (events_YYYYMMDD), one row per event, nested as GA4 writes them, plus promoted columns.",
        "        TableType: EXTERNAL_TABLE",
        "        Parameters: {classification: parquet, EXTERNAL: \"TRUE\"}",
        "        PartitionKeys:",
        "          - {Name: property_id, Type: string}",
        "          - {Name: dt, Type: string}",
        "        StorageDescriptor:",
        "          Location: !Sub \"s3://${GA4LakeBucket}/curated/ga4/export=events/\"",
        "          InputFormat: org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat",
        "          OutputFormat: org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat",
        "          SerdeInfo:",
        "            SerializationLibrary: org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe",
        "          Columns:",
    ]
    for field in TABLE_FIELDS + [{"name": n, "type": t} for n, t in PROMOTED]:
        lines.append(f"            - Name: {field['name']}")
        lines.append(f"              Type: \"{hive_type(field)}\"")
    for resource, name, path, description in QUERIES:
        with open(os.path.join(ROOT, path)) as handle:
            sql = handle.read().rstrip("\n")
        lines += ["", f"  {resource}:", "    Type: AWS::Athena::NamedQuery", "    Condition: ShouldDeployGA4Ingest",
                  "    Properties:", f"      Name: {name}", f"      Description: {description}",
                  "      Database: !Ref GA4Database", "      WorkGroup: !Ref AnalyticsWorkGroup", "      QueryString: |"]
        lines += [f"        {line}" if line else "" for line in sql.split("\n")]
    lines += ["", "  # ---- end of the GA4 BigQuery export section ----"]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.stdout.write(section())
