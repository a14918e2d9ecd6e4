#!/usr/bin/env python3
"""Every CloudWatch alarm in template.yaml has its section (`### <LogicalId>`) in docs/runbook.md, and every
alarm section of the runbook names an alarm the template has. Exits 1 with one line per difference.

    python3 scripts/docs/check_runbook.py [repository root]
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

from check_function_pages import load_yaml


def alarms(template: Path) -> set[str]:
    document = load_yaml(template.read_text(encoding="utf-8"))
    return {name for name, resource in (document.get("Resources") or {}).items() if resource.get("Type") == "AWS::CloudWatch::Alarm"}


def runbook_sections(runbook: Path) -> set[str]:
    text = runbook.read_text(encoding="utf-8")
    section = text.split("## Alarms", 1)[1].split("\n## ", 1)[0] if "## Alarms" in text else ""
    return set(re.findall(r"^### (\w+)\s*$", section, flags=re.MULTILINE))


def check(root: Path) -> list[str]:
    in_template = alarms(root / "template.yaml")
    in_runbook = runbook_sections(root / "docs" / "runbook.md")
    return [f"docs/runbook.md: no section for the alarm {name}" for name in sorted(in_template - in_runbook)] + [
        f"docs/runbook.md: section {name} names no alarm of template.yaml" for name in sorted(in_runbook - in_template)
    ]


def main() -> int:
    root = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).resolve().parents[2])
    problems = check(root)
    for problem in problems:
        print(problem)
    if not problems:
        print(f"the runbook covers every alarm of the template ({len(alarms(root / 'template.yaml'))})")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
