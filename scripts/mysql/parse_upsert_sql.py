"""Parses generated upsert statements with sqlglot's MySQL dialect and prints what they would do, as JSON, so tests
can check that every value stayed a literal and the statement kept its shape.

Input (stdin): a JSON list of statements. Output: a JSON list, one object per statement:
  {"table": "db.t", "columns": [...], "rows": [[value, ...], ...], "updates": {"col": "source sql"}, "alias": ...}
A value is a string, null, or {"hex": "..."}; numbers stay strings as written.
"""
import json
import sys

import sqlglot
from sqlglot import exp


def literal(node):
    if isinstance(node, exp.Null):
        return None
    if isinstance(node, exp.HexString):
        return {"hex": node.this.upper()}
    if isinstance(node, exp.Neg):
        return "-" + literal(node.this)
    if isinstance(node, exp.Literal):
        return node.this
    raise ValueError(f"not a literal: {node.sql(dialect='mysql')!r} ({type(node).__name__})")


def describe(sql):
    statements = sqlglot.parse(sql, read="mysql")
    if len(statements) != 1:
        raise ValueError(f"{len(statements)} statements")
    insert = statements[0]
    if not isinstance(insert, exp.Insert):
        raise ValueError(f"not an INSERT: {type(insert).__name__}")
    schema = insert.this
    table = schema.this
    values = insert.expression
    if not isinstance(values, exp.Values):
        raise ValueError("INSERT without VALUES")
    rows = [[literal(v) for v in tuple_.expressions] for tuple_ in values.expressions]
    updates = {}
    for assignment in insert.args.get("conflict").args.get("expressions") or []:
        updates[assignment.this.name] = assignment.expression.sql(dialect="mysql")
    alias = values.args.get("alias")
    return {
        "table": f"{table.db}.{table.name}",
        "columns": [c.name for c in schema.expressions],
        "rows": rows,
        "updates": updates,
        "alias": alias.name if alias else None,
    }


def main():
    out = []
    for sql in json.load(sys.stdin):
        try:
            out.append(describe(sql))
        except Exception as error:  # reported to the test, which fails on it
            out.append({"error": str(error)})
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
