#!/usr/bin/env python3
"""Keeps the function reference pages (docs/functions/<Name>.md) in step with the code and the template.

For every function under Functions/:
  - its page exists;
  - every environment variable its code reads is in the page's "Environment variables" table, and every
    variable in that table is read by the code;
  - every variable template.yaml sets for `<Name>Function` is read by the code.
The "Every function" table of docs/README.md is checked the same way against what the shared modules read.
Exits 1 with one line per difference.

    python3 scripts/docs/check_function_pages.py [repository root]
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "local"))
from cloudformation import load_yaml  # noqa: E402

# How the code reads a variable: `environment.required("X")`, `environment.integer("X", …)`, `environment["X"]`,
# `value("X")` (AWSConfiguration), and `variable: "X"` in a ConfigurationError about one.
READ_PATTERNS = [
    re.compile(r'\benvironment\s*(?:\.\s*[A-Za-z]+\s*\(|\[)\s*"([A-Z][A-Z0-9_]+)"'),
    re.compile(r'\bvalue\(\s*"([A-Z][A-Z0-9_]+)"'),
    re.compile(r'\bvariable:\s*"([A-Z][A-Z0-9]*_[A-Z0-9_]+)"'),  # "AWS" names a group, not a variable
    re.compile(r'\bprefixed\(\s*"([A-Z][A-Z0-9_]+_)"'),
]
TABLE_NAME = re.compile(r"^\|\s*`([A-Z][A-Z0-9_<>]+)`\s*\|")


def variables_read(folder: Path) -> set[str]:
    names: set[str] = set()
    for source in sorted(folder.rglob("*.swift")):
        text = source.read_text(encoding="utf-8")
        for pattern in READ_PATTERNS:
            names.update(pattern.findall(text))
    return names


def documented(page: Path, heading: str) -> set[str] | None:
    """Names in the first column of the table under `## <heading>`; None when the section is missing."""
    lines = page.read_text(encoding="utf-8").splitlines()
    try:
        start = next(i for i, line in enumerate(lines) if line.strip() == f"## {heading}")
    except StopIteration:
        return None
    names: set[str] = set()
    for line in lines[start + 1:]:
        if line.startswith("## "):
            break
        match = TABLE_NAME.match(line)
        if match:
            names.add(match.group(1))
    return names


def template_variables(template: Path) -> dict[str, set[str]]:
    """Function name (without the `Function` suffix) → the variables the template sets for it."""
    document = load_yaml(template.read_text(encoding="utf-8"))
    result: dict[str, set[str]] = {}
    for logical_id, resource in (document.get("Resources") or {}).items():
        if resource.get("Type") != "AWS::Serverless::Function" or not logical_id.endswith("Function"):
            continue
        variables = ((resource.get("Properties") or {}).get("Environment") or {}).get("Variables") or {}
        result[logical_id[: -len("Function")]] = set(variables)
    return result


def check(root: Path) -> list[str]:
    problems: list[str] = []
    from_template = template_variables(root / "template.yaml")
    for folder in sorted(p for p in (root / "Functions").iterdir() if p.is_dir()):
        name = folder.name
        page = root / "docs" / "functions" / f"{name}.md"
        read = variables_read(folder)
        if not page.exists():
            problems.append(f"{name}: no reference page docs/functions/{name}.md")
            continue
        table = documented(page, "Environment variables")
        if table is None:
            problems.append(f"{page.relative_to(root)}: no '## Environment variables' section")
            continue
        for variable in sorted(read - table):
            problems.append(f"{page.relative_to(root)}: {variable} is read by Functions/{name} but not documented")
        for variable in sorted(table - read):
            problems.append(f"{page.relative_to(root)}: {variable} is documented but Functions/{name} does not read it")
        for variable in sorted(from_template.get(name, set()) - read):
            problems.append(f"template.yaml: {name}Function sets {variable}, which Functions/{name} does not read")

    shared_read = variables_read(root / "Shared")
    overview = root / "docs" / "README.md"
    common = documented(overview, "Every function") if overview.exists() else None
    if common is None:
        problems.append("docs/README.md: no '## Every function' section")
    else:
        for variable in sorted(shared_read - common):
            problems.append(f"docs/README.md: {variable} is read by the shared modules but not documented")
        for variable in sorted(v for v in common - shared_read if "<" not in v):
            problems.append(f"docs/README.md: {variable} is documented but no shared module reads it")
    return problems


def main() -> int:
    root = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).resolve().parents[2])
    problems = check(root)
    for problem in problems:
        print(problem)
    if problems:
        return 1
    print(f"function reference pages match the code and the template ({len(list((root / 'Functions').iterdir()))} functions)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
