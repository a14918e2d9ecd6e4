"""The page check finds each kind of drift, and passes a tree without any."""
from pathlib import Path

from check_function_pages import check

TEMPLATE = """
Resources:
  DemoFunction:
    Type: AWS::Serverless::Function
    Properties:
      Environment:
        Variables:
          DEMO_BUCKET: !Ref Bucket
          {extra_template}
"""
CODE = """
struct DemoConfiguration {{
    init(environment: LambdaEnvironment) throws(ConfigurationError) {{
        bucket = try environment.required("DEMO_BUCKET")
        limit = try environment.integer("DEMO_LIMIT", default: 3, range: 1...9)
        zone = environment["DEMO_ZONE"]
        {extra_code}
    }}
}}
"""
PAGE = """# Demo

## Environment variables

| Variable | Meaning |
|---|---|
| `DEMO_BUCKET` | bucket |
| `DEMO_LIMIT` | limit |
| `DEMO_ZONE` | zone |
{extra_page}
## What it writes
| `NOT_A_VARIABLE` | a later table is not the variables table |
"""
OVERVIEW = """# Overview

## Every function

| Variable | Meaning |
|---|---|
| `AWS_REGION` | region |
| `AWS_ENDPOINT_URL_<SERVICE>` | a pattern, not a name |
"""
SHARED = 'let region = environment["AWS_REGION"]\n'


def make_tree(root: Path, extra_code: str = "", extra_page: str = "", extra_template: str = "", page: bool = True) -> Path:
    (root / "Functions" / "Demo").mkdir(parents=True)
    (root / "Functions" / "Demo" / "DemoConfiguration.swift").write_text(CODE.format(extra_code=extra_code))
    (root / "Shared" / "LambdaRuntime").mkdir(parents=True)
    (root / "Shared" / "LambdaRuntime" / "Logger.swift").write_text(SHARED)
    (root / "docs" / "functions").mkdir(parents=True)
    (root / "docs" / "README.md").write_text(OVERVIEW)
    if page:
        (root / "docs" / "functions" / "Demo.md").write_text(PAGE.format(extra_page=extra_page))
    (root / "template.yaml").write_text(TEMPLATE.format(extra_template=extra_template))
    return root


def test_matching_tree_passes(tmp_path: Path) -> None:
    assert check(make_tree(tmp_path)) == []


def test_variable_read_but_not_documented(tmp_path: Path) -> None:
    root = make_tree(tmp_path, extra_code='mode = try environment.choice("DEMO_MODE", default: "a", allowed: ["a"])')
    assert check(root) == ["docs/functions/Demo.md: DEMO_MODE is read by Functions/Demo but not documented"]


def test_variable_documented_but_not_read(tmp_path: Path) -> None:
    root = make_tree(tmp_path, extra_page="| `DEMO_OLD` | removed long ago |\n")
    assert check(root) == ["docs/functions/Demo.md: DEMO_OLD is documented but Functions/Demo does not read it"]


def test_template_sets_a_variable_the_code_ignores(tmp_path: Path) -> None:
    root = make_tree(tmp_path, extra_template="DEMO_TYPO: x")
    assert check(root) == ["template.yaml: DemoFunction sets DEMO_TYPO, which Functions/Demo does not read"]


def test_missing_page(tmp_path: Path) -> None:
    assert check(make_tree(tmp_path, page=False)) == ["Demo: no reference page docs/functions/Demo.md"]


def test_shared_variable_not_in_overview(tmp_path: Path) -> None:
    root = make_tree(tmp_path)
    (root / "Shared" / "LambdaRuntime" / "Logger.swift").write_text(SHARED + 'let level = environment["LOG_LEVEL"]\n')
    assert check(root) == ["docs/README.md: LOG_LEVEL is read by the shared modules but not documented"]


def test_runbook_check_finds_a_missing_and_a_stale_alarm(tmp_path: Path) -> None:
    from check_runbook import check as check_runbook

    (tmp_path / "docs").mkdir()
    (tmp_path / "template.yaml").write_text(
        "Resources:\n  NewAlarm:\n    Type: AWS::CloudWatch::Alarm\n  KeptAlarm:\n    Type: AWS::CloudWatch::Alarm\n")
    (tmp_path / "docs" / "runbook.md").write_text("# Runbook\n\n## Alarms\n\n### KeptAlarm\n\n### OldAlarm\n\n## Routine\n\n### Deploy\n")
    assert check_runbook(tmp_path) == [
        "docs/runbook.md: no section for the alarm NewAlarm",
        "docs/runbook.md: section OldAlarm names no alarm of template.yaml",
    ]
