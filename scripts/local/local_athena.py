"""A local Athena: every table in moto's Glue catalog as a DuckDB view over the Parquet objects in moto's S3.

Only what the catalog knows is visible, as in Athena: a partitioned table reads exactly the objects under the
locations of its registered partitions (with the partition values as columns), so a table whose partitions were
never registered reads as empty. Columns are read by name, as Athena reads Parquet through Glue; a column no file
has reads as NULL. Objects whose names start with `_` or `.` are skipped, as Athena skips them.
"""
from __future__ import annotations

import os
import re
from pathlib import Path

import duckdb

TYPES = {"string": "VARCHAR", "bigint": "BIGINT", "int": "INTEGER", "smallint": "SMALLINT", "tinyint": "TINYINT",
         "double": "DOUBLE", "float": "FLOAT", "boolean": "BOOLEAN", "timestamp": "TIMESTAMP", "date": "DATE",
         "binary": "BLOB"}


def duckdb_type(glue_type: str) -> str:
    """The DuckDB type of a Glue (Hive) column type, nested types included: `array<T>` is `T[]`,
    `struct<a:T,...>` is `STRUCT("a" T, ...)`, `map<K,V>` is `MAP(K, V)`."""
    text = glue_type.strip()
    lower = text.lower()
    if lower in TYPES:
        return TYPES[lower]
    decimal = re.fullmatch(r"decimal\((\d+),\s*(\d+)\)", lower)
    if decimal:
        return f"DECIMAL({decimal.group(1)},{decimal.group(2)})"
    if lower.startswith(("varchar", "char")):
        return "VARCHAR"
    nested = re.fullmatch(r"(array|struct|map)\s*<(.*)>", text, flags=re.S | re.I)
    if nested:
        kind, inner = nested.group(1).lower(), nested.group(2)
        parts = _top_level_split(inner)
        if kind == "array" and len(parts) == 1:
            return f"{duckdb_type(parts[0])}[]"
        if kind == "map" and len(parts) == 2:
            return f"MAP({duckdb_type(parts[0])}, {duckdb_type(parts[1])})"
        if kind == "struct" and parts:
            fields = []
            for part in parts:
                name, separator, field_type = part.partition(":")
                if not separator:
                    break
                fields.append(f"{_quote(name.strip())} {duckdb_type(field_type)}")
            else:
                return f"STRUCT({', '.join(fields)})"
    raise ValueError(f"Glue type {glue_type!r} has no local mapping")


def _top_level_split(text: str) -> list[str]:
    """`a:int,b:struct<c:int,d:int>` into its top-level members (commas inside <> or () stay)."""
    parts, depth, start = [], 0, 0
    for index, character in enumerate(text):
        if character in "<(":
            depth += 1
        elif character in ">)":
            depth -= 1
        elif character == "," and depth == 0:
            parts.append(text[start:index])
            start = index + 1
    parts.append(text[start:])
    return [part.strip() for part in parts if part.strip()]


def _quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


class LocalAthena:
    def __init__(self, glue, s3, mirror: Path):
        self.glue = glue
        self.s3 = s3
        self.mirror = mirror
        self.connection = duckdb.connect()
        self.connection.execute("SET TimeZone = 'UTC'")
        self.tables: dict[str, dict] = {}

    def refresh(self) -> dict[str, int]:
        """(Re)creates a view per table of every database; returns the rows each view reads."""
        counts = {}
        for database in self.glue.get_databases()["DatabaseList"]:
            self.connection.execute(f"CREATE SCHEMA IF NOT EXISTS {_quote(database['Name'])}")
            for table in self.glue.get_tables(DatabaseName=database["Name"])["TableList"]:
                qualified = f"{_quote(database['Name'])}.{_quote(table['Name'])}"
                self.connection.execute(f"CREATE OR REPLACE VIEW {qualified} AS {self._select(database['Name'], table)}")
                counts[f"{database['Name']}.{table['Name']}"] = self.connection.execute(f"SELECT count(*) FROM {qualified}").fetchone()[0]
                self.tables[f"{database['Name']}.{table['Name']}"] = table
        return counts

    def _files(self, location: str) -> list[str]:
        match = re.fullmatch(r"s3://([^/]+)/(.*)", location)
        if not match:
            raise ValueError(f"{location} is not an s3:// location")
        bucket, prefix = match.groups()
        if prefix and not prefix.endswith("/"):
            prefix += "/"
        files = []
        for page in self.s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
            for item in page.get("Contents", []):
                relative = item["Key"][len(prefix):]
                if any(part.startswith(("_", ".")) for part in relative.split("/")) or item["Key"].endswith("/"):
                    continue
                path = self.mirror / bucket / item["Key"]
                if not path.exists() or path.stat().st_size != item["Size"]:
                    path.parent.mkdir(parents=True, exist_ok=True)
                    self.s3.download_file(bucket, item["Key"], str(path))
                files.append(str(path))
        return sorted(files)

    def _select(self, database: str, table: dict) -> str:
        descriptor = table.get("StorageDescriptor") or {}
        columns = [(c["Name"], duckdb_type(c["Type"])) for c in descriptor.get("Columns", [])]
        keys = [(k["Name"], duckdb_type(k["Type"])) for k in table.get("PartitionKeys", [])]
        empty = "SELECT " + ", ".join(f"CAST(NULL AS {t}) AS {_quote(n)}" for n, t in columns + keys) + " WHERE false"
        if keys:
            partitions = []
            for page in self.glue.get_paginator("get_partitions").paginate(DatabaseName=database, TableName=table["Name"]):
                partitions += page["Partitions"]
            parts = []
            for partition in partitions:
                files = self._files(partition["StorageDescriptor"]["Location"])
                if files:
                    constants = [f"CAST({_literal(v)} AS {t}) AS {_quote(n)}" for (n, t), v in zip(keys, partition["Values"])]
                    parts.append(self._read(files, columns, constants))
            return " UNION ALL ".join(parts) if parts else empty
        files = self._files(descriptor.get("Location", ""))
        return self._read(files, columns, []) if files else empty

    def _read(self, files: list[str], columns: list[tuple[str, str]], constants: list[str]) -> str:
        source = "read_parquet([" + ", ".join(_literal(f) for f in files) + "], union_by_name = true)"
        present = {row[0] for row in self.connection.execute(f"DESCRIBE SELECT * FROM {source}").fetchall()}
        selected = [f"CAST({_quote(n)} AS {t}) AS {_quote(n)}" if n in present else f"CAST(NULL AS {t}) AS {_quote(n)}"
                    for n, t in columns]
        return f"SELECT {', '.join(selected + constants)} FROM {source}"

    def query(self, sql: str, database: str):
        self.connection.execute(f"SET schema = {_literal(database)}")
        return self.connection.sql(sql)
