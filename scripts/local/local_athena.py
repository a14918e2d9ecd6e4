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
    glue_type = glue_type.strip().lower()
    if glue_type in TYPES:
        return TYPES[glue_type]
    decimal = re.fullmatch(r"decimal\((\d+),\s*(\d+)\)", glue_type)
    if decimal:
        return f"DECIMAL({decimal.group(1)},{decimal.group(2)})"
    if glue_type.startswith(("varchar", "char")):
        return "VARCHAR"
    raise ValueError(f"Glue type {glue_type!r} has no local mapping")


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
